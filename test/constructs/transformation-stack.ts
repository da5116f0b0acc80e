import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type TerraformStack, Testing } from "cdktf";
import { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import { Table } from "@cdktf/provider-snowflake/lib/table";
import type { EnvironmentConfig } from "../../stacks/config";
import { addSnowflakeTransformation } from "../../stacks/snowflake-serving";
import { type SynthesizedStack, environment, pipelineStack } from "../helpers/synth";

/**
 * The environment stack with stand-ins for what ingestion provides (LANDING.READINGS_RAW and the
 * SNS notification integration), and the transformation and freshness alert wired to them.
 */
export function stackWithTransformation(config: EnvironmentConfig = environment("dev")) {
  const stack = pipelineStack(config);
  const landing = stack.snowflakeDatabase.landing;
  const landingTable = new Table(stack, "TestLandingTable", {
    provider: stack.snowflakeOwner,
    database: landing.database,
    schema: landing.name,
    name: "READINGS_RAW",
    column: [{ name: "SENSOR_ID", type: "VARCHAR" }],
    changeTracking: true,
  });
  const errorIntegration = new NotificationIntegration(stack, "TestErrorIntegration", {
    provider: stack.snowflakeAdmin,
    name: "SENSORS_DEV_ERRORS",
    notificationProvider: "AWS_SNS",
    awsSnsTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
    awsSnsRoleArn: "arn:aws:iam::123456789012:role/errors",
  });
  const added = addSnowflakeTransformation(stack, { landingTable, errorIntegration });
  return { stack, landingTable, errorIntegration, ...added };
}

/**
 * Synthesizes through the full app pipeline and parses the stack's JSON: unlike `Testing.synth`,
 * this resolves `depends_on`.
 */
export function fullySynthesize(stack: TerraformStack): SynthesizedStack {
  const out = Testing.fullSynth(stack);
  return JSON.parse(
    readFileSync(join(out, "stacks", stack.node.id, "cdk.tf.json"), "utf8"),
  ) as SynthesizedStack;
}
