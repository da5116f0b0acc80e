/** Metric names: whatever the gateway calls it, the contract wants lower snake case. */

const cache = new Map<string, string>();
const CACHE_LIMIT = 10_000;

/**
 * Lower snake case of a metric name: `Temperature` → `temperature`, `relHumidity` →
 * `rel_humidity`, `PM2.5 (µg/m³)` → `pm2_5_µg_m³`. Returns "" when nothing is left.
 */
export function toMetricName(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const snake = name
    .trim()
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1_$2")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  if (cache.size < CACHE_LIMIT) cache.set(name, snake);
  return snake;
}
