import {
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  type TerraformStack,
  Tokenization,
} from "cdktf";
import type { IConstruct } from "constructs";

/** A resource, data source or provider of a stack, with its configuration as Terraform will see it. */
export interface SynthesizedResource {
  /** Which Terraform block this is. */
  readonly kind: "resource" | "data" | "provider";
  /** Terraform type (`aws_s3_bucket`, `aws_iam_policy_document`) or provider name (`snowflake`). */
  readonly type: string;
  /** Address other blocks use to refer to it: `aws_s3_bucket.x`, `data.aws_iam_policy_document.x`, `snowflake.admin`. */
  readonly address: string;
  /** Construct path, for reports and suppressions. */
  readonly path: string;
  /** The construct itself, to annotate. */
  readonly construct: IConstruct;
  /**
   * The synthesized arguments (snake_case, overrides applied). Tokens are resolved: a reference to
   * another block reads `${aws_s3_bucket.x.arn}`, a function call `${join(...)}`.
   */
  readonly config: Readonly<Record<string, unknown>>;
  /** Why the configuration could not be resolved; `config` is then empty. */
  readonly unresolvable?: string;
}

type Element = TerraformResource | TerraformDataSource | TerraformProvider;

/**
 * A block whose configuration is resolved on first use: resolving costs about as much as
 * synthesizing it, and most blocks are never looked at by any rule.
 */
class LazyBlock implements SynthesizedResource {
  readonly path: string;
  private resolved?: { config: Record<string, unknown>; unresolvable?: string };

  constructor(
    readonly kind: SynthesizedResource["kind"],
    readonly type: string,
    readonly address: string,
    readonly construct: Element,
    private readonly stack: TerraformStack,
    private readonly resolver: DefaultTokenResolver,
  ) {
    this.path = construct.node.path;
  }

  get config(): Readonly<Record<string, unknown>> {
    return this.resolve().config;
  }

  get unresolvable(): string | undefined {
    return this.resolve().unresolvable;
  }

  private resolve(): { config: Record<string, unknown>; unresolvable?: string } {
    if (!this.resolved) {
      try {
        const synthesized = Tokenization.resolve(this.construct.toTerraform(), {
          scope: this.stack,
          resolver: this.resolver,
        });
        this.resolved = { config: argumentsOf(this.kind, synthesized) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.resolved = { config: {}, unresolvable: message.split("\n")[0] };
      }
    }
    return this.resolved;
  }
}

/** Every block of one stack, indexed for cross-resource rules; configurations resolve on demand. */
export class StackResources {
  private readonly byAddressIndex = new Map<string, SynthesizedResource>();
  private readonly byTypeIndex = new Map<string, SynthesizedResource[]>();

  /** Indexes every resource, data source and provider of the stack. */
  static of(stack: TerraformStack): StackResources {
    const resolver = new DefaultTokenResolver(new StringConcat());
    const blocks: SynthesizedResource[] = [];
    for (const construct of stack.node.findAll()) {
      let kind: SynthesizedResource["kind"];
      if (construct instanceof TerraformDataSource) kind = "data";
      else if (construct instanceof TerraformResource) kind = "resource";
      else if (construct instanceof TerraformProvider) kind = "provider";
      else continue;
      const type = construct.terraformResourceType;
      const address =
        kind === "provider"
          ? providerAddress(construct as TerraformProvider)
          : `${kind === "data" ? "data." : ""}${type}.${construct.friendlyUniqueId}`;
      blocks.push(new LazyBlock(kind, type, address, construct, stack, resolver));
    }
    return new StackResources(blocks);
  }

  constructor(readonly all: readonly SynthesizedResource[]) {
    for (const block of all) {
      this.byAddressIndex.set(block.address, block);
      const sameType = this.byTypeIndex.get(block.type) ?? [];
      sameType.push(block);
      this.byTypeIndex.set(block.type, sameType);
    }
  }

  /** The resources (or data sources) of one Terraform type. */
  ofType(type: string): readonly SynthesizedResource[] {
    return this.byTypeIndex.get(type) ?? [];
  }

  /** The block with this address (`aws_s3_bucket.x`, `data.aws_iam_policy_document.y`). */
  byAddress(address: string): SynthesizedResource | undefined {
    return this.byAddressIndex.get(address);
  }

  /** The provider configuration a resource is created with: its `provider` argument or the default one. */
  providerOf(resource: SynthesizedResource): SynthesizedResource | undefined {
    const explicit = resource.config.provider;
    if (typeof explicit === "string") return this.byAddress(explicit);
    const providerName = resource.type.split("_")[0];
    return this.ofType(providerName).find((provider) => provider.address === providerName);
  }
}

/** `snowflake` for a default provider, `snowflake.admin` for an aliased one. */
function providerAddress(provider: TerraformProvider): string {
  return provider.alias
    ? `${provider.terraformResourceType}.${provider.alias}`
    : provider.terraformResourceType;
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** The arguments of the single block in an element's `toTerraform()` output, without cdktf's `//` metadata. */
function argumentsOf(
  kind: SynthesizedResource["kind"],
  synthesized: { resource?: Blocks; data?: Blocks; provider?: Record<string, unknown[]> },
): Record<string, unknown> {
  if (kind === "provider") {
    return Object.values(synthesized.provider ?? {})[0][0] as Record<string, unknown>;
  }
  const byId = Object.values((kind === "data" ? synthesized.data : synthesized.resource) ?? {})[0];
  const raw = Object.values(byId)[0];
  return Object.fromEntries(Object.entries(raw).filter(([key]) => key !== "//"));
}
