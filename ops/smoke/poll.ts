import type { Clock } from "../clock";

/** What one look at a stage found. */
export type ProbeOutcome =
  | { readonly kind: "pending" }
  | { readonly kind: "done"; readonly detail: string }
  | { readonly kind: "failed"; readonly detail: string; readonly hint: string };

/**
 * Probes every `intervalMs` until the probe is done or failed, or `timeoutMs` has passed since the
 * start (one last probe runs at the deadline). Returns the outcome and when it was seen.
 */
export async function pollUntil(
  clock: Clock,
  timeoutMs: number,
  intervalMs: number,
  probe: () => Promise<ProbeOutcome>,
): Promise<{ outcome: ProbeOutcome | { kind: "timeout" }; atMs: number }> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const outcome = await probe();
    const now = clock.now();
    if (outcome.kind !== "pending") return { outcome, atMs: now };
    if (now >= deadline) return { outcome: { kind: "timeout" }, atMs: now };
    await clock.sleep(Math.min(intervalMs, deadline - now));
  }
}
