import type { ResourceView } from "./needs";
import type { GraphNode, TerraformGraph } from "./terraform-graph";

/**
 * A resource of the graph as the privilege table reads it: attribute values with references to
 * other resources' names resolved, nested blocks (cdktf writes a block as an object or a
 * one-item list), and the warehouse of its provider.
 */
export function resourceView(graph: TerraformGraph, node: GraphNode): ResourceView {
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
