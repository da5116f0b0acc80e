import { writeFileSync } from "node:fs";

/** Writes a benchmark's figures to the JSON file the runner named (BENCH_OUT) and prints them. */
export function report(name: string, figures: Record<string, unknown>): void {
  process.stdout.write(`${name}: ${JSON.stringify(figures, null, 2)}\n`);
  const out = process.env.BENCH_OUT;
  if (out)
    writeFileSync(
      out,
      `${JSON.stringify({ name, at: new Date().toISOString(), ...figures }, null, 2)}\n`,
    );
}
