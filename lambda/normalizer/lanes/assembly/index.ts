/**
 * The normalizer's fast lanes, in AssemblyScript: the module's exports (compiled into
 * ../lanes-wasm.ts by `npm run build:lanes`; see ../README.md).
 *
 * A lane reads whole lines of one object straight from bytes and writes the canonical NDJSON of
 * every line it is sure the general parser would accept unchanged. At the first line it is not
 * sure of (quotes, escapes, offsets, epoch times, a rejection, anything unusual) it stops, and the
 * general TypeScript parser takes that line. So a lane never decides a rejection and never
 * changes an output byte: it only skips the per-field string work for the plain rows gateways
 * mostly send. Anything that needs JavaScript's own rules (unit table, metric names, field
 * aliases, number formatting after a unit conversion) is asked of the host once per spelling
 * through `intern` and cached here.
 *
 * Files: run.ts (the line loop), csv.ts and ndjson.ts (one record each), reading.ts (its parts
 * and output), numbers.ts, timestamps.ts, cache.ts (host answers), host.ts, layout.ts, bytes.ts.
 */

export { FIXED_UNIT, OUTPUT, SCRATCH, SCRATCH_CAP, TAIL } from "./layout";
export {
  blankLines,
  configure,
  csvLines,
  handled,
  input,
  ndjsonLines,
  outputPos,
  setup,
  stoppedAt,
  useOutput,
} from "./run";
export { configureCsv } from "./csv";
export { setLine } from "./reading";
