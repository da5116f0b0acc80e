import {
  SnowflakeErrorNotifications,
  type SnowflakeErrorNotificationsProps,
} from "../../constructs/snowflake-error-notifications";
import {
  OWNER_ROLE,
  type IngestionTestStack,
  dataSource,
  ingestionTestStack,
  onlyAddress,
} from "../helpers/snowflake-ingestion-stack";
import { type SynthesizedStack, onlyResource, synthesize } from "../helpers/synth";

interface PolicyStatement {
  actions: string[];
  resources?: string[];
  principals?: Array<{ type: string; identifiers: string[] }>;
  condition?: Array<{ test: string; variable: string; values: string[] }>;
}

function errorNotifications(
  change: (base: IngestionTestStack) => Partial<SnowflakeErrorNotificationsProps> = () => ({}),
): SynthesizedStack {
  const base = ingestionTestStack();
  new SnowflakeErrorNotifications(base.stack, "ErrorNotifications", {
    integrationName: "SENSORS_DEV_PIPELINE_ERRORS",
    roleName: "sensors-dev-snowflake-publish-errors",
    topic: base.alertsTopic,
    usageRoleName: OWNER_ROLE,
    provider: base.adminProvider,
    ...change(base),
  });
  return synthesize(base.stack);
}

function statements(synthesized: SynthesizedStack, idPart: string): PolicyStatement[] {
  return dataSource(synthesized, "aws_iam_policy_document", idPart).statement as PolicyStatement[];
}

const alertsTopicArn = "${aws_sns_topic.AlertsTopic.arn}";

describe("SnowflakeErrorNotifications", () => {
  test("is an AWS SNS integration publishing to the alerts topic through a role named by a built ARN", () => {
    const synthesized = errorNotifications();
    const integration = onlyResource(synthesized, "snowflake_notification_integration");
    const role = onlyResource(synthesized, "aws_iam_role");
    expect(integration).toMatchObject({
      name: "SENSORS_DEV_PIPELINE_ERRORS",
      notification_provider: "AWS_SNS",
      enabled: true,
      aws_sns_topic_arn: alertsTopicArn,
      aws_sns_role_arn: expect.stringMatching(
        new RegExp(
          `^arn:\\$\\{data\\.aws_partition\\.[^}]+\\}:iam::\\$\\{data\\.aws_caller_identity\\.[^}]+\\}:role/${role.name}$`,
        ),
      ),
    });
  });

  test("trusts the integration's computed IAM user and external ID, nothing else", () => {
    const synthesized = errorNotifications();
    const integration = onlyAddress(synthesized, "snowflake_notification_integration");
    expect(statements(synthesized, "TrustPolicy")).toEqual([
      expect.objectContaining({
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: [`\${${integration}.aws_sns_iam_user_arn}`] }],
        condition: [
          {
            test: "StringEquals",
            variable: "sts:ExternalId",
            values: [`\${${integration}.aws_sns_external_id}`],
          },
        ],
      }),
    ]);
  });

  test("lets the role publish to the alerts topic only", () => {
    const synthesized = errorNotifications();
    expect(statements(synthesized, "PublishPolicy")).toEqual([
      expect.objectContaining({
        effect: "Allow",
        actions: ["sns:Publish"],
        resources: [alertsTopicArn],
      }),
    ]);
    const policy = onlyResource(synthesized, "aws_iam_role_policy");
    expect(policy.role).toBe(`\${${onlyAddress(synthesized, "aws_iam_role")}.name}`);
  });

  test("lets the role use the topic's customer key through SNS when the topic is encrypted", () => {
    const synthesized = errorNotifications((base) => ({ topicKmsKey: base.bucketKey }));
    const kms = statements(synthesized, "PublishPolicy").filter((statement) =>
      statement.actions.some((action) => action.startsWith("kms:")),
    );
    expect(kms).toEqual([
      expect.objectContaining({
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: [`\${${onlyAddress(synthesized, "aws_kms_key")}.arn}`],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [expect.stringMatching(/^sns\.\$\{aws_sns_topic\.AlertsTopic\.region\}\./)],
          },
        ],
      }),
    ]);
  });

  test("creates the integration as the admin role and grants USAGE on it to the owner role", () => {
    const synthesized = errorNotifications();
    const integration = onlyAddress(synthesized, "snowflake_notification_integration");
    expect(onlyResource(synthesized, "snowflake_notification_integration").provider).toBe(
      "snowflake.admin",
    );
    expect(onlyResource(synthesized, "snowflake_grant_privileges_to_account_role")).toEqual({
      provider: "snowflake.admin",
      account_role_name: `"${OWNER_ROLE}"`,
      privileges: ["USAGE"],
      on_account_object: {
        object_type: "INTEGRATION",
        object_name: `\${${integration}.fully_qualified_name}`,
      },
    });
  });

  test("rejects an integration name that is not upper case", () => {
    expect(() => errorNotifications(() => ({ integrationName: "pipeline_errors" }))).toThrow(
      /integrationName "pipeline_errors" must be an unquoted Snowflake identifier in upper case/,
    );
  });
});
