import type { Command } from "commander";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import {
  normalizeObject,
  openFileOutput,
  optionsFromSettings,
  outputKeysFor,
  readSettings,
  type NormalizeCounts,
  type OutputKind,
} from "../../lambda/normalizer";
import type { RegisterCommand } from "./command";

/** Inputs at least this large report progress on stderr. */
const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;
const PROGRESS_EVERY_MS = 2000;

interface NormalizeFlags {
  readonly out: string;
  readonly gateway?: string;
  readonly versionId?: string;
  readonly lastModified?: string;
}

/**
 * The raw key a file stands for: the part of its path from `raw/<gateway>/` on, with `--gateway`
 * replacing that gateway; without a raw/ segment, `raw/<--gateway>/<file name>`.
 */
export function sourceKeyForPath(path: string, gateway: string | undefined): string {
  const parts = resolve(path).split(/[\\/]/);
  const raw = parts.lastIndexOf("raw");
  if (raw >= 0 && raw < parts.length - 2) {
    const rest = parts.slice(raw + 2).join("/");
    return `raw/${gateway ?? parts[raw + 1]}/${rest}`;
  }
  if (gateway === undefined)
    throw new Error(
      `cannot tell the gateway of ${path}: its path has no raw/<gateway>/ segment. Fix: pass --gateway <id>.`,
    );
  return `raw/${gateway}/${basename(path)}`;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function* withProgress(path: string, size: number): AsyncGenerator<Buffer> {
  let read = 0;
  let last = Date.now();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    read += (chunk as Buffer).length;
    if (size >= PROGRESS_MIN_BYTES && Date.now() - last >= PROGRESS_EVERY_MS) {
      last = Date.now();
      process.stderr.write(`normalize: ${path} ${mb(read)}/${mb(size)} MB\n`);
    }
    yield chunk as Buffer;
  }
}

function summary(path: string, counts: NormalizeCounts, written: string[]): string {
  const reasons = Object.entries(counts.rejectedByReason)
    .map(([code, count]) => `${code}=${count}`)
    .join(",");
  return [
    `${path}: ${counts.format}${counts.gzip ? "+gzip" : ""}`,
    `records=${counts.records} accepted=${counts.accepted} rejected=${counts.rejected}`,
    reasons ? `(${reasons})` : "",
    `-> ${written.join(" ")}`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** Normalizes one file into `<out>/normalized/…` and `<out>/rejected/…`; returns its summary line. */
export async function normalizeFile(path: string, flags: NormalizeFlags): Promise<string> {
  const settings = readSettings();
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a file`);
  const sourceKey = sourceKeyForPath(path, flags.gateway);
  // S3's LastModified has whole seconds; a file's mtime stands in for it.
  const lastModified = flags.lastModified
    ? new Date(flags.lastModified)
    : new Date(Math.floor(info.mtimeMs / 1000) * 1000);
  if (Number.isNaN(lastModified.getTime()))
    throw new Error(
      `--last-modified ${flags.lastModified} is not a date; use ISO-8601, e.g. 2024-06-01T12:00:00Z`,
    );
  const keys = outputKeysFor(sourceKey, {
    versionId: flags.versionId,
    eTag: flags.versionId ? undefined : await md5Of(path),
    lastModified,
  });
  const written: string[] = [];
  const files: Promise<void>[] = [];
  const result = await normalizeObject(withProgress(path, info.size), {
    sourceKey,
    gatewayId: keys.gatewayId,
    options: optionsFromSettings(settings, lastModified),
    openOutput: (kind: OutputKind) => {
      const key = kind === "normalized" ? keys.normalizedKey : keys.rejectedKey;
      return openFileOutput(join(flags.out, ...key.split("/")), files, (target) =>
        written.push(target),
      );
    },
  });
  await Promise.all(files);
  return summary(path, result.counts, written);
}

/** `sensorctl normalize <file...> --out <dir> [--gateway <id>]`. */
export const registerNormalize: RegisterCommand = (program: Command) => {
  program
    .command("normalize")
    .description(
      "Normalize raw gateway files exactly as the Lambda would, into <out>/normalized/ and <out>/rejected/",
    )
    .argument("<file...>", "raw files (CSV, JSON, NDJSON, SenML, optionally gzip)")
    .requiredOption("--out <dir>", "directory that receives normalized/ and rejected/")
    .option("--gateway <id>", "gateway id, for files whose path has no raw/<gateway>/ segment")
    .option("--version-id <id>", "S3 version id, to reproduce the Lambda's keys for that version")
    .option("--last-modified <iso>", "upload time of the object (default: the file's mtime)")
    .action(async (paths: string[], flags: NormalizeFlags) => {
      const failures: string[] = [];
      for (const path of paths) {
        try {
          process.stdout.write(`${await normalizeFile(path, flags)}\n`);
        } catch (error) {
          // Not `instanceof Error`: errors from another realm (fs under jest) fail that test.
          const message = (error as { message?: unknown })?.message ?? String(error);
          process.stderr.write(`sensorctl normalize: ${path}: ${message}\n`);
          failures.push(path);
        }
      }
      if (failures.length > 0)
        throw new Error(`${failures.length} of ${paths.length} files could not be normalized`);
    });
};
