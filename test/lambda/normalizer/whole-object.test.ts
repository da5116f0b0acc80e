/**
 * An object whose bytes fail a whole-object check is rejected whole: no row of it is committed,
 * because rows inflated from a damaged gzip block look plausible (`26mperature`, 5432) and only
 * the checksum at the end tells them apart.
 */
import { gzipSync } from "node:zlib";
import { codes, normalize } from "../../helpers/normalizer";

const HEADER = "timestamp,sensor_id,metric,value,unit\n";
const ROWS = Array.from(
  { length: 3000 },
  (_, i) =>
    `2026-11-26T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:00Z,s${i % 7},temperature,${(i % 400) / 10},°C\n`,
).join("");

describe("corrupt gzip rejects the object whole", () => {
  const gz = gzipSync(HEADER + ROWS);
  // Every 61st bit of the member, header, deflate blocks and trailer alike: about 60 flips.
  const step = Math.floor((gz.length * 8) / 60);
  const flips = Array.from({ length: 60 }, (_, i) => i * step + 3);

  it.each([true, false])(
    "commits either every original row or none (lanes %s)",
    async (fastLanes) => {
      const original = await normalize(gz, "flip.csv.gz", { fastLanes });
      expect(original.counts).toMatchObject({ accepted: 3000, rejected: 0 });
      let rejectedWhole = 0;
      for (const bit of flips) {
        const damaged = Buffer.from(gz);
        damaged[bit >> 3] ^= 1 << (bit & 7);
        const result = await normalize(damaged, "flip.csv.gz", { fastLanes }, [4096]);
        expect(result.counts.records).toBe(result.counts.accepted + result.counts.rejected);
        if (result.counts.accepted > 0) {
          // A flip zlib cannot see (the header's time or OS byte): the same rows, byte for byte.
          expect(result.normalizedBytes).toEqual(original.normalizedBytes);
          continue;
        }
        expect(result.normalizedBytes).toBeUndefined();
        if (!result.counts.gzip) {
          // A flip in the magic number: not gzip at all, so binary text in no format.
          expect(bit).toBeLessThan(16);
          expect(result.counts.accepted).toBe(0);
          continue;
        }
        rejectedWhole++;
        expect(result.counts).toMatchObject({ records: 1, rejected: 1 });
        expect(["CORRUPT_GZIP", "TRUNCATED_GZIP"]).toContain(result.rejected[0].reason.code);
      }
      // Most flips land in deflate data, which the checksum catches.
      expect(rejectedWhole).toBeGreaterThan(50);
    },
  );

  it("reports the same reason for a flipped bit however the bytes arrive", async () => {
    // The code depends on the bytes alone (a flip that makes a block claim more data than the
    // member holds reads as TRUNCATED_GZIP, a bad code or checksum as CORRUPT_GZIP), never on
    // where the network cut the body into chunks.
    // (How many records were read before the failure may differ with the chunks; the code may not.)
    const outcome = async (damaged: Buffer, sizes?: number[]) =>
      codes(await normalize(damaged, "flip.csv.gz", {}, sizes)).join(",");
    let damagedCount = 0;
    for (const bit of flips.filter((_, i) => i % 3 === 0)) {
      const damaged = Buffer.from(gz);
      damaged[bit >> 3] ^= 1 << (bit & 7);
      const whole = await outcome(damaged);
      if (whole.includes("_GZIP")) damagedCount++;
      for (const sizes of [[1, 7, 13], [4096], [gz.length - 9, 1]])
        expect(await outcome(damaged, sizes)).toBe(whole);
    }
    expect(damagedCount).toBeGreaterThan(15);
  });
});
