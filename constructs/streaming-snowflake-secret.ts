import { Construct } from "constructs";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";

/** Properties of {@link StreamingSnowflakeSecret}. */
export interface StreamingSnowflakeSecretProps {
  /** Secret name. */
  readonly secretName: string;
  /** The Snowflake user the key belongs to, for the description. */
  readonly snowflakeUser: string;
}

/**
 * The secret Firehose reads the Snowflake key from. Terraform creates the secret without a value:
 * the key pair is made outside Terraform and its private half put into the secret by an operator
 * (docs/operations.md), so no private key is ever in the configuration, the plan or the state. The
 * value's shape is Firehose's, not Secrets Manager's managed Snowflake secret:
 * `{"user": "<user>", "private_key": "<PKCS#8 body, no header, no line breaks>"}` plus an optional
 * `"key_passphrase"` (docs.aws.amazon.com/firehose/latest/dev/using-secrets-manager.html).
 */
export class StreamingSnowflakeSecret extends Construct {
  readonly secret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: StreamingSnowflakeSecretProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, "Resource", {
      name: props.secretName,
      description: `Snowflake key of ${props.snowflakeUser} for Firehose: {"user","private_key"[,"key_passphrase"]}; value set outside Terraform (docs/operations.md)`,
      recoveryWindowInDays: 7,
    });
  }
}
