/** Byte helpers for short pieces, where memory.copy's call costs more than it saves. */

/** Whether n bytes at a and b are equal. */
@inline
export function same(a: usize, b: usize, n: usize): bool {
  let k: usize = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  for (; k < n; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

/**
 * Copies n bytes to the output, 16 at a time: it may write up to 15 bytes past dst + n (the next
 * piece overwrites them) and read up to 15 past src + n (every region has that much after it).
 */
@inline
export function putOut(dst: usize, src: usize, n: usize): usize {
  for (let k: usize = 0; k < n; k += 16) v128.store(dst + k, v128.load(src + k));
  return dst + n;
}

/** Copies exactly n bytes from src to dst; returns dst + n. */
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

/** The index of the first `byte` at or after p, or `end` when there is none before it. */
@inline
export function find(p: usize, end: usize, byte: u8): usize {
  const wanted = i8x16.splat(byte);
  while (p + 16 <= end) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(p), wanted));
    if (mask != 0) return p + <usize>ctz(mask);
    p += 16;
  }
  while (p < end && load<u8>(p) != byte) p++;
  return p;
}

/** Whether [p, end) holds only ASCII (so it cannot hide invalid UTF-8). */
export function isAscii(p: usize, end: usize): bool {
  for (let i = p; i < end; i++) if (load<u8>(i) >= 128) return false;
  return true;
}
