import { Testing } from "cdktf";
import {
  type BootstrapConfig,
  type BootstrapSettingsInput,
  resolveBootstrapConfig,
} from "../../stacks/bootstrap-config";
import { BOOTSTRAP_SETTINGS } from "../../stacks/bootstrap-settings";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import type { PolicyDocumentJson } from "../../constructs/policy-document";
import { environment, resourcesOfType, synthesize } from "./synth";

/** The checked-in dev and prod environments. */
export const environments = () => [environment("dev"), environment("prod")];

/** The bootstrap configuration from the checked-in settings, optionally changed for a test. */
export const bootstrapConfig = (
  change: (settings: BootstrapSettingsInput) => BootstrapSettingsInput = (settings) => settings,
): BootstrapConfig =>
  resolveBootstrapConfig(
    change(structuredClone(BOOTSTRAP_SETTINGS) as BootstrapSettingsInput),
    environments(),
  );

/** The bootstrap stack, built. */
export const bootstrapStack = (config: BootstrapConfig = bootstrapConfig()) =>
  new BootstrapStack(Testing.app(), "sensors-bootstrap", { config });

/** The bootstrap stack, synthesized and parsed. */
export const synthBootstrap = (config: BootstrapConfig = bootstrapConfig()) =>
  synthesize(bootstrapStack(config));

export type Synth = ReturnType<typeof synthBootstrap>;

/** The role with this name and its logical id; fails the test when there is none. */
export const roleNamed = (synthesized: Synth, name: string) => {
  const role = Object.entries(resourcesOfType(synthesized, "aws_iam_role")).find(
    ([, resource]) => resource.name === name,
  );
  if (!role) throw new Error(`no role named ${name}`);
  return { id: role[0], resource: role[1] };
};

/** The trust policy of a role. */
export const trustOf = (synthesized: Synth, roleName: string) =>
  JSON.parse(
    roleNamed(synthesized, roleName).resource.assume_role_policy as string,
  ) as PolicyDocumentJson;

/** Inline policies and managed policy ARNs attached to a role, by the role's logical id. */
export const permissionsOf = (synthesized: Synth, roleName: string) => {
  const { id } = roleNamed(synthesized, roleName);
  const reference = `\${aws_iam_role.${id}.name}`;
  const inline = Object.values(resourcesOfType(synthesized, "aws_iam_role_policy"))
    .filter((policy) => policy.role === reference)
    .map((policy) => JSON.parse(policy.policy as string) as PolicyDocumentJson);
  const managed = Object.values(resourcesOfType(synthesized, "aws_iam_role_policy_attachment"))
    .filter((attachment) => attachment.role === reference)
    .map((attachment) => attachment.policy_arn as string);
  return { statements: inline.flatMap((document) => document.Statement), managed };
};

/** A policy element as a list. */
export const list = (value: string | readonly string[] | undefined): string[] =>
  value === undefined ? [] : typeof value === "string" ? [value] : [...value];

/** Actions that only read, by their verb. */
export const READ_ONLY_ACTION = /^[a-z0-9-]+:(Get|List|Describe|Head)[A-Za-z*]*$/;
