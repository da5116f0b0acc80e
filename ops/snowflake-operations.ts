import type { DeploymentOutputKey } from "../stacks/outputs";

/**
 * What an operator tool runs in Snowflake, declared next to the tool so the first-apply checker
 * (`npx sensorctl check-apply`) can prove the tool's role may run it, and a test can prove the
 * tool runs nothing else (test/first-apply/operator-tools.test.ts records every query).
 */

/** One kind of statement a tool sends. */
export interface SnowflakeOperation {
  /** Its name in the privilege table (first-apply/privilege-table.ts OPERATION_PRIVILEGES). */
  readonly statement: string;
  /** The deployment output naming the object the statement is about, passed as the first bind. */
  readonly object?: DeploymentOutputKey;
  /**
   * Name parts appended to the {@link object} output's value, for objects no output names whole:
   * `object: "databaseName"` with `objectPath: ["MONITORING", "PIPES"]` is `<database>.MONITORING.PIPES`.
   * @default - the output names the object
   */
  readonly objectPath?: readonly string[];
  /** Snowflake object type of that object. */
  readonly objectType?: "INTEGRATION" | "PIPE" | "TABLE" | "VIEW";
  /** The SQL text the tool sends, to match recorded queries against the declaration. */
  readonly sql: RegExp;
}

/** A tool that connects to Snowflake, the role and warehouse it runs as by default, and what it runs. */
export interface OperatorTool {
  readonly name: string;
  /** Output naming the role the tool runs as unless told otherwise. */
  readonly role?: DeploymentOutputKey;
  /** Output naming the warehouse its queries run on. */
  readonly warehouse?: DeploymentOutputKey;
  readonly operations: readonly SnowflakeOperation[];
}
