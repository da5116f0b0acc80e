import type { ListedObject, ObjectStore } from "../object-store";

/** Which raw objects to replay: a prefix under raw/ and an optional LastModified window. */
export interface ReplaySelection {
  readonly prefix: string;
  /** Inclusive lower bound on LastModified. */
  readonly since?: Date;
  /** Exclusive upper bound on LastModified. */
  readonly until?: Date;
}

/**
 * Checks a selection before anything is listed: the prefix must be under raw/ (only raw objects
 * are normalizer input) and the window must not be empty.
 */
export function validateSelection(selection: ReplaySelection): ReplaySelection {
  if (!selection.prefix.startsWith("raw/")) {
    throw new Error(
      `--prefix "${selection.prefix}" must start with raw/ (replay re-normalizes gateway uploads), e.g. raw/gw-17/.`,
    );
  }
  if (selection.since && selection.until && selection.since >= selection.until) {
    throw new Error(
      `--since ${selection.since.toISOString()} must be before --until ${selection.until.toISOString()}.`,
    );
  }
  return selection;
}

/**
 * Parses a --since/--until value: an ISO-8601 timestamp with Z or an offset, or a date
 * (YYYY-MM-DD, meaning midnight UTC). A timestamp without a zone is refused: it would be read in
 * the operator's local time.
 */
export function parseReplayTime(text: string, option: string): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const value = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if ((!dateOnly && !zoned) || Number.isNaN(value.getTime())) {
    throw new Error(
      `${option} "${text}" must be a date (2026-11-20) or a timestamp with a zone (2026-11-20T08:00:00Z).`,
    );
  }
  return value;
}

/** Lists the prefix and keeps the objects whose LastModified falls in the window. */
export async function selectObjects(
  store: ObjectStore,
  selection: ReplaySelection,
): Promise<ListedObject[]> {
  const { prefix, since, until } = validateSelection(selection);
  const selected: ListedObject[] = [];
  for await (const object of store.list(prefix)) {
    if (object.key.endsWith("/")) continue;
    if (since && object.lastModified < since) continue;
    if (until && object.lastModified >= until) continue;
    selected.push(object);
  }
  return selected;
}
