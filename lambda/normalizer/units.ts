/**
 * The unit table: common spellings map to one canonical spelling (SenML, RFC 8428 §12.1, where it
 * has one), converting the value only where a row says so. Unknown units pass through unchanged.
 * docs/units.md documents this table; a test keeps the two in step.
 */

/** One canonical unit: its accepted spellings and, optionally, spellings that need a conversion. */
export interface UnitDefinition {
  /** The spelling written to the `unit` column. */
  readonly canonical: string;
  /** What is measured in this unit, used as the metric when a SenML record has no name. */
  readonly quantity: string;
  /** Spellings that mean exactly this unit (matched after trimming, case-sensitive). */
  readonly spellings: readonly string[];
  /** Spellings of other units converted into this one. */
  readonly conversions?: readonly UnitConversion[];
}

/** A unit converted on the way in, for example °F to Cel. */
export interface UnitConversion {
  readonly spellings: readonly string[];
  /** Human description for the docs, e.g. "(x − 32) × 5/9". */
  readonly formula: string;
  readonly convert: (value: number) => number;
}

export const UNIT_TABLE: readonly UnitDefinition[] = [
  {
    canonical: "Cel",
    quantity: "temperature",
    // Not "C" or "F": in SenML (RFC 8428 §12.1, iana.org/assignments/senml) and UCUM those are
    // coulomb and farad, so reading them as temperatures would convert charge into Celsius.
    spellings: ["Cel", "°C", "℃", "degC", "deg C", "celsius", "Celsius"],
    conversions: [
      {
        spellings: ["°F", "℉", "degF", "deg F", "[degF]", "fahrenheit", "Fahrenheit"],
        formula: "(x − 32) × 5/9",
        convert: (x) => ((x - 32) * 5) / 9,
      },
    ],
  },
  { canonical: "K", quantity: "temperature", spellings: ["K", "kelvin", "Kelvin"] },
  {
    canonical: "%RH",
    quantity: "relative_humidity",
    spellings: ["%RH", "%rh", "% RH", "RH", "RH%"],
  },
  { canonical: "%", quantity: "percentage", spellings: ["%", "percent", "pct"] },
  {
    canonical: "Pa",
    quantity: "pressure",
    spellings: ["Pa", "pascal"],
    conversions: [
      { spellings: ["hPa", "mbar", "mb"], formula: "x × 100", convert: (x) => x * 100 },
      { spellings: ["kPa"], formula: "x × 1000", convert: (x) => x * 1000 },
      { spellings: ["bar"], formula: "x × 100000", convert: (x) => x * 100000 },
    ],
  },
  {
    canonical: "V",
    quantity: "voltage",
    spellings: ["V", "volt", "volts"],
    conversions: [{ spellings: ["mV"], formula: "x ÷ 1000", convert: (x) => x / 1000 }],
  },
  {
    canonical: "A",
    quantity: "current",
    spellings: ["A", "amp", "amps", "ampere"],
    conversions: [{ spellings: ["mA"], formula: "x ÷ 1000", convert: (x) => x / 1000 }],
  },
  {
    canonical: "W",
    quantity: "power",
    spellings: ["W", "watt", "watts"],
    conversions: [{ spellings: ["kW"], formula: "x × 1000", convert: (x) => x * 1000 }],
  },
  { canonical: "kWh", quantity: "energy", spellings: ["kWh", "kwh"] },
  { canonical: "C", quantity: "electric_charge", spellings: ["C", "coulomb"] },
  { canonical: "F", quantity: "capacitance", spellings: ["F", "farad"] },
  { canonical: "ppm", quantity: "concentration", spellings: ["ppm", "PPM"] },
  { canonical: "lx", quantity: "illuminance", spellings: ["lx", "lux", "Lux"] },
  {
    canonical: "m/s",
    quantity: "speed",
    spellings: ["m/s", "mps"],
    conversions: [{ spellings: ["km/h", "kmh"], formula: "x ÷ 3.6", convert: (x) => x / 3.6 }],
  },
  { canonical: "dBm", quantity: "signal_strength", spellings: ["dBm"] },
  { canonical: "lat", quantity: "latitude", spellings: ["lat"] },
  { canonical: "lon", quantity: "longitude", spellings: ["lon"] },
  { canonical: "%EL", quantity: "battery_level", spellings: ["%EL"] },
];

/** What a unit spelling resolves to. */
export interface ResolvedUnit {
  readonly unit: string;
  readonly quantity: string | null;
  readonly convert: ((value: number) => number) | null;
}

const BY_SPELLING = new Map<string, ResolvedUnit>();
for (const definition of UNIT_TABLE) {
  const { canonical, quantity } = definition;
  for (const spelling of definition.spellings)
    BY_SPELLING.set(spelling, { unit: canonical, quantity, convert: null });
  for (const conversion of definition.conversions ?? [])
    for (const spelling of conversion.spellings)
      BY_SPELLING.set(spelling, { unit: canonical, quantity, convert: conversion.convert });
}

/**
 * Resolves a unit as sent by a gateway: null for none, the canonical spelling (and conversion)
 * for a known spelling, the trimmed text unchanged for anything else.
 */
export function resolveUnit(spelling: string | null | undefined): ResolvedUnit | null {
  if (spelling === null || spelling === undefined) return null;
  const known = BY_SPELLING.get(spelling);
  if (known) return known;
  const trimmed = spelling.trim();
  if (trimmed === "") return null;
  return BY_SPELLING.get(trimmed) ?? { unit: trimmed, quantity: null, convert: null };
}
