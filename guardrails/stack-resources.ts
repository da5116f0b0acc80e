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

/** Every block of one stack, resolved once, indexed for cross-resource rules. */
export class StackResources {
  private readonly byAddressIndex = new Map<string, SynthesizedResource>();
  private readonly byTypeIndex = new Map<string, SynthesizedResource[]>();

  /** Resolves every resource, data source and provider of the stack. */
  static of(stack: TerraformStack): StackResources {
    const resolver = new DefaultTokenResolver(new StringConcat());
    const blocks: SynthesizedResource[] = [];
    for (const construct of stack.node.findAll()) {
      const block = synthesizedBlock(construct, stack, resolver);
      if (block) blocks.push(block);
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

function synthesizedBlock(
  construct: IConstruct,
  stack: TerraformStack,
  resolver: DefaultTokenResolver,
): SynthesizedResource | undefined {
  let kind: SynthesizedResource["kind"];
  if (construct instanceof TerraformDataSource) kind = "data";
  else if (construct instanceof TerraformResource) kind = "resource";
  else if (construct instanceof TerraformProvider) kind = "provider";
  else return undefined;
  const path = construct.node.path;
  try {
    const synthesized = Tokenization.resolve(construct.toTerraform(), { scope: stack, resolver });
    return fromSynthesized(kind, synthesized, construct, path);
  } catch (error) {
    const type = (construct as TerraformResource | TerraformProvider).terraformResourceType;
    return {
      kind,
      type,
      address: `${kind === "data" ? "data." : ""}${type}.${stack.getLogicalId(construct)}`,
      path,
      construct,
      config: {},
      unresolvable: (error instanceof Error ? error.message : String(error)).split("\n")[0],
    };
  }
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

function fromSynthesized(
  kind: SynthesizedResource["kind"],
  synthesized: { resource?: Blocks; data?: Blocks; provider?: Record<string, unknown[]> },
  construct: IConstruct,
  path: string,
): SynthesizedResource | undefined {
  if (kind === "provider") {
    const [type, [config]] = Object.entries(synthesized.provider ?? {})[0] as [
      string,
      Array<Record<string, unknown>>,
    ];
    const alias = config.alias;
    const address = typeof alias === "string" ? `${type}.${alias}` : type;
    return { kind, type, address, path, construct, config };
  }
  const blocks = (kind === "data" ? synthesized.data : synthesized.resource) ?? {};
  const [type, byId] = Object.entries(blocks)[0];
  const [logicalId, raw] = Object.entries(byId)[0];
  const config = Object.fromEntries(Object.entries(raw).filter(([key]) => key !== "//"));
  const address = `${kind === "data" ? "data." : ""}${type}.${logicalId}`;
  return { kind, type, address, path, construct, config };
}
