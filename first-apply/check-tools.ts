import { SMOKE_TOOL } from "../ops/smoke/snowflake-operations";
import { STATUS_TOOL } from "../ops/status/snowflake-operations";
import type { OperatorTool } from "../ops/snowflake-operations";
import { OUTPUT_NAMES } from "../stacks/outputs";
import type { AccessModel, PointOfApply } from "./access-facts";
import type { Finding } from "./finding";
import type { Need } from "./needs";
import { objectRef } from "./objects";
import { OPERATION_PRIVILEGES } from "./privilege-table";
import { normalizeRole } from "./roles";
import type { TerraformGraph } from "./terraform-graph";
import { unmet } from "./unmet-need";

/**
 * The operator tools that connect to Snowflake. `sensorctl replay` works on S3 only; `status --db`
 * reads a local DuckDB file.
 */
export const OPERATOR_TOOLS: readonly OperatorTool[] = [SMOKE_TOOL, STATUS_TOOL];

/** What one operator tool's statements need of the role it runs as, after the whole apply. */
export function checkTool(
  stack: string,
  tool: OperatorTool,
  graph: TerraformGraph,
  model: AccessModel,
  at: PointOfApply,
): Finding[] {
  const output = (key: keyof typeof OUTPUT_NAMES | undefined) =>
    key === undefined ? undefined : graph.resolve(graph.stack.output?.[OUTPUT_NAMES[key]]?.value);
  const role = output(tool.role);
  const subject = `sensorctl ${tool.name}`;
  if (role === undefined) {
    return tool.operations.length === 0
      ? []
      : [
          {
            stack,
            subject,
            missing: `a role: output ${tool.role ?? "(none declared)"} is not known before the apply`,
            fix: "declare the tool's role output from a resource name (stacks/outputs.ts).",
          },
        ];
  }
  const roleName = normalizeRole(role);
  const needs: Array<{ need: Need; because: string; doc: string }> = [
    {
      need: { exists: { type: "ROLE", name: roleName } },
      because: "its role",
      doc: "user-guide/security-access-control-overview",
    },
  ];
  const warehouse = objectRef("WAREHOUSE", output(tool.warehouse));
  if (warehouse) {
    needs.push({
      need: { privilege: "USAGE", on: warehouse },
      because: "every query",
      doc: "user-guide/warehouses-overview",
    });
  }
  for (const operation of tool.operations) {
    const entry = OPERATION_PRIVILEGES.find(
      (candidate) => candidate.statement === operation.statement,
    );
    if (!entry) {
      return [
        {
          stack,
          subject,
          role: roleName,
          missing: `a privilege-table entry for ${operation.statement}`,
          fix: "add it to OPERATION_PRIVILEGES in first-apply/privilege-table.ts.",
        },
      ];
    }
    const named = output(operation.object);
    const object = operation.objectType
      ? objectRef(
          operation.objectType,
          named === undefined ? undefined : [named, ...(operation.objectPath ?? [])].join("."),
        )
      : undefined;
    if (operation.objectType && !object) continue;
    for (const need of entry.needs(object ?? { type: "ACCOUNT", name: "" })) {
      needs.push({ need, because: operation.statement, doc: entry.doc });
    }
  }
  const findings: Finding[] = [];
  for (const { need, because, doc } of needs) {
    const problem = unmet(model, roleName, need, at, undefined);
    if (problem) {
      findings.push({
        stack,
        subject,
        role: roleName,
        because,
        doc,
        missing: problem.missing,
        fix:
          problem.kind === "privilege"
            ? `grant it to ${roleName} in the stack (constructs/snowflake-access-roles.ts or the construct that owns the object), or run the tool with --role of a role that holds it.`
            : problem.fix,
      });
    }
  }
  return findings;
}
