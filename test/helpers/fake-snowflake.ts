import type { SqlBind, SqlClient, SqlRow } from "../../ops/sql-client";

/**
 * Stands in for Snowflake: answers the statements the operator tools send, from state a test sets.
 * An unknown statement fails the test, so a changed query cannot pass unnoticed.
 */
export class FakeSnowflake implements SqlClient {
  validation: unknown = { status: "success", actions: { LIST: { status: "success" } } };
  pipeStatus: Record<string, unknown> = { executionState: "RUNNING" };
  snsPolicy: unknown = {};
  /** Rows per relation name per sensor id. */
  readonly rows = new Map<string, Map<string, number>>();
  /** Errors to throw for statements matching a pattern. */
  readonly failures: Array<{ pattern: RegExp; error: Error }> = [];
  readonly statements: Array<{ sqlText: string; binds: readonly SqlBind[] }> = [];
  closed = false;

  addRows(relation: string, sensorId: string, count: number): void {
    const bySensor = this.rows.get(relation) ?? new Map<string, number>();
    bySensor.set(sensorId, (bySensor.get(sensorId) ?? 0) + count);
    this.rows.set(relation, bySensor);
  }

  async query(sqlText: string, binds: readonly SqlBind[] = []): Promise<readonly SqlRow[]> {
    this.statements.push({ sqlText, binds });
    const failure = this.failures.find(({ pattern }) => pattern.test(sqlText));
    if (failure) throw failure.error;
    if (sqlText.includes("SYSTEM$VALIDATE_STORAGE_INTEGRATION")) {
      return [{ RESULT: JSON.stringify(this.validation) }];
    }
    if (sqlText.includes("SYSTEM$PIPE_STATUS")) {
      return [{ STATUS: JSON.stringify(this.pipeStatus) }];
    }
    if (sqlText.includes("SYSTEM$GET_AWS_SNS_IAM_POLICY")) {
      return [{ POLICY: JSON.stringify(this.snsPolicy) }];
    }
    const count = /^SELECT COUNT\(\*\) AS ROWS_FOUND FROM IDENTIFIER\(\?\) WHERE SENSOR_ID = \?$/;
    if (count.test(sqlText)) {
      const [relation, sensorId] = binds.map(String);
      return [{ ROWS_FOUND: this.rows.get(relation)?.get(sensorId) ?? 0 }];
    }
    throw new Error(`FakeSnowflake: unexpected statement ${sqlText}`);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
