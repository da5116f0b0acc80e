import { blocks, isRecord } from "../../references";
import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";

export const FirehoseSnowflakeKeyFromSecret: GuardrailRule = {
  id: "Firehose.SnowflakeKeyFromSecret",
  name: "FirehoseSnowflakeKeyFromSecret",
  what: "A delivery stream to Snowflake reads its key from Secrets Manager (secrets_manager_configuration enabled) and sets no private_key, key_passphrase or user.",
  why: "A private key in the configuration is written to the synthesized JSON, the plan and the Terraform state, where everyone who can read them can sign in as the streaming user (terraform-provider-aws #42611).",
  level: "ERROR",
  resourceTypes: ["aws_kinesis_firehose_delivery_stream"],
  check(stream) {
    const configurations = blocks(stream.config.snowflake_configuration);
    if (configurations.length === 0) return notApplicable("not a Snowflake destination");
    for (const configuration of configurations) {
      const inline = ["private_key", "key_passphrase", "user"].filter(
        (key) => configuration[key] !== undefined && configuration[key] !== null,
      );
      if (inline.length > 0)
        return nonCompliant(
          `snowflake_configuration sets ${inline.join(", ")}; remove them and read the key from a secret (secrets_manager_configuration)`,
        );
      const secrets = blocks(configuration.secrets_manager_configuration).filter(isRecord);
      if (!secrets.some((secret) => secret.enabled === true && secret.secret_arn))
        return nonCompliant(
          "snowflake_configuration has no enabled secrets_manager_configuration with a secret_arn",
        );
    }
    return compliant();
  },
};
