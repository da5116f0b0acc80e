/**
 * Placeholder so the stack can bundle and synthesize before the normalizer lands; the real handler
 * (issue 3) replaces this file.
 */
export async function handler(): Promise<never> {
  throw new Error("The normalizer handler is not built yet.");
}
