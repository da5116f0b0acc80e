import { EXAMPLE_FLEETS } from "../../cost/fleets";
import type { CostLine } from "../../cost/model";
import { LIST_PRICES } from "../../cost/prices";
import {
  STREAMING_DEFAULTS,
  STREAMING_LIST_PRICES,
  STREAMING_PRICE_SOURCES,
  monthlyStreamingCost,
} from "../../cost/streaming";

const [small] = EXAMPLE_FLEETS;
const line = (lines: CostLine[], prefix: string) => {
  const found = lines.find((candidate) => candidate.item.startsWith(prefix));
  if (!found) throw new Error(`no line ${prefix}`);
  return found;
};
const bill = (change: Partial<typeof STREAMING_DEFAULTS> = {}, fleet = small) =>
  monthlyStreamingCost(fleet, LIST_PRICES, STREAMING_LIST_PRICES, {
    ...STREAMING_DEFAULTS,
    ...change,
  });

describe("streaming cost model", () => {
  test("a 60-byte reading per message is metered as a whole 5 KB Firehose record", () => {
    const perReading = line(bill({ perReading: true }), "Firehose");
    const readings = 100 * ((30 * 86_400) / 10);
    expect(perReading.quantity).toBeCloseTo((readings * 5 * 1024) / 1e9, 6);
  });

  test("one message per 10 s batch bills IoT Core and Firehose a small fraction of one message per reading", () => {
    const batched = bill();
    const perReading = bill({ perReading: true });
    for (const item of ["IoT Core messages", "Firehose"])
      expect(line(batched, item).usd * 10).toBeLessThan(line(perReading, item).usd);
  });

  test("a batch bigger than 5 KB counts as one IoT message per started 5 KB", () => {
    // 100 sensors, one reading each per 10 s, 60 bytes: 6,000 bytes per message, two 5 KB steps.
    const messages = (100 * (30 * 86_400)) / 10 / 100;
    expect(line(bill(), "IoT Core messages").quantity).toBe(messages * 2);
  });

  test("Snowpipe Streaming bills the uncompressed rows at its per-GB rate in credits", () => {
    const snowpipe = line(bill(), "Snowpipe Streaming");
    expect(snowpipe.usd).toBeCloseTo(
      snowpipe.quantity *
        STREAMING_LIST_PRICES.snowpipeStreamingCreditsPerGb *
        LIST_PRICES.usdPerCredit,
      9,
    );
  });

  test("with no readings the path bills nothing", () => {
    const idle = monthlyStreamingCost({ ...small, sensors: 0 }, LIST_PRICES, STREAMING_LIST_PRICES);
    expect(idle.every((item) => item.usd === 0)).toBe(true);
  });

  test("every streaming price names its source", () => {
    expect(Object.keys(STREAMING_PRICE_SOURCES).sort()).toEqual(
      Object.keys(STREAMING_LIST_PRICES).sort(),
    );
  });
});
