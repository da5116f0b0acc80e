import { createRequire } from "node:module";
import { join } from "node:path";
import type { Writable } from "node:stream";

/**
 * The part of the normalizer's public API (`lambda/normalizer/index.ts`) that replay calls. It is
 * the normalizer's own code, loaded at run time; this interface only names what replay uses, so the
 * module can be type-checked against it (`const api: NormalizerApi = normalizer`).
 */
export interface NormalizerApi {
  /** Validates the function's environment variables into settings. */
  readSettings(env: Readonly<Record<string, string | undefined>>): unknown;
  /** The content rules for one object, anchored at its upload time. */
  optionsFromSettings(settings: unknown, referenceTime: Date): unknown;
  /** The output keys of one object version (the identity's version is hashed into them). */
  outputKeysFor(
    sourceKey: string,
    identity: {
      readonly versionId?: string | null;
      readonly eTag?: string | null;
      readonly lastModified: Date;
    },
  ): {
    readonly gatewayId: string | null;
    readonly normalizedKey: string;
    readonly rejectedKey: string;
  };
  /** Streams one raw object into its normalized and rejected outputs. */
  normalizeObject(
    bytes: AsyncIterable<Uint8Array>,
    input: {
      readonly sourceKey: string;
      readonly gatewayId: string | null;
      readonly options: unknown;
      readonly openOutput: (kind: "normalized" | "rejected") => Writable;
    },
  ): Promise<{ readonly counts: { readonly accepted: number; readonly rejected: number } }>;
}

/** Where the normalizer lives in this repository. */
export const NORMALIZER_MODULE = join(__dirname, "..", "..", "lambda", "normalizer");

/**
 * Loads the normalizer the Lambda is built from. Fails with a clear message when this checkout has
 * no normalizer, instead of replaying with anything else.
 */
export function loadNormalizer(modulePath: string = NORMALIZER_MODULE): NormalizerApi {
  // The path is known only at run time; CommonJS resolution lets the TypeScript hook that runs
  // sensorctl (tsx) load the directory's index.ts, which ESM import() cannot.
  const loadModule = createRequire(__filename);
  let loaded: Partial<NormalizerApi>;
  try {
    loaded = loadModule(modulePath) as Partial<NormalizerApi>;
  } catch (error) {
    throw new Error(
      `cannot load the normalizer from ${modulePath} (${(error as Error).message}).\n` +
        "  Fix: run replay from a checkout that contains lambda/normalizer/.",
    );
  }
  const missing = (
    ["readSettings", "optionsFromSettings", "outputKeysFor", "normalizeObject"] as const
  ).filter((name) => typeof loaded[name] !== "function");
  if (missing.length > 0) {
    throw new Error(`${modulePath} does not export ${missing.join(", ")}; replay needs them.`);
  }
  return loaded as NormalizerApi;
}
