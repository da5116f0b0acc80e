/**
 * Field roles of JSON keys through the host's alias table, and where each role's value is on the
 * current line. Lines that repeat the last record's keys never get here: their skeleton matches
 * (ndjson-shape.ts).
 */
import { lookup } from "./cache";
import { KIND_KEY } from "./host";

export const ROLE_TIME: i32 = 1;
export const ROLE_SENSOR: i32 = 2;
export const ROLE_METRIC: i32 = 3;
export const ROLE_VALUE: i32 = 4;
export const ROLE_UNIT: i32 = 5;

/** The role of a key at [p, p+len), from the cache of the host's answers. */
export function roleOfKey(p: usize, len: usize): i32 {
  return lookup(KIND_KEY, p, len);
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
