/**
 * Field roles of JSON keys through the host's alias table: the k-th key of a record is first
 * compared with the last record's k-th key (lines of one file mostly repeat their keys), then the
 * cache is asked.
 */
import { put, same } from "./bytes";
import { lookup } from "./cache";
import { KIND_KEY } from "./host";

export const ROLE_TIME: i32 = 1;
export const ROLE_SENSOR: i32 = 2;
export const ROLE_METRIC: i32 = 3;
export const ROLE_VALUE: i32 = 4;
export const ROLE_UNIT: i32 = 5;

const KEYS: i32 = 16;
const KEY_CAP: usize = 32;
const KEY_BYTES = memory.data(<i32>(KEYS * <i32>KEY_CAP));
const KEY_LENGTHS = memory.data(KEYS * 4);
const KEY_ROLES = memory.data(KEYS * 4);

/** The role of the k-th key of a record at [p, p+len). */
export function roleOfKey(k: i32, p: usize, len: usize): i32 {
  if (k >= KEYS || len > KEY_CAP) return lookup(KIND_KEY, p, len);
  const at = KEY_BYTES + <usize>k * KEY_CAP;
  if (load<u32>(KEY_LENGTHS + <usize>k * 4) == <u32>len && same(at, p, len))
    return load<i32>(KEY_ROLES + <usize>k * 4);
  const role = lookup(KIND_KEY, p, len);
  put(at, p, len);
  store<u32>(KEY_LENGTHS + <usize>k * 4, <u32>len);
  store<i32>(KEY_ROLES + <usize>k * 4, role);
  return role;
}


/** Where each role's value is on the current line: its bytes and JSON kind (0: absent). */
const PART_AT = memory.data(8 * 4);
const PART_END = memory.data(8 * 4);
const PART_KIND = memory.data(8 * 4);

export function setPart(role: i32, at: usize, end: usize, kind: i32): void {
  store<u32>(PART_AT + <usize>role * 4, <u32>at);
  store<u32>(PART_END + <usize>role * 4, <u32>end);
  store<i32>(PART_KIND + <usize>role * 4, kind);
}

@inline
export function partAt(role: i32): usize {
  return <usize>load<u32>(PART_AT + <usize>role * 4);
}

@inline
export function partEnd(role: i32): usize {
  return <usize>load<u32>(PART_END + <usize>role * 4);
}

@inline
export function partKind(role: i32): i32 {
  return load<i32>(PART_KIND + <usize>role * 4);
}
