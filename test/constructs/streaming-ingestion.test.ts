/**
 * The streaming path as synthesized for dev (on) and prod (off): assertions on the Terraform JSON,
 * relations included (which role may do what on which resource).
 */
import {
  environment,
  pipelineStack,
  resourcesOfType,
  synthesize,
  type SynthesizedStack,
} from "../helpers/synth";

let dev: SynthesizedStack;
beforeAll(() => {
  dev = synthesize(pipelineStack(environment("dev")));
});

const only = (synthesized: SynthesizedStack, type: string) => {
  const all = Object.values(resourcesOfType(synthesized, type));
  expect(all).toHaveLength(1);
  return all[0];
};
const statements = (policy: unknown) =>
  (JSON.parse(String(policy)) as { Statement: Record<string, unknown>[] }).Statement;
const roleKey = (reference: unknown) => /aws_iam_role\.([^.]+)\.arn/.exec(String(reference))?.[1];

describe("streaming path (dev)", () => {
  test("no private key appears anywhere in the synthesized stack", () => {
    const text = JSON.stringify(dev);
    // No PEM and no PKCS#8 body (an RSA private key's base64 starts MIIE/MIIF; a public key's MIIB).
    expect(text).not.toMatch(/PRIVATE KEY|MII[EF][A-Za-z0-9+/]{64}/);
    const firehose = only(dev, "aws_kinesis_firehose_delivery_stream");
    const snowflake = firehose.snowflake_configuration as Record<string, unknown>;
    for (const inline of ["user", "private_key", "key_passphrase"])
      expect(snowflake[inline]).toBeUndefined();
    expect(snowflake.secrets_manager_configuration).toMatchObject({ enabled: true });
    // The secret exists without a value: its version is set outside Terraform.
    expect(resourcesOfType(dev, "aws_secretsmanager_secret_version")).toEqual({});
    expect(
      String((snowflake.secrets_manager_configuration as Record<string, unknown>).secret_arn),
    ).toContain("aws_secretsmanager_secret.");
  });

  test("the IoT policy lets each thing connect and publish only as itself, to its own readings topic", () => {
    const policy = only(dev, "aws_iot_policy");
    const allowed = statements(policy.policy);
    expect(allowed.map((s) => s.Action).sort()).toEqual(["iot:Connect", "iot:Publish"]);
    for (const statement of allowed) {
      expect(statement.Effect).toBe("Allow");
      expect(String(statement.Resource)).toMatch(/\$\$\{iot:Connection\.Thing\.ThingName\}/);
      expect(String(statement.Resource)).not.toContain("*");
    }
    const publish = allowed.find((s) => s.Action === "iot:Publish");
    expect(String(publish?.Resource)).toMatch(
      /:topic\/sensors\/dev\/\$\$\{iot:Connection\.Thing\.ThingName\}\/readings$/,
    );
    expect(Object.values(resourcesOfType(dev, "aws_iot_thing")).map((t) => t.name)).toEqual([
      "gw-0042",
    ]);
    expect(resourcesOfType(dev, "aws_iot_certificate")).toEqual({});
  });

  test("the topic rule takes the gateway from the topic, sends to the delivery stream and keeps failures in S3", () => {
    const rule = only(dev, "aws_iot_topic_rule");
    expect(rule.sql).toBe(
      "SELECT topic(3) AS gateway_id, timestamp() AS received_at_ms, newuuid() AS message_id, encode(*, 'base64') AS payload FROM 'sensors/dev/+/readings'",
    );
    const [firehose] = rule.firehose as Record<string, unknown>[];
    expect(firehose.batch_mode).toBe(false);
    expect(firehose.delivery_stream_name).toMatch(/aws_kinesis_firehose_delivery_stream\./);
    const errorS3 = (rule.error_action as Record<string, Record<string, unknown>>).s3;
    expect(errorS3.bucket_name).toMatch(/aws_s3_bucket\.LandingBucket/);
    expect(errorS3.key).toMatch(/^stream\/iot-errors\//);
    // The rule's role may write only there and put records only into this stream.
    const role = roleKey(firehose.role_arn);
    const policies = Object.values(resourcesOfType(dev, "aws_iam_role_policy")).filter((p) =>
      String(p.role).includes(`aws_iam_role.${role}.`),
    );
    const granted = policies.flatMap((p) => statements(p.policy));
    expect(granted.filter((s) => String(s.Action).includes("s3:")).map((s) => s.Resource)).toEqual([
      expect.stringMatching(/\/stream\/iot-errors\/\*$/),
    ]);
  });

  test("Firehose writes to the streaming table as the user's default role, backs every record up to S3 and buffers at most 60 s", () => {
    const firehose = only(dev, "aws_kinesis_firehose_delivery_stream");
    const snowflake = firehose.snowflake_configuration as Record<string, unknown>;
    expect(snowflake).toMatchObject({
      database: "SENSORS_DEV",
      schema: "LANDING",
      table: "READINGS_STREAMED",
      data_loading_option: "VARIANT_CONTENT_MAPPING",
      content_column_name: "RECORD_CONTENT",
      s3_backup_mode: "AllData",
      snowflake_role_configuration: { enabled: false },
    });
    expect(Number(snowflake.buffering_interval)).toBeLessThanOrEqual(60);
    expect(snowflake.s3_configuration).toMatchObject({
      prefix: "stream/backup/",
      bucket_arn: expect.stringMatching(/aws_s3_bucket\.LandingBucket/),
    });
    const processors = (
      snowflake.processing_configuration as { processors: Record<string, unknown>[] }
    ).processors;
    expect(JSON.stringify(processors)).toMatch(/aws_lambda_function\.Streaming_Processor/);
    expect(snowflake.cloudwatch_logging_options).toMatchObject({ enabled: true });
  });

  test("the streaming user's role holds USAGE on the database and LANDING and INSERT on the streaming table, nothing else", () => {
    const user = Object.values(resourcesOfType(dev, "snowflake_service_user")).find(
      (u) => u.name === "SENSORS_DEV_STREAMING",
    );
    expect(user?.default_role).toMatch(/snowflake_account_role\./);
    const grants = Object.values(
      resourcesOfType(dev, "snowflake_grant_privileges_to_account_role"),
    ).filter((g) => String(g.account_role_name).includes("Streaming_SnowflakeUser_Role"));
    const summary = grants
      .map(
        (g) =>
          `${(g.privileges as string[]).join(",")} ${Object.keys(g).find((k) => k.startsWith("on_"))}`,
      )
      .sort();
    expect(summary).toEqual([
      "INSERT on_schema_object",
      "USAGE on_account_object",
      "USAGE on_schema",
    ]);
  });

  test("alarms watch delivery freshness and failures, processing and the rule's action", () => {
    const names = Object.values(resourcesOfType(dev, "aws_cloudwatch_metric_alarm")).map(
      (a) => a.metric_name,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        "DeliveryToSnowflake.DataFreshness",
        "DeliveryToS3.Records",
        "ExecuteProcessing.Success",
        "Failure",
      ]),
    );
  });

  test("the delivery alarm fires on the first record Firehose gives up on, not on a retried call", () => {
    // DeliveryToSnowflake.Success counts successful insert calls and a failed call is retried;
    // DeliveryToS3.Records is emitted only when delivery to Snowflake fails (Firehose's
    // "Delivery to Snowflake" metrics page).
    const delivery = Object.values(resourcesOfType(dev, "aws_cloudwatch_metric_alarm")).filter(
      (a) => a.namespace === "AWS/Firehose" && String(a.metric_name).startsWith("DeliveryTo"),
    );
    expect(
      delivery.map((a) => [a.metric_name, a.statistic, a.comparison_operator, a.threshold]),
    ).toEqual(
      expect.arrayContaining([["DeliveryToS3.Records", "Sum", "GreaterThanOrEqualToThreshold", 1]]),
    );
    expect(delivery.map((a) => a.metric_name)).not.toContain("DeliveryToSnowflake.Success");
  });
});

test("prod has no streaming resources (the setting is off there)", () => {
  const prod = synthesize(pipelineStack(environment("prod")));
  for (const type of [
    "aws_iot_policy",
    "aws_iot_topic_rule",
    "aws_kinesis_firehose_delivery_stream",
    "aws_secretsmanager_secret",
  ])
    expect(resourcesOfType(prod, type)).toEqual({});
});
