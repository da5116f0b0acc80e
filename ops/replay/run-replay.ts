import type { Clock } from "../clock";
import type { ListedObject, ObjectStore } from "../object-store";
import { ProgressBar, type ProgressSink, formatBytes } from "./progress";
import { type ReplaySelection, selectObjects } from "./selection";

/** What re-normalizing one object wrote. */
export interface ReplayOutput {
  readonly writtenKeys: readonly string[];
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
}

/**
 * Reads one raw object, runs the normalizer's own code on it under the replay generation's
 * identity (see generation.ts) and writes its outputs.
 */
export type Renormalize = (object: ListedObject, generation: string) => Promise<ReplayOutput>;

export interface ReplayDependencies {
  readonly store: ObjectStore;
  readonly renormalize: Renormalize;
  readonly clock: Clock;
  /** The progress bar's sink (stderr). */
  readonly progress: ProgressSink;
  /** Listing and summary lines (stdout). */
  readonly print: (line: string) => void;
}

export interface ReplayOptions {
  readonly selection: ReplaySelection;
  readonly generation: string;
  /** List what would be replayed; read and write nothing. */
  readonly dryRun: boolean;
}

export interface ReplaySummary {
  readonly selectedObjects: number;
  readonly selectedBytes: number;
  readonly replayedObjects: number;
  readonly writtenKeys: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  /** Objects that could not be replayed, with the reason; the others still ran. */
  readonly failures: ReadonlyArray<{ readonly key: string; readonly message: string }>;
}

/**
 * Re-normalizes every raw object in the selection, one at a time, into new output keys (see
 * generation.ts for why new keys are safe). One failing object is reported and skipped so a bad
 * file cannot block the rest; the summary lists it and the command exits non-zero.
 */
export async function runReplay(
  deps: ReplayDependencies,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const { store, renormalize, clock, progress, print } = deps;
  const objects = await selectObjects(store, options.selection);
  const selectedBytes = objects.reduce((sum, object) => sum + object.sizeBytes, 0);
  const summary = {
    selectedObjects: objects.length,
    selectedBytes,
    replayedObjects: 0,
    writtenKeys: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    failures: [] as Array<{ key: string; message: string }>,
  };
  if (options.dryRun) {
    for (const object of objects) {
      print(
        `${object.lastModified.toISOString()}  ${formatBytes(object.sizeBytes).padStart(10)}  ${object.key}`,
      );
    }
    print(
      `dry run: ${objects.length} objects (${formatBytes(selectedBytes)}) under ${store.location}/${options.selection.prefix} would be replayed as generation ${options.generation}`,
    );
    return summary;
  }

  const bar = new ProgressBar(progress, clock, objects.length, selectedBytes);
  for (const object of objects) {
    try {
      const output = await renormalize(object, options.generation);
      summary.replayedObjects += 1;
      summary.writtenKeys += output.writtenKeys.length;
      summary.rowsAccepted += output.rowsAccepted;
      summary.rowsRejected += output.rowsRejected;
    } catch (error) {
      summary.failures.push({
        key: object.key,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    bar.advance(object.sizeBytes);
  }
  print(
    `replayed ${summary.replayedObjects}/${objects.length} objects (${formatBytes(selectedBytes)}) as generation ${options.generation}: ` +
      `${summary.rowsAccepted} rows accepted, ${summary.rowsRejected} rejected, ${summary.writtenKeys} objects written`,
  );
  for (const failure of summary.failures) print(`failed: ${failure.key}: ${failure.message}`);
  return summary;
}
