import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LandingBucket, type LandingBucketProps } from "../../constructs/landing-bucket";
import { type SynthesizedStack, resourcesOfType } from "./synth";

/** One statement of a synthesized policy, as AWS reads it. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A bare stack with an AWS provider and a landing bucket, for construct tests. */
export function bucketStack(props: Partial<LandingBucketProps> = {}): {
  stack: TerraformStack;
  bucket: LandingBucket;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const bucket = new LandingBucket(stack, "LandingBucket", {
    bucketName: "test-landing",
    region: "eu-west-1",
    ...props,
  });
  return { stack, bucket };
}

/** The statements of a policy argument (a JSON string). */
export function statementsOf(policy: unknown): Statement[] {
  if (typeof policy !== "string") throw new Error(`policy is not a JSON string: ${String(policy)}`);
  return (JSON.parse(policy) as { Statement: Statement[] }).Statement;
}

/** A value as an array, for Action and Resource which may be either. */
export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `${type.<id>.<attribute>}` of the only resource of a type: how other resources refer to it. */
export function reference(synthesized: SynthesizedStack, type: string, attribute: string): string {
  const ids = Object.keys(resourcesOfType(synthesized, type));
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  return `\${${type}.${ids[0]}.${attribute}}`;
}

/** `type.<id>` of the resource whose logical id starts with `prefix`, as depends_on lists it. */
export function address(synthesized: SynthesizedStack, type: string, prefix: string): string {
  const ids = Object.keys(resourcesOfType(synthesized, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} named ${prefix}*, found ${ids.length}`);
  return `${type}.${ids[0]}`;
}

/** The resource of a type whose logical id starts with `prefix`. */
export function resourceNamed(
  synthesized: SynthesizedStack,
  type: string,
  prefix: string,
): Record<string, unknown> {
  const [id] = address(synthesized, type, prefix).split(".").slice(1);
  return resourcesOfType(synthesized, type)[id];
}
