/** Byte helpers for short pieces, where memory.copy's call costs more than it saves. */

/** Whether n bytes at a and b are equal. */
@inline
export function same(a: usize, b: usize, n: usize): bool {
  let k: usize = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  for (; k < n; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

/** Copies n bytes from src to dst; returns dst + n. */
@inline
export function put(dst: usize, src: usize, n: usize): usize {
  let k: usize = 0;
  while (k + 8 <= n) {
    store<u64>(dst + k, load<u64>(src + k));
    k += 8;
  }
  while (k < n) {
    store<u8>(dst + k, load<u8>(src + k));
    k++;
  }
  return dst + n;
}

/** Whether [p, end) holds only ASCII (so it cannot hide invalid UTF-8). */
export function isAscii(p: usize, end: usize): bool {
  for (let i = p; i < end; i++) if (load<u8>(i) >= 128) return false;
  return true;
}
