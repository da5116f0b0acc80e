/** What a lane asks of the host (fast-lane.ts), with the same rules as the general parser. */

/** Kinds of interned spellings. */
export const KIND_KEY: i32 = 1;
export const KIND_METRIC: i32 = 2;
export const KIND_UNIT: i32 = 3;

/**
 * Resolves a spelling of `kind` at [ptr, ptr+len). Returns -1 when a lane must not handle it, a
 * role id for KIND_KEY, or `length | (conversion + 1) << 16` with the JSON bytes in SCRATCH.
 */
@external("lane", "intern")
export declare function intern(kind: i32, ptr: usize, len: i32): i32;

/**
 * Converts `value` with unit conversion `conversion`, writing the JSON number to SCRATCH. Returns
 * its length, or -1 when the result is not finite.
 */
@external("lane", "convert")
export declare function convert(conversion: i32, value: f64): i32;
