import { readFileSync } from "node:fs";

/**
 * Reads the file an option names. A missing file, a directory or an unreadable file ends in one
 * message naming the option, the path and `fix`, instead of Node's bare ENOENT or EISDIR.
 */
export function readOptionFile(option: string, path: string, fix: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    const problem =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : code === "EACCES"
            ? "cannot be read (permission denied)"
            : `cannot be read (${(error as Error).message})`;
    throw new Error(`${option} ${path} ${problem}.\n  Fix: ${fix}`);
  }
}

/** A whole number an option spells, within its range; anything else names the option and range. */
export function wholeNumberOption(option: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < min || value > max)
    throw new Error(
      `${option} ${text} is not a whole number from ${min} to ${max}.\n  Fix: give one, e.g. ${option} ${min}.`,
    );
  return value;
}
