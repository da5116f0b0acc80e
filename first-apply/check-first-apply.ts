import type { OperatorTool } from "../ops/snowflake-operations";
import { type AccessFacts, AccessModel, type FactSource, type PointOfApply } from "./access-facts";
import { SYSTEM_ROLE_FACTS, readBootstrapSql } from "./bootstrap-facts";
import { OPERATOR_TOOLS, checkTool } from "./check-tools";
import type { Finding } from "./finding";
import { RESOURCE_PRIVILEGES } from "./privilege-table";
import { factsOf } from "./resource-objects";
import { resourceView } from "./resource-view";
import { normalizeRole } from "./roles";
import { type SynthesizedStackJson, TerraformGraph } from "./terraform-graph";
import { unmet } from "./unmet-need";

/**
 * The first-apply checker: for every Snowflake resource of a synthesized stack, does the role of
 * its provider hold everything Snowflake requires to create it, counting only what the bootstrap
 * SQL established and what Terraform has finished before it (its ancestors in the graph)? Anything
 * else may run after it, in parallel. Then the same for every operator tool, after the whole apply.
 */

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
  for (const problem of bootstrap.problems) findings.push({ stack: input.stack, ...problem });

  const resources = [...graph.nodes.values()].filter(
    (node) => node.type.startsWith("snowflake_") && !node.address.startsWith("data."),
  );
  const views = new Map(resources.map((node) => [node.address, resourceView(graph, node)]));
  const established = resources.flatMap((node) => {
    const role = graph.providerOf(node).role;
    const view = views.get(node.address);
    return role === undefined || view === undefined ? [] : [factsOf(view, normalizeRole(role))];
  });
  const facts: AccessFacts = {
    creations: [SYSTEM_ROLE_FACTS, bootstrap, ...established].flatMap((part) => part.creations),
    roleGrants: [SYSTEM_ROLE_FACTS, bootstrap, ...established].flatMap((part) => part.roleGrants),
    privilegeGrants: [SYSTEM_ROLE_FACTS, bootstrap, ...established].flatMap(
      (part) => part.privilegeGrants,
    ),
  };
  const model = new AccessModel(facts);
  const order = (a: FactSource, b: FactSource): boolean => rank(graph, a, b);

  for (const node of resources) {
    const view = resourceView(graph, node);
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

function rank(graph: TerraformGraph, a: FactSource, b: FactSource): boolean {
  const level = (source: FactSource) =>
    source.kind === "system" ? 0 : source.kind === "bootstrap" ? 1 : 2;
  if (level(a) !== level(b)) return level(a) < level(b);
  if (a.kind === "bootstrap" && b.kind === "bootstrap") return a.line < b.line;
  if (a.kind === "resource" && b.kind === "resource")
    return graph.ancestors(b.address).has(a.address);
  return false;
}
