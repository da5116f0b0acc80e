import { randomBytes } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { InvalidArgumentError } from "commander";
import type { RegisterCommand } from "./command";
import { readDeploymentOutputs } from "../../stacks/outputs";
import { requireAwsCredentials } from "../../ops/aws-credentials";
import { systemClock } from "../../ops/clock";
import { s3ObjectStore } from "../../ops/object-store";
import { connectSnowflake } from "../../ops/snowflake-sql-client";
import { snsTopicPolicyReader } from "../../ops/topic-policy";
import { validateGatewayId } from "../../ops/smoke/probe-file";
import { runSmoke } from "../../ops/smoke/run-smoke";
import { DEFAULT_STAGE_TIMEOUT_SECONDS, STAGE_NAMES, type StageName } from "../../ops/smoke/stages";

interface SmokeCommandOptions {
  stack: string;
  outputs: string;
  gateway: string;
  pollInterval: number;
  timeout?: number;
  role?: string;
  warehouse?: string;
}

/** `sensorctl smoke --stack <name>`: proves a deployment end to end and measures its latency. */
export const registerSmoke: RegisterCommand = (program) => {
  program
    .command("smoke")
    .description(
      "Check a deployed stack end to end: storage integration, pipe, topic policy, then one tagged " +
        "upload followed to the REPORTING view, with each stage's latency",
    )
    .requiredOption("--stack <name>", "stack to test, e.g. sensors-dev")
    .option(
      "--outputs <file>",
      "outputs file written by `cdktf output --outputs-file`",
      "outputs.json",
    )
    .option("--gateway <id>", "gateway id the probe is uploaded as", gatewayOption, "smoke-test")
    .option("--poll-interval <seconds>", "seconds between looks", positiveNumber, 5)
    .option(
      "--timeout <seconds>",
      `seconds to wait for each stage (default: ${STAGE_NAMES.map((s) => `${s} ${DEFAULT_STAGE_TIMEOUT_SECONDS[s]}`).join(", ")})`,
      positiveNumber,
    )
    .option(
      "--role <role>",
      "Snowflake role (default: SNOWFLAKE_ROLE, else the operator role output)",
    )
    .option(
      "--warehouse <name>",
      "Snowflake warehouse (default: SNOWFLAKE_WAREHOUSE, else the query warehouse output)",
    )
    .action(async (options: SmokeCommandOptions) => {
      const outputs = readDeploymentOutputs(options.outputs, options.stack);
      const s3 = new S3Client({ region: outputs.awsRegion });
      await requireAwsCredentials(s3.config.credentials);
      const sql = await connectSnowflake({
        organizationName: outputs.snowflakeOrganizationName,
        accountName: outputs.snowflakeAccountName,
        role: options.role ?? process.env.SNOWFLAKE_ROLE ?? outputs.operatorRoleName,
        warehouse:
          options.warehouse ?? process.env.SNOWFLAKE_WAREHOUSE ?? outputs.queryWarehouseName,
      });
      try {
        const stageTimeoutsMs = Object.fromEntries(
          STAGE_NAMES.map((stage) => [
            stage,
            (options.timeout ?? DEFAULT_STAGE_TIMEOUT_SECONDS[stage]) * 1000,
          ]),
        ) as Record<StageName, number>;
        const result = await runSmoke(
          {
            store: s3ObjectStore(s3, outputs.landingBucketName),
            sql,
            topics: snsTopicPolicyReader(outputs.awsRegion),
            clock: systemClock,
            print: (line) => process.stdout.write(`${line}\n`),
          },
          {
            outputs,
            gatewayId: options.gateway,
            runId: `${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}-${randomBytes(4).toString("hex")}`,
            pollIntervalMs: options.pollInterval * 1000,
            stageTimeoutsMs,
          },
        );
        if (result.failure) {
          throw new Error(
            `smoke test failed at stage "${result.failure.stage}": ${result.failure.detail}\n  Hint: ${result.failure.hint}`,
          );
        }
      } finally {
        await sql.close();
      }
    });
};

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError("must be a positive number of seconds");
  }
  return value;
}

function gatewayOption(text: string): string {
  try {
    return validateGatewayId(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
