/** One thing that would fail on the first apply (or when an operator runs a tool), and its fix. */
export interface Finding {
  /** Stack the finding is in, e.g. `sensors-dev`. */
  readonly stack: string;
  /** What fails: a resource address, `tool smoke`, or a line of the bootstrap SQL. */
  readonly subject: string;
  /** Construct path of the resource, when the subject is one. */
  readonly path?: string;
  /** Role the statement runs as. */
  readonly role?: string;
  /** What the role lacks at that point: a privilege, an object, or the role itself. */
  readonly missing: string;
  /** The attribute or statement that needs it. */
  readonly because?: string;
  /** The page that says so. */
  readonly doc?: string;
  readonly fix: string;
}

/** One finding as a few lines of text. */
export function formatFinding(finding: Finding): string {
  const where = finding.path ? `${finding.subject} (${finding.path})` : finding.subject;
  const role = finding.role ? ` as role ${finding.role}` : "";
  const because = finding.because ? ` [${finding.because}]` : "";
  const doc = finding.doc ? `\n  Source: ${finding.doc}` : "";
  return `${finding.stack}: ${where}${role}: missing ${finding.missing}${because}\n  Fix: ${finding.fix}${doc}`;
}
