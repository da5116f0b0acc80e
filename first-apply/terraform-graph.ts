/**
 * Terraform's view of one synthesized stack: every resource and data source by address, the edges
 * Terraform orders the apply by (references inside `${...}` and `depends_on`), and the values of
 * the attributes that are known before the apply (literals, and references to other resources'
 * names). Edges in `lifecycle` are not counted: `replace_triggered_by` decides replacement, not
 * order, so counting it could only hide a missing edge.
 */

/** Synthesized Terraform JSON of one stack (`cdk.tf.json`), as far as the checker reads it. */
export interface SynthesizedStackJson {
  readonly provider?: Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>;
  readonly resource?: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
  >;
  readonly data?: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
  >;
  readonly output?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** One resource or data source of the stack. */
export interface GraphNode {
  /** Terraform address: `type.name`, or `data.type.name`. */
  readonly address: string;
  readonly type: string;
  /** Construct path from cdktf's metadata, for messages. */
  readonly path: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Addresses this node waits for directly. */
  readonly dependsOn: ReadonlySet<string>;
}

const REFERENCE =
  /(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)(?:\.|\[|$|[^\w.-])/g;

export class TerraformGraph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  private readonly ancestorCache = new Map<string, ReadonlySet<string>>();

  constructor(readonly stack: SynthesizedStackJson) {
    const nodes = new Map<string, GraphNode>();
    const add = (prefix: string, blocks: SynthesizedStackJson["resource"]) => {
      for (const [type, byName] of Object.entries(blocks ?? {})) {
        for (const [name, config] of Object.entries(byName)) {
          const metadata = (config["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
          nodes.set(`${prefix}${type}.${name}`, {
            address: `${prefix}${type}.${name}`,
            type,
            path: metadata?.path ?? `${prefix}${type}.${name}`,
            config,
            dependsOn: new Set(),
          });
        }
      }
    };
    add("", stack.resource);
    add("data.", stack.data);
    for (const node of nodes.values()) {
      const edges = node.dependsOn as Set<string>;
      const rest = Object.fromEntries(
        Object.entries(node.config).filter(([key]) => key !== "lifecycle" && key !== "depends_on"),
      );
      const dependsOn = node.config.depends_on;
      for (const address of referencesIn(rest)) if (nodes.has(address)) edges.add(address);
      for (const entry of (dependsOn as unknown[] | undefined) ?? []) {
        const address = String(entry).replace(/^\$\{(.*)\}$/, "$1");
        if (nodes.has(address)) edges.add(address);
      }
    }
    this.nodes = nodes;
  }

  /** Every address that Terraform must finish before it starts `address`. */
  ancestors(address: string): ReadonlySet<string> {
    const cached = this.ancestorCache.get(address);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...(this.nodes.get(address)?.dependsOn ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.nodes.get(next)?.dependsOn ?? []));
    }
    this.ancestorCache.set(address, seen);
    return seen;
  }

  /** Resources of one type. */
  ofType(type: string): GraphNode[] {
    return [...this.nodes.values()].filter(
      (node) => node.type === type && !node.address.startsWith("data."),
    );
  }

  /**
   * The value of an attribute when it is known before the apply: a literal, or a reference to
   * another resource's `name`, `database`, `schema` or `fully_qualified_name`. Undefined otherwise.
   */
  valueOf(node: GraphNode, attribute: string): string | undefined {
    return this.resolve(node.config[attribute]);
  }

  /** Resolves a literal or a single `${...}` reference as {@link valueOf} does. */
  resolve(value: unknown, depth = 0): string | undefined {
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (typeof value !== "string" || depth > 10) return undefined;
    const whole = /^\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)\.([a-z_]+)\}$/.exec(
      value,
    );
    if (!whole) return value.includes("${") ? undefined : value;
    const target = this.nodes.get(whole[1]);
    if (!target) return undefined;
    if (whole[2] === "fully_qualified_name") return this.fullyQualifiedName(target, depth + 1);
    if (["name", "database", "schema"].includes(whole[2])) {
      return this.resolve(target.config[whole[2]], depth + 1);
    }
    return undefined;
  }

  private fullyQualifiedName(node: GraphNode, depth: number): string | undefined {
    const parts = ["database", "schema", "name"]
      .map((attribute) => this.resolve(node.config[attribute], depth))
      .filter((part): part is string => part !== undefined);
    if (node.config.name === undefined) return undefined;
    // Account objects have only a name; a schema has database and name.
    return parts.map((part) => `"${part.replace(/^"|"$/g, "")}"`).join(".");
  }

  /** The `role` and `warehouse` of the provider a resource runs with. */
  providerOf(node: GraphNode): {
    readonly role?: string;
    readonly warehouse?: string;
    readonly label: string;
  } {
    const label =
      typeof node.config.provider === "string" ? node.config.provider : node.type.split("_")[0];
    const [name, alias] = label.split(".");
    const configs = this.stack.provider?.[name] ?? [];
    const config = configs.find((candidate) => candidate.alias === alias) ?? {};
    return {
      role: typeof config.role === "string" ? config.role : undefined,
      warehouse: typeof config.warehouse === "string" ? config.warehouse : undefined,
      label,
    };
  }
}

/** Every `type.name` address referenced inside `${...}` anywhere in a value. */
export function referencesIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") {
    // Whole string, not each `${...}`: expressions nest braces (jsonencode({...})). Only
    // addresses of this stack's nodes become edges, so prose that looks like one is ignored.
    if (value.includes("${")) for (const match of value.matchAll(REFERENCE)) found.add(match[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (key !== "//") referencesIn(item, found);
  }
  return found;
}
