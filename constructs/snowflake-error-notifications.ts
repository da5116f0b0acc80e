import { Construct } from "constructs";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import { grantIntegrationUsage } from "./integration-usage-grant";
import { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { AwsAccount } from "./aws-account";
import { Problems } from "./validation";

/** Properties of {@link SnowflakeErrorNotifications}. */
export interface SnowflakeErrorNotificationsProps {
  /** Name of the notification integration, an unquoted upper-case Snowflake identifier. */
  readonly integrationName: string;
  /** Name of the IAM role Snowflake assumes to publish (1-64 characters); its ARN is built from it. */
  readonly roleName: string;
  /** Standard (not FIFO) topic the error messages go to: Snowflake drops them silently on FIFO. */
  readonly topic: SnsTopic;
  /** Customer key the topic encrypts with: the role may use it through SNS. @default - no KMS permission (topic not encrypted with a customer key) */
  readonly topicKmsKey?: KmsKey;
  /** Role that owns the pipes and tasks naming this integration; it receives USAGE on it. */
  readonly usageRoleName: string;
  /** Provider whose role creates the account-level integration and the grant (the admin alias). */
  readonly provider: SnowflakeProvider;
}

/**
 * Where Snowflake reports pipe and task errors: an outbound SNS notification integration and the
 * IAM role it assumes to publish to the alerts topic. Delivery is at least once.
 *
 * Unlike a storage integration, this one cannot take our external ID, so the trust policy reads
 * the integration's computed IAM user and external ID; the role's ARN is built from its name, so
 * the edge stays one-way (integration → role).
 */
export class SnowflakeErrorNotifications extends Construct {
  /** The notification integration: pass its name as a pipe's or task's `error_integration`. */
  readonly integration: NotificationIntegration;
  /** The IAM role Snowflake assumes to publish. */
  readonly role: IamRole;
  /** The role's inline publish policy; messages fail until it exists. */
  readonly rolePolicy: IamRolePolicy;
  /** USAGE on the integration for the owner of the pipes and tasks (without it nothing is sent). */
  readonly usageGrant: GrantPrivilegesToAccountRole;

  constructor(scope: Construct, id: string, props: SnowflakeErrorNotificationsProps) {
    super(scope, id);
    const { topic, topicKmsKey, provider } = props;
    validate(props);
    const account = AwsAccount.of(this);

    this.integration = new NotificationIntegration(this, "Resource", {
      provider,
      name: props.integrationName,
      notificationProvider: "AWS_SNS",
      enabled: true,
      awsSnsTopicArn: topic.arn,
      awsSnsRoleArn: account.roleArn(props.roleName),
      comment: "Snowflake pipe and task errors to the alerts topic (managed by CDKTF)",
    });

    const trust = new DataAwsIamPolicyDocument(this, "TrustPolicy", {
      statement: [
        {
          sid: "SnowflakeNotificationIntegration",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: [this.integration.awsSnsIamUserArn] }],
          condition: [
            {
              test: "StringEquals",
              variable: "sts:ExternalId",
              values: [this.integration.awsSnsExternalId],
            },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: `Assumed by Snowflake notification integration ${props.integrationName} to publish errors`,
      assumeRolePolicy: trust.json,
    });

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "PublishErrors", effect: "Allow", actions: ["sns:Publish"], resources: [topic.arn] },
    ];
    if (topicKmsKey) {
      statements.push({
        sid: "EncryptThroughSns",
        effect: "Allow",
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: [topicKmsKey.arn],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [`sns.${topic.region}.${account.dnsSuffix}`],
          },
        ],
      });
    }
    const publish = new DataAwsIamPolicyDocument(this, "PublishPolicy", { statement: statements });
    this.rolePolicy = new IamRolePolicy(this, "RolePolicy", {
      name: "publish-errors",
      role: this.role.name,
      policy: publish.json,
    });

    this.usageGrant = grantIntegrationUsage(this, provider, props.usageRoleName, this.integration);
  }
}

function validate(props: SnowflakeErrorNotificationsProps): void {
  new Problems("SnowflakeErrorNotifications")
    .identifier("integrationName", props.integrationName)
    .roleName("usageRoleName", props.usageRoleName)
    .iamRoleName("roleName", props.roleName)
    .throwIfAny();
}
