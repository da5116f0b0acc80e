/**
 * The example values shipped in stacks/environments.ts and stacks/bootstrap-settings.ts. Synth of
 * the example must stay green offline, so they are not errors there; the stacks carry them to
 * Terraform, which stops the plan (see constructs/example-placeholder-guard.ts).
 */
import type { BootstrapSettings } from "./bootstrap-config";
import type { EnvironmentConfig } from "./config";

/** Snowflake organization of the example. */
export const EXAMPLE_ORGANIZATION = "EXAMPLEORG";
/** Prefix of the example's bucket names. */
export const EXAMPLE_BUCKET_PREFIX = "example-sensors-";
/** GitHub owner of the example: a deploy role trusting it trusts someone else's repository. */
export const EXAMPLE_GITHUB_OWNER = "example-org";
/** Domains reserved for documentation (RFC 2606): mail to them reaches nobody. */
const EXAMPLE_MAIL_DOMAIN = /@example\.(com|org|net)$/i;

/** "setting = value" for each example value still in an environment. */
export function environmentPlaceholders(config: EnvironmentConfig): string[] {
  const found: string[] = [];
  const note = (setting: string, value: string) =>
    found.push(`${config.name}.${setting} = ${JSON.stringify(value)}`);
  if (config.snowflake.organizationName === EXAMPLE_ORGANIZATION)
    note("snowflake.organizationName", config.snowflake.organizationName);
  if (config.state.bucket.startsWith(EXAMPLE_BUCKET_PREFIX))
    note("state.bucket", config.state.bucket);
  if (config.landingBucket.name.startsWith(EXAMPLE_BUCKET_PREFIX))
    note("landingBucket.name", config.landingBucket.name);
  config.alerts.emailAddresses.forEach((address, i) => {
    if (EXAMPLE_MAIL_DOMAIN.test(address)) note(`alerts.emailAddresses.${i}`, address);
  });
  return found;
}

/** "setting = value" for each example value still in the bootstrap settings and state bucket. */
export function bootstrapPlaceholders(settings: BootstrapSettings, stateBucket: string): string[] {
  const found: string[] = [];
  if (settings.github.owner === EXAMPLE_GITHUB_OWNER)
    found.push(`github.owner = ${JSON.stringify(settings.github.owner)}`);
  if (stateBucket.startsWith(EXAMPLE_BUCKET_PREFIX))
    found.push(`state.bucket = ${JSON.stringify(stateBucket)}`);
  return found;
}
