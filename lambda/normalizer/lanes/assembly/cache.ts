/**
 * Caches of the host's answers: spellings (field keys, metrics, units) and converted values, so the
 * host is asked once per distinct spelling or value, not once per row.
 */
import { put, same } from "./bytes";
import { convert, intern, KIND_KEY, KIND_UNIT } from "./host";
import {
  ARENA,
  ARENA_END,
  CONVERTED,
  CONVERTED_BYTES,
  CONVERTED_COUNT,
  CONVERTED_TEXT_CAP,
  HOLD,
  SCRATCH,
  SCRATCH_CAP,
  SLOT_BYTES,
  SLOT_COUNT,
  SLOTS,
} from "./layout";

let arenaTop: usize = ARENA;
let slotsUsed: u32 = 0;
/** Where the bytes of the last answer (lookup or converted) are. */
export let foundBytes: usize = 0;

/** The host's answer for a spelling, from the cache or asked once. */
export function lookup(kind: i32, ptr: usize, len: usize): i32 {
  let hash: u32 = 2166136261 ^ <u32>kind;
  let i: usize = 0;
  for (; i + 4 <= len; i += 4) hash = (hash ^ load<u32>(ptr + i)) * 16777619;
  for (; i < len; i++) hash = (hash ^ load<u8>(ptr + i)) * 16777619;
  let slot = hash & (SLOT_COUNT - 1);
  while (true) {
    const at = SLOTS + <usize>slot * SLOT_BYTES;
    const keyAt = <usize>load<u32>(at + 4);
    if (keyAt == 0) break;
    if (
      load<u32>(at) == hash &&
      <usize>load<u16>(at + 8) == len &&
      <i32>load<u8>(at + 10) == kind &&
      same(keyAt, ptr, len)
    ) {
      foundBytes = keyAt + len;
      return load<i32>(at + 12);
    }
    slot = (slot + 1) & (SLOT_COUNT - 1);
  }
  const answer = intern(kind, ptr, <i32>len);
  const resultLen: usize = answer < 0 || kind == KIND_KEY ? 0 : <usize>(answer & 0xffff);
  foundBytes = HOLD + (kind == KIND_UNIT ? SCRATCH_CAP : 0);
  memory.copy(foundBytes, SCRATCH, resultLen);
  // Cache it while the table is under 3/4 full and the arena has room; else ask again next time.
  if (len <= 0xffff && slotsUsed < (SLOT_COUNT * 3) / 4 && arenaTop + len + resultLen <= ARENA_END) {
    const at = SLOTS + <usize>slot * SLOT_BYTES;
    memory.copy(arenaTop, ptr, len);
    memory.copy(arenaTop + len, SCRATCH, resultLen);
    store<u32>(at, hash);
    store<u32>(at + 4, <u32>arenaTop);
    store<u16>(at + 8, <u16>len);
    store<u8>(at + 10, <u8>kind);
    store<i32>(at + 12, answer);
    foundBytes = arenaTop + len;
    arenaTop += len + resultLen;
    slotsUsed++;
  }
  return answer;
}

/**
 * The JSON text of `value` after `conversion` (at foundBytes), or -1 when not finite: from the
 * cache, or asked of the host, whose number formatting the output must match.
 */
export function converted(conversion: i32, value: f64): i32 {
  const bits = reinterpret<u64>(value);
  // Fibonacci hashing: the high bits of the product mix every bit of the value.
  const hash = <u32>(((bits ^ <u64>conversion) * 0x9e3779b97f4a7c15) >>> 32);
  const at = CONVERTED + <usize>(hash & (CONVERTED_COUNT - 1)) * CONVERTED_BYTES;
  const cachedLen = load<i32>(at + 12);
  if (cachedLen > 0 && load<u64>(at) == bits && load<i32>(at + 8) == conversion) {
    foundBytes = at + 16;
    return cachedLen;
  }
  const len = convert(conversion, value);
  foundBytes = SCRATCH;
  if (len > 0 && <usize>len <= CONVERTED_TEXT_CAP) {
    store<u64>(at, bits);
    store<i32>(at + 8, conversion);
    store<i32>(at + 12, len);
    put(at + 16, SCRATCH, <usize>len);
    foundBytes = at + 16;
  }
  return len;
}
