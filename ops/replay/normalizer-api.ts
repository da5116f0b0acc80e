import * as normalizer from "../../lambda/normalizer";
import type { Writable } from "node:stream";

/**
 * The part of the normalizer's public API (`lambda/normalizer/index.ts`) that replay calls. It is
 * the normalizer's own code; this interface only names what replay uses, so tests can stand in for it.
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

/** The normalizer the Lambda is built from, checked against the part of its API replay uses. */
export const NORMALIZER: NormalizerApi = normalizer;
