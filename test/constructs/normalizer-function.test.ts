import {
  onlyResource,
  pipelineStack,
  environment,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";
import type { SynthesizedStack } from "../helpers/synth";
import {
  type Statement,
  address,
  bucketStack,
  list,
  reference,
  resourceNamed,
  statementsOf,
} from "../helpers/aws";
import { NormalizerFunction } from "../../constructs/normalizer-function";

const prod = () => synthesize(pipelineStack(environment("prod")));

/** Every Allow statement of the inline policies on the normalizer's role. */
function normalizerStatements(synthesized: SynthesizedStack): Statement[] {
  const roleName = `\${${address(synthesized, "aws_iam_role", "Normalizer_Role")}.name}`;
  return Object.values(resourcesOfType(synthesized, "aws_iam_role_policy"))
    .filter((policy) => policy.role === roleName)
    .flatMap((policy) => statementsOf(policy.policy))
    .filter((statement) => statement.Effect === "Allow");
}

describe("NormalizerFunction", () => {
  test("runs Node.js 22 on arm64 with memory, timeout and reserved concurrency from config", () => {
    const fn = onlyResource(prod(), "aws_lambda_function");
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 1024,
      timeout: 300,
      reserved_concurrent_executions: 50,
    });
  });

  test("passes the normalizer's settings from config under the names the handler reads", () => {
    const config = environment("dev", (input) => ({
      ...input,
      normalizer: {
        ...input.normalizer,
        defaultTimeZone: "Europe/Berlin",
        maxLineBytes: 4096,
        timestampMaxAgeDays: 30,
        timestampMaxFutureMinutes: 5,
        maxObjectBytes: 536870912,
        maxDecompressedBytes: 1073741824,
        maxRecordsPerObject: 5000000,
        logLevel: "DEBUG",
      },
    }));
    // Dev also has the stream normalizer; this is the file path's function.
    const fn = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "aws_lambda_function"),
    ).find((candidate) => candidate.function_name === "sensors-dev-normalizer") as Record<
      string,
      unknown
    >;
    expect((fn.environment as { variables: Record<string, string> }).variables).toEqual({
      DEFAULT_TIME_ZONE: "Europe/Berlin",
      MAX_LINE_BYTES: "4096",
      TIMESTAMP_MAX_AGE_DAYS: "30",
      TIMESTAMP_MAX_FUTURE_MINUTES: "5",
      MAX_OBJECT_BYTES: "536870912",
      MAX_DECOMPRESSED_BYTES: "1073741824",
      MAX_RECORDS_PER_OBJECT: "5000000",
      // The health pipe loads the ledger (constructs/snowflake-health-ingestion.ts).
      LEDGER_PREFIX: "ledger/",
      POWERTOOLS_SERVICE_NAME: "sensor-normalizer",
      POWERTOOLS_METRICS_NAMESPACE: "SensorPipeline",
      POWERTOOLS_LOG_LEVEL: "DEBUG",
    });
  });

  test("logs to its own log group with the configured retention, created before the function", () => {
    const synthesized = prod();
    const fn = onlyResource(synthesized, "aws_lambda_function");
    const logGroup = onlyResource(synthesized, "aws_cloudwatch_log_group");
    expect(logGroup).toMatchObject({
      name: `/aws/lambda/${fn.function_name as string}`,
      retention_in_days: 90,
    });
    expect(fn.depends_on).toContain(
      address(synthesized, "aws_cloudwatch_log_group", "Normalizer_LogGroup"),
    );
    expect(fn.logging_config).toMatchObject({
      log_group: reference(synthesized, "aws_cloudwatch_log_group", "name"),
    });
  });

  test("ships the bundle as an asset whose hash is the source code hash", () => {
    const fn = onlyResource(prod(), "aws_lambda_function");
    expect(fn.filename).toMatch(/^assets\/.+\/normalizer\.zip$/);
    expect(fn.filename).toContain(`/${fn.source_code_hash as string}/`);
  });

  test("can read only raw/ and write only normalized/, rejected/ and ledger/ in the bucket", () => {
    const synthesized = prod();
    const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
    const s3 = normalizerStatements(synthesized).filter((statement) =>
      list(statement.Action).some(
        (action) =>
          action.startsWith("s3:") &&
          action !== "s3:ListBucket" &&
          action !== "s3:GetBucketLocation",
      ),
    );
    const byAction = new Map<string, string[]>();
    for (const statement of s3)
      for (const action of list(statement.Action))
        byAction.set(action, [...(byAction.get(action) ?? []), ...list(statement.Resource)].sort());
    expect(Object.fromEntries(byAction)).toEqual({
      "s3:GetObject": [`${bucketArn}/raw/*`],
      "s3:GetObjectVersion": [`${bucketArn}/raw/*`],
      "s3:PutObject": [
        `${bucketArn}/ledger/*`,
        `${bucketArn}/normalized/*`,
        `${bucketArn}/rejected/*`,
      ],
      "s3:AbortMultipartUpload": [
        `${bucketArn}/ledger/*`,
        `${bucketArn}/normalized/*`,
        `${bucketArn}/rejected/*`,
      ],
    });
  });

  test("uses the bucket key only with SSE_KMS", () => {
    const kmsActions = (synthesized: SynthesizedStack) =>
      normalizerStatements(synthesized).flatMap((statement) =>
        list(statement.Action).filter((action) => action.startsWith("kms:")),
      );
    expect(kmsActions(synthesize(pipelineStack(environment("dev"))))).toEqual([]);
    expect(new Set(kmsActions(prod()))).toEqual(new Set(["kms:Decrypt", "kms:GenerateDataKey"]));
  });

  test("is assumable only by Lambda on behalf of this account", () => {
    const synthesized = prod();
    const role = resourceNamed(synthesized, "aws_iam_role", "Normalizer_Role");
    expect(statementsOf(role.assume_role_policy)).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": expect.stringMatching(/aws_caller_identity/) },
        },
      },
    ]);
  });

  test("retries failed events as configured, then parks them in an encrypted queue kept 14 days", () => {
    const synthesized = prod();
    const queueArn = reference(synthesized, "aws_sqs_queue", "arn");
    expect(onlyResource(synthesized, "aws_lambda_function_event_invoke_config")).toMatchObject({
      function_name: reference(synthesized, "aws_lambda_function", "function_name"),
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 21600,
      destination_config: { on_failure: { destination: queueArn } },
    });
    expect(onlyResource(synthesized, "aws_sqs_queue")).toMatchObject({
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 14 * 24 * 3600,
    });
    const send = normalizerStatements(synthesized).filter((s) =>
      list(s.Action).includes("sqs:SendMessage"),
    );
    expect(send.map((s) => s.Resource)).toEqual([queueArn]);
  });

  test("lets only the landing bucket in this account invoke it", () => {
    const synthesized = prod();
    expect(onlyResource(synthesized, "aws_lambda_permission")).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "s3.amazonaws.com",
      function_name: reference(synthesized, "aws_lambda_function", "function_name"),
      source_arn: reference(synthesized, "aws_s3_bucket", "arn"),
      source_account: expect.stringMatching(/aws_caller_identity/),
    });
  });

  test("refuses zero memory", () => {
    const { stack, bucket } = bucketStack();
    expect(
      () =>
        new NormalizerFunction(stack, "Fn", {
          functionName: "f",
          landingBucket: bucket,
          memorySizeMb: 0,
        }),
    ).toThrow(/memorySizeMb 0 must be a whole number from 128 to 10240/);
  });

  test("refuses zero reserved concurrency, which would disable the function", () => {
    const { stack, bucket } = bucketStack();
    expect(
      () =>
        new NormalizerFunction(stack, "Fn", {
          functionName: "f",
          landingBucket: bucket,
          reservedConcurrency: 0,
        }),
    ).toThrow(/reservedConcurrency 0 must be a whole number from 1 to 1000/);
  });

  test("refuses per-object limits the function would refuse at start-up, naming each", () => {
    const { stack, bucket } = bucketStack();
    expect(
      () =>
        new NormalizerFunction(stack, "Fn", {
          functionName: "f",
          landingBucket: bucket,
          maxObjectBytes: 1000,
          maxDecompressedBytes: 2 ** 51,
          maxRecordsPerObject: 0,
        }),
    ).toThrow(
      /maxObjectBytes 1000 must be a whole number from 1048576 to 5497558138880 bytes[\s\S]*maxDecompressedBytes 2251799813685248 must be[\s\S]*maxRecordsPerObject 0 must be a whole number from 1 to 1000000000000 records/,
    );
  });
});
