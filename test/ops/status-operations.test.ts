import { readHealth } from "../../ops/status/read-health";
import { STATUS_TOOL } from "../../ops/status/snowflake-operations";
import type { SqlRow } from "../../ops/sql-client";
import { sampleOutputs } from "../helpers/sample-outputs";

/** The object a declared operation is about, as the first-apply checker names it. */
function declaredObject(operation: (typeof STATUS_TOOL.operations)[number]): string {
  const outputs = sampleOutputs("sensors-dev-landing");
  const named = operation.object === undefined ? "" : outputs[operation.object];
  return [named, ...(operation.objectPath ?? [])].join(".");
}

describe("sensorctl status's Snowflake statements", () => {
  test("every query it sends is declared (with the view it reads), and every declaration runs", async () => {
    // GIVEN status reading the deployed MONITORING schema, its queries recorded
    const sent: string[] = [];
    const record = async (sql: string): Promise<readonly SqlRow[]> => {
      sent.push(sql);
      return [];
    };
    const { databaseName } = sampleOutputs("sensors-dev-landing");
    await readHealth(record, `${databaseName}.MONITORING`);
    // THEN each query matches a declared operation whose object it names
    expect(sent.length).toBeGreaterThan(0);
    for (const sqlText of sent) {
      const declared = STATUS_TOOL.operations.filter(
        (operation) =>
          operation.sql.test(sqlText) && sqlText.includes(`FROM ${declaredObject(operation)}`),
      );
      expect({ sqlText, declared: declared.length }).toEqual({ sqlText, declared: 1 });
    }
    // AND every declared operation ran
    for (const operation of STATUS_TOOL.operations) {
      const ran = sent.some((sqlText) => operation.sql.test(sqlText));
      expect({ operation: operation.sql.source, ran }).toEqual({
        operation: operation.sql.source,
        ran: true,
      });
    }
  });

  test("a query outside the declaration is caught", async () => {
    // GIVEN a status that also read a table it never declared
    const extra = "SELECT * FROM SENSORS_DEV.CORE.READINGS";
    const declared = STATUS_TOOL.operations.filter((operation) => operation.sql.test(extra));
    expect(declared).toEqual([]);
  });
});
