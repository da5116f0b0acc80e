import { SMOKE_TOOL } from "../ops/smoke/snowflake-operations";
import type { OperatorTool } from "../ops/snowflake-operations";
import { OUTPUT_NAMES } from "../stacks/outputs";
import {
  ACCOUNTADMIN,
  type AccessFacts,
  AccessModel,
  type FactSource,
  type PointOfApply,
  describeNeed,
} from "./access-facts";
import { SYSTEM_ROLE_FACTS, readBootstrapSql } from "./bootstrap-facts";
import type { Finding } from "./finding";
import type { Need, ResourceView } from "./needs";
import { type ObjectRef, describeObject, objectRef } from "./objects";
import { OPERATION_PRIVILEGES, RESOURCE_PRIVILEGES } from "./privilege-table";
import { factsOf } from "./resource-objects";
import { type GraphNode, type SynthesizedStackJson, TerraformGraph } from "./terraform-graph";

/**
 * The first-apply checker: for every Snowflake resource of a synthesized stack, does the role of
 * its provider hold everything Snowflake requires to create it, counting only what the bootstrap
 * SQL established and what Terraform has finished before it (its ancestors in the graph)? Anything
 * else may run after it, in parallel. Then the same for every operator tool, after the whole apply.
 */

/** The operator tools that connect to Snowflake. `sensorctl replay` works on S3 only. */
export const OPERATOR_TOOLS: readonly OperatorTool[] = [SMOKE_TOOL];

/** One stack and the bootstrap SQL of its environment. */
export interface FirstApplyInput {
  /** Stack name, e.g. `sensors-dev`. */
  readonly stack: string;
  readonly synthesized: SynthesizedStackJson;
  /** The rendered bootstrap SQL of the stack's environment. */
  readonly bootstrapSql: string;
  /** Name of the bootstrap SQL in findings. @default "sql/bootstrap/snowflake-account.sql" */
  readonly bootstrapFile?: string;
  /** Tools to check. @default OPERATOR_TOOLS */
  readonly tools?: readonly OperatorTool[];
}

const BOOTSTRAP_FILE = "sql/bootstrap/snowflake-account.sql";

/** Every finding for one stack; none means the first apply and the tools have what they need. */
export function checkFirstApply(input: FirstApplyInput): Finding[] {
  const file = input.bootstrapFile ?? BOOTSTRAP_FILE;
  const graph = new TerraformGraph(input.synthesized);
  const findings: Finding[] = [];
  const bootstrap = readBootstrapSql(input.bootstrapSql, file);
  for (const problem of bootstrap.problems) {
    const [subject, ...rest] = problem.split(": ");
    const [missing, fix] = rest.join(": ").split("\n  Fix: ");
    findings.push({ stack: input.stack, subject, missing, fix });
  }

  const resources = [...graph.nodes.values()].filter(
    (node) => node.type.startsWith("snowflake_") && !node.address.startsWith("data."),
  );
  const views = new Map(resources.map((node) => [node.address, resourceView(graph, node)]));
  const facts: AccessFacts = {
    creations: [...SYSTEM_ROLE_FACTS.creations, ...bootstrap.creations],
    roleGrants: [...SYSTEM_ROLE_FACTS.roleGrants, ...bootstrap.roleGrants],
    privilegeGrants: [...SYSTEM_ROLE_FACTS.privilegeGrants, ...bootstrap.privilegeGrants],
  };
  for (const node of resources) {
    const role = graph.providerOf(node).role;
    if (role === undefined) continue;
    const established = factsOf(views.get(node.address) as ResourceView, normalizeRole(role));
    (facts.creations as unknown[]).push(...established.creations);
    (facts.roleGrants as unknown[]).push(...established.roleGrants);
    (facts.privilegeGrants as unknown[]).push(...established.privilegeGrants);
  }
  const model = new AccessModel(facts);
  const order = (a: FactSource, b: FactSource): boolean => rank(graph, a, b);

  for (const node of resources) {
    const view = views.get(node.address) as ResourceView;
    const provider = graph.providerOf(node);
    const base = { stack: input.stack, subject: node.address, path: node.path };
    if (provider.role === undefined) {
      findings.push({
        ...base,
        missing: "a role: its provider sets none, so it runs as the user's default role",
        fix: `set role on provider "${provider.label}" (stacks/sensor-pipeline-stack.ts).`,
      });
      continue;
    }
    const role = normalizeRole(provider.role);
    const entries = RESOURCE_PRIVILEGES.filter((entry) => entry.resourceType === node.type);
    if (entries.length === 0) {
      findings.push({
        ...base,
        role,
        missing: `a privilege-table entry for ${node.type}`,
        fix: `add the privileges Snowflake requires to create a ${node.type} to first-apply/privilege-table.ts, with the page that says so.`,
      });
      continue;
    }
    const ancestors = graph.ancestors(node.address);
    const at: PointOfApply = {
      counts: (source) => source.kind !== "resource" || ancestors.has(source.address),
      before: order,
    };
    for (const entry of entries) {
      if (entry.attribute !== undefined && !view.has(entry.attribute)) continue;
      for (const need of entry.needs(view)) {
        const problem = unmet(model, role, need, at, node.address);
        if (problem) {
          findings.push({
            ...base,
            role,
            because: entry.attribute ?? "CREATE",
            doc: entry.doc,
            ...problem,
          });
        }
      }
    }
  }

  const afterApply: PointOfApply = { counts: () => true, before: order };
  for (const tool of input.tools ?? OPERATOR_TOOLS) {
    findings.push(...checkTool(input.stack, tool, graph, model, afterApply));
  }
  return findings;
}

function checkTool(
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
    const object = operation.objectType
      ? objectRef(operation.objectType, output(operation.object))
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

interface Unmet {
  readonly kind: "privilege" | "object" | "role";
  readonly missing: string;
  readonly fix: string;
}

function unmet(
  model: AccessModel,
  role: string,
  need: Need,
  at: PointOfApply,
  address: string | undefined,
): Unmet | undefined {
  if ("role" in need) {
    if (model.effectiveRoles(role, at).has(ACCOUNTADMIN)) return undefined;
    return {
      kind: "role",
      missing: "the ACCOUNTADMIN role (no other role may do this, whatever it is granted)",
      fix: "no stack runs as ACCOUNTADMIN: do it once in sql/bootstrap/snowflake-account.sql (run as ACCOUNTADMIN) and take it out of the stack (lifecycle.ignoreChanges where the provider reads it back).",
    };
  }
  if ("exists" in need) {
    return model.exists(resolveKind(model, need.exists), at)
      ? undefined
      : missingObject(model, need.exists, address);
  }
  const options = "anyOf" in need ? need.anyOf : [need];
  const resolved = options.map((option) => ({ ...option, on: resolveKind(model, option.on) }));
  for (const option of resolved) {
    if (!model.exists(option.on, at)) continue;
    if (model.holds(role, option.privilege, option.on, at)) return undefined;
  }
  const first = resolved[0];
  if (resolved.every((option) => !model.exists(option.on, at)))
    return missingObject(model, first.on, address);
  const described = resolved
    .map((option) => describeNeed(option.privilege, option.on))
    .join(" or ");
  const pending = resolved.flatMap((option) =>
    model
      .grantsThatWouldGive(role, option.privilege, option.on)
      .map((grant) => grant.source)
      .filter(
        (source): source is { kind: "resource"; address: string } =>
          source.kind === "resource" && !at.counts(source),
      ),
  );
  if (pending.length > 0 && address !== undefined) {
    return {
      kind: "privilege",
      missing: described,
      fix: `${pending[0].address} grants it but Terraform may run it later: add it to depends_on of ${address}.`,
    };
  }
  return {
    kind: "privilege",
    missing: described,
    fix: `grant ${first.privilege} ON ${describeObject(first.on)} TO ROLE ${role} in sql/bootstrap/snowflake-account.sql (or by a grant resource that ${address ?? "it"} depends on).`,
  };
}

function missingObject(model: AccessModel, object: ObjectRef, address: string | undefined): Unmet {
  const creation = model.creationOf(object);
  if (creation?.source.kind === "resource" && address !== undefined) {
    return {
      kind: "object",
      missing: `${describeObject(object)} (it does not exist yet at this point)`,
      fix: `add ${creation.source.address} to depends_on of ${address}.`,
    };
  }
  return {
    kind: "object",
    missing: `${describeObject(object)} (nothing creates it before this point)`,
    fix: `create ${describeObject(object)} in sql/bootstrap/snowflake-account.sql, or in the stack before ${address ?? "the tool runs"}.`,
  };
}

/** A TABLE need that names a view is about that view (a view may read views). */
function resolveKind(model: AccessModel, object: ObjectRef): ObjectRef {
  if (object.type !== "TABLE" || model.creationOf(object)) return object;
  const asView: ObjectRef = { type: "VIEW", name: object.name };
  return model.creationOf(asView) ? asView : object;
}

function rank(graph: TerraformGraph, a: FactSource, b: FactSource): boolean {
  const level = (source: FactSource) =>
    source.kind === "system" ? 0 : source.kind === "bootstrap" ? 1 : 2;
  if (level(a) !== level(b)) return level(a) < level(b);
  if (a.kind === "bootstrap" && b.kind === "bootstrap") return a.line < b.line;
  if (a.kind === "resource" && b.kind === "resource")
    return graph.ancestors(b.address).has(a.address);
  return false;
}

function normalizeRole(role: string): string {
  return objectRef("ROLE", role)?.name ?? role;
}

function resourceView(graph: TerraformGraph, node: GraphNode): ResourceView {
  const nested = (...path: string[]): unknown => {
    let current: unknown = node.config;
    for (const key of path) {
      if (Array.isArray(current)) current = current[0];
      if (current === null || typeof current !== "object") return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return Array.isArray(current) && current.length === 1 && typeof current[0] !== "object"
      ? current[0]
      : current;
  };
  const provider = graph.providerOf(node);
  return {
    address: node.address,
    type: node.type,
    value: (attribute) => graph.resolve(node.config[attribute]),
    nested: (...path) => graph.resolve(nested(...path)),
    list: (attribute) =>
      ((node.config[attribute] as unknown[] | undefined) ?? [])
        .map((item) => graph.resolve(item))
        .filter((item): item is string => item !== undefined),
    has: (attribute) => node.config[attribute] !== undefined && node.config[attribute] !== null,
    providerWarehouse: provider.warehouse,
  };
}
