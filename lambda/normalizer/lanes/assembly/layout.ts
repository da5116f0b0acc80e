/** Memory regions of a lane instance (byte addresses); static data stays below 64 KiB. */

/** `","gateway_id":…,"source_key":…,"source_line":`, written by the host per object. */
export const TAIL: usize = 65536;
export const TAIL_CAP: usize = 16384;
/** JSON of the unit (`"Cel"` or `null`) when a CSV has no unit column, written by the host. */
export const FIXED_UNIT: usize = TAIL + TAIL_CAP;
const FIXED_UNIT_CAP: usize = 512;
/** Where the host writes the answer of `intern` or `convert`. */
export const SCRATCH: usize = FIXED_UNIT + FIXED_UNIT_CAP;
export const SCRATCH_CAP: usize = 1024;
/** The current source_line as right-aligned decimal digits. */
export const LINE_DIGITS: usize = SCRATCH + SCRATCH_CAP;
export const LINE_DIGITS_CAP: usize = 24;
/** Uncached answers for metric and unit, kept apart so a later answer cannot overwrite them. */
export const HOLD: usize = LINE_DIGITS + 32;
/** The intern cache: an open-addressing table of 16-byte slots, and the bytes they point at. */
export const SLOTS: usize = HOLD + 2 * SCRATCH_CAP;
export const SLOT_COUNT: u32 = 2048;
export const SLOT_BYTES: usize = 16;
export const ARENA: usize = SLOTS + <usize>SLOT_COUNT * SLOT_BYTES;
export const ARENA_END: usize = ARENA + 262144;
/**
 * Converted values by (conversion, value): 48-byte entries of f64, i32 conversion, i32 length and
 * up to 32 bytes of text (JavaScript writes a double in at most 24 characters).
 */
export const CONVERTED: usize = ARENA_END;
export const CONVERTED_COUNT: u32 = 16384;
export const CONVERTED_BYTES: usize = 48;
export const CONVERTED_TEXT_CAP: usize = 32;
const CONVERTED_END: usize = CONVERTED + <usize>CONVERTED_COUNT * CONVERTED_BYTES;
/** Canonical NDJSON written by the lanes; the host copies it out after every call. Then INPUT. */
export const OUTPUT: usize = (CONVERTED_END + 65535) & ~(<usize>65535);
