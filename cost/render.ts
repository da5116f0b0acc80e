import { EXAMPLE_FLEETS } from "./fleets";
import {
  type Fleet,
  NORMALIZED_BYTES_PER_ROW,
  monthlyCost,
  monthlyVolumes,
  totalUsd,
} from "./model";
import { LIST_PRICES, type Prices } from "./prices";
import { STREAMING_DEFAULTS, STREAMING_LIST_PRICES, monthlyStreamingCost } from "./streaming";

/** Markers around the generated part of docs/cost.md. */
export const BEGIN_MARKER = "<!-- BEGIN GENERATED: npx tsx cost/write-docs.ts -->";
export const END_MARKER = "<!-- END GENERATED -->";

/** A config change and the fleet it is applied to, for the knobs table. */
export interface KnobVariant {
  readonly knob: string;
  readonly fleet: Fleet;
  readonly change: Partial<Fleet>;
}

const byName = (name: string) => {
  const fleet = EXAMPLE_FLEETS.find((candidate) => candidate.name === name);
  if (!fleet) throw new Error(`no example fleet named ${name}`);
  return fleet;
};

/** The knob changes docs/cost.md shows, each against one example fleet. */
export const KNOB_VARIANTS: readonly KnobVariant[] = [
  {
    knob: "task schedule 60 s → 300 s",
    fleet: byName("100 sensors"),
    change: { taskScheduleSeconds: 300 },
  },
  {
    knob: "BI warehouse active 1 h → 0 h a day",
    fleet: byName("100 sensors"),
    change: { biActiveHoursPerDay: 0 },
  },
  {
    knob: "normalizer memory 512 MB → 1024 MB (same speed)",
    fleet: byName("10,000 sensors"),
    change: { lambdaMemoryMb: 1024 },
  },
  {
    knob: "raw retention 30 → 90 days",
    fleet: byName("10,000 sensors"),
    change: { rawRetentionDays: 90 },
  },
  {
    knob: "gateway upload every 60 s → 300 s",
    fleet: byName("1,000,000 sensors"),
    change: { uploadIntervalSeconds: 300 },
  },
  {
    knob: "BI warehouse Small → X-Small",
    fleet: byName("1,000,000 sensors"),
    change: { biWarehouseCreditsPerHour: 1 },
  },
];

const usd = (value: number) =>
  `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const count = (value: number) => Math.round(value).toLocaleString("en-US");
const decimal = (value: number) =>
  value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_cell, index) => (index === 0 ? "---" : "---:"));
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** The generated section of docs/cost.md: volumes, monthly bill, idle bill and knob effects. */
export function renderCostTables(
  fleets: readonly Fleet[] = EXAMPLE_FLEETS,
  prices: Prices = LIST_PRICES,
  variants: readonly KnobVariant[] = KNOB_VARIANTS,
): string {
  const names = fleets.map((fleet) => fleet.name);
  const volumes = fleets.map(monthlyVolumes);
  const bills = fleets.map((fleet) => monthlyCost(fleet, prices));

  const volumeTable = table(
    ["per month", ...names],
    [
      ["readings", ...volumes.map((v) => count(v.readings))],
      ["gateways", ...volumes.map((v) => count(v.gateways))],
      ["raw uploads = invocations = normalized files", ...volumes.map((v) => count(v.files))],
      ["bytes per normalized NDJSON row", ...fleets.map(() => count(NORMALIZED_BYTES_PER_ROW))],
      [
        "normalized NDJSON, uncompressed GB",
        ...volumes.map((v) => decimal(v.normalizedBytes / 1e9)),
      ],
      ["task runs", ...volumes.map((v) => count(v.taskRuns))],
    ],
  );

  const billTable = table(
    ["USD per month", ...names],
    [
      ...bills[0].map((line, index) => [line.item, ...bills.map((bill) => usd(bill[index].usd))]),
      ["**total**", ...bills.map((bill) => `**${usd(totalUsd(bill))}**`)],
      [
        "of which Snowflake credits",
        ...bills.map((bill) => decimal(creditUsd(bill) / prices.usdPerCredit)),
      ],
    ],
  );

  const idleVolumes = fleets.map((fleet) =>
    monthlyVolumes({ ...fleet, sensors: 0, biActiveHoursPerDay: 0 }),
  );
  const idleBills = fleets.map((fleet) =>
    monthlyCost({ ...fleet, sensors: 0, biActiveHoursPerDay: 0 }, prices),
  );
  const idleTable = table(
    ["per month with no data and no queries", ...names],
    [
      ...idleBills[0]
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => line.idle && !line.item.includes("storage"))
        .map(({ line, index }) => [line.item, ...idleBills.map((bill) => usd(bill[index].usd))]),
      [
        "Snowflake compute credits",
        ...idleBills.map((bill) => decimal(creditUsd(bill) / prices.usdPerCredit)),
      ],
      ["task WHEN evaluations (cloud services)", ...idleVolumes.map((v) => count(v.taskTicks))],
    ],
  );

  const knobTable = table(
    ["knob", "fleet", "before", "after", "change"],
    variants.map((variant) => {
      const before = totalUsd(monthlyCost(variant.fleet, prices));
      const after = totalUsd(monthlyCost({ ...variant.fleet, ...variant.change }, prices));
      const percent = ((after - before) / before) * 100;
      return [
        variant.knob,
        variant.fleet.name,
        usd(before),
        usd(after),
        `${percent >= 0 ? "+" : ""}${percent.toFixed(1)} %`,
      ];
    }),
  );

  const streamingBills = fleets.map((fleet) =>
    monthlyStreamingCost(fleet, prices, STREAMING_LIST_PRICES),
  );
  const perReadingBills = fleets.map((fleet) =>
    monthlyStreamingCost(fleet, prices, STREAMING_LIST_PRICES, {
      ...STREAMING_DEFAULTS,
      perReading: true,
    }),
  );
  const streamingTable = table(
    ["USD per month, MQTT path (one message per gateway every 10 s)", ...names],
    [
      ...streamingBills[0].map((line, index) => [
        line.item,
        ...streamingBills.map((bill) => usd(bill[index].usd)),
      ]),
      ["**total**", ...streamingBills.map((bill) => `**${usd(totalUsd(bill))}**`)],
      [
        "total with one message per reading instead",
        ...perReadingBills.map((bill) => usd(totalUsd(bill))),
      ],
    ],
  );

  return [
    BEGIN_MARKER,
    "",
    "### Volumes",
    "",
    volumeTable,
    "",
    "### Monthly bill at list prices",
    "",
    billTable,
    "",
    "### Idle month",
    "",
    idleTable,
    "",
    "### What the knobs change",
    "",
    knobTable,
    "",
    "### The MQTT path (`streaming.enabled`), in addition",
    "",
    streamingTable,
    "",
    END_MARKER,
  ].join("\n");
}

/** USD of the lines billed in Snowflake credits. */
function creditUsd(lines: ReturnType<typeof monthlyCost>): number {
  return lines
    .filter((line) => line.unit === "credits" || line.item.startsWith("Snowpipe"))
    .reduce((sum, line) => sum + line.usd, 0);
}
