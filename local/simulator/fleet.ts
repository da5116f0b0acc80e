/**
 * The simulated fleet: gateways, their sensors and what each sensor measures. Values follow a daily
 * cycle plus noise, so charts of the local pipeline look like real buildings, not white noise.
 */
import type { SeededRandom } from "./random";

/** One quantity a sensor measures, with the unit spellings gateways use for it. */
export interface MetricProfile {
  readonly metric: string;
  /** Spellings the normalizer maps to one canonical unit without converting the value. */
  readonly unitSpellings: readonly string[];
  readonly base: number;
  readonly dailyAmplitude: number;
  readonly noise: number;
  readonly decimals: number;
}

export const METRIC_PROFILES: readonly MetricProfile[] = [
  {
    metric: "temperature",
    unitSpellings: ["Cel", "°C", "degC", "℃"],
    base: 21,
    dailyAmplitude: 3,
    noise: 0.3,
    decimals: 2,
  },
  {
    metric: "relative_humidity",
    unitSpellings: ["%RH", "RH"],
    base: 45,
    dailyAmplitude: 8,
    noise: 1,
    decimals: 1,
  },
  {
    metric: "pressure",
    unitSpellings: ["Pa"],
    base: 101300,
    dailyAmplitude: 150,
    noise: 20,
    decimals: 0,
  },
  {
    metric: "co2",
    unitSpellings: ["ppm"],
    base: 600,
    dailyAmplitude: 250,
    noise: 30,
    decimals: 0,
  },
];

/** A sensor and the metrics it reports every minute. */
export interface SimulatedSensor {
  readonly sensorId: string;
  /** Second within each minute at which this sensor samples. */
  readonly secondOfMinute: number;
  readonly metrics: readonly MetricProfile[];
  /** Phase of the daily cycle, so sensors do not move in lockstep. */
  readonly phase: number;
}

export interface SimulatedGateway {
  readonly gatewayId: string;
  readonly sensors: readonly SimulatedSensor[];
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The id every simulated gateway gives its first sensor. */
export const SHARED_SENSOR_ID = "th-01";

/** Every sensor measures temperature; the others measure some of the other quantities. */
function metricsOf(sensorIndex: number): MetricProfile[] {
  const [temperature, humidity, pressure, co2] = METRIC_PROFILES;
  const metrics = [temperature];
  if (sensorIndex % 2 === 0) metrics.push(humidity);
  if (sensorIndex % 3 === 0) metrics.push(pressure);
  if (sensorIndex % 4 === 1) metrics.push(co2);
  return metrics;
}

/**
 * Builds `gateways` gateways with `sensorsPerGateway` sensors each. Every gateway's first sensor is
 * `th-01`, as gateways name their sensors locally: the same id behind every gateway, which the
 * pipeline must keep apart (a sensor is its gateway and its id). The others carry their gateway in
 * the id (`gw-001-s002`).
 */
export function buildFleet(
  gateways: number,
  sensorsPerGateway: number,
  random: SeededRandom,
): SimulatedGateway[] {
  return Array.from({ length: gateways }, (_, g) => {
    const gatewayId = `gw-${pad(g + 1, 3)}`;
    return {
      gatewayId,
      sensors: Array.from({ length: sensorsPerGateway }, (_, s) => ({
        sensorId: s === 0 ? SHARED_SENSOR_ID : `${gatewayId}-s${pad(s + 1, 3)}`,
        secondOfMinute: (s * 7 + g * 13) % 60,
        metrics: metricsOf(s),
        phase: random.next() * 2 * Math.PI,
      })),
    };
  });
}

const DAY_MS = 86_400_000;

/** The sensor's value of `profile` at `observedMs`: daily cycle plus noise, rounded as sent. */
export function sampleValue(
  sensor: SimulatedSensor,
  profile: MetricProfile,
  observedMs: number,
  random: SeededRandom,
): number {
  const cycle = Math.sin((2 * Math.PI * (observedMs % DAY_MS)) / DAY_MS + sensor.phase);
  const raw =
    profile.base + profile.dailyAmplitude * cycle + (random.next() - 0.5) * 2 * profile.noise;
  const scale = 10 ** profile.decimals;
  return Math.round(raw * scale) / scale;
}
