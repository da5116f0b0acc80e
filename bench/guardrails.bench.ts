import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { App, TerraformStack } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import { Pipe } from "@cdktf/provider-snowflake/lib/pipe";
import { Stage } from "@cdktf/provider-snowflake/lib/stage";
import { Task } from "@cdktf/provider-snowflake/lib/task";
import { Warehouse } from "@cdktf/provider-snowflake/lib/warehouse";
import { Construct } from "constructs";
import { GuardrailsAspect } from "../guardrails/guardrails-aspect";
import { buildApp } from "../main";
import { report } from "./report";

/**
 * Synth time of both environment stacks with and without the guardrails: once as they are, and
 * once with each stack grown by copies of a pipeline-shaped set of resources (bucket with its
 * companions, function, roles, topic, queue, Snowflake warehouse, stage, pipe, task, grant) so the
 * figure says how the checks scale once the real resources are merged.
 */
const RUNS = 15;
const COPIES = 8;

class PipelineShapedResources extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const bucket = new S3Bucket(this, "Bucket", { bucketPrefix: "bench-" });
    new S3BucketPublicAccessBlock(this, "Block", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketVersioningA(this, "Versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    const tls = new DataAwsIamPolicyDocument(this, "Tls", {
      statement: [
        {
          effect: "Deny",
          actions: ["s3:*"],
          resources: [bucket.arn, `${bucket.arn}/*`],
          principals: [{ type: "*", identifiers: ["*"] }],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "Policy", { bucket: bucket.id, policy: tls.json });
    const role = new IamRole(this, "Role", {
      assumeRolePolicy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "lambda.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
          },
        ],
      }),
    });
    new IamRolePolicy(this, "RolePolicy", {
      role: role.name,
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket.arn}/raw/*` }],
      }),
    });
    const fn = new LambdaFunction(this, "Function", {
      functionName: `bench-${id}`,
      role: role.arn,
      runtime: "nodejs22.x",
      handler: "index.handler",
      filename: "bundle.zip",
      reservedConcurrentExecutions: 5,
    });
    new CloudwatchLogGroup(this, "Logs", {
      name: `/aws/lambda/${fn.functionName}`,
      retentionInDays: 14,
    });
    const queue = new SqsQueue(this, "Failures", { sqsManagedSseEnabled: true });
    new LambdaFunctionEventInvokeConfig(this, "Async", {
      functionName: fn.functionName,
      destinationConfig: { onFailure: { destination: queue.arn } },
    });
    const topic = new SnsTopic(this, "Topic", { kmsMasterKeyId: "alias/bench" });
    new SnsTopicPolicy(this, "TopicPolicy", {
      arn: topic.arn,
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: "sns:Publish",
            Principal: { Service: "s3.amazonaws.com" },
            Resource: topic.arn,
            Condition: {
              ArnEquals: { "aws:SourceArn": bucket.arn },
              StringEquals: { "aws:SourceAccount": "111122223333" },
            },
          },
        ],
      }),
    });
    new S3BucketNotification(this, "Notification", {
      bucket: bucket.id,
      lambdaFunction: [
        { lambdaFunctionArn: fn.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" },
      ],
      topic: [{ topicArn: topic.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "normalized/" }],
    });
    const landing = { database: "BENCH", schema: "LANDING" };
    new Warehouse(this, "Warehouse", {
      name: `BENCH_${id}`,
      autoSuspend: 60,
      resourceMonitor: "BENCH",
    });
    new Stage(this, "Stage", {
      ...landing,
      name: `S_${id}`,
      url: "s3://bench/normalized/",
      storageIntegration: "BENCH",
    });
    new Pipe(this, "Pipe", {
      ...landing,
      name: `P_${id}`,
      copyStatement: "COPY INTO T FROM @S",
      errorIntegration: "BENCH",
    });
    new Task(this, "Task", {
      ...landing,
      name: `T_${id}`,
      started: false,
      sqlStatement: "SELECT 1",
      when: "SYSTEM$STREAM_HAS_DATA('S')",
    });
    new GrantPrivilegesToAccountRole(this, "Grant", {
      accountRoleName: "BENCH_READER",
      privileges: ["USAGE"],
      onAccountObject: { objectType: "WAREHOUSE", objectName: `BENCH_${id}` },
    });
  }
}

function synthOnce(copies: number): { ms: number; resources: number } {
  const outdir = mkdtempSync(join(tmpdir(), "guardrails-bench-"));
  const quiet = process.stderr.write.bind(process.stderr);
  process.stderr.write = () => true;
  try {
    const app = buildApp(new App({ outdir }));
    for (const stack of app.node.children.filter((child) => child instanceof TerraformStack)) {
      for (let copy = 0; copy < copies; copy += 1)
        new PipelineShapedResources(stack, `Copy${copy}`);
    }
    const resources = app.node.findAll().filter((node) => "terraformResourceType" in node).length;
    const start = performance.now();
    app.synth();
    return { ms: performance.now() - start, resources };
  } finally {
    process.stderr.write = quiet;
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const guardedVisit = GuardrailsAspect.prototype.visit;
function measure(copies: number) {
  const withGuardrails: number[] = [];
  const without: number[] = [];
  let resources = 0;
  synthOnce(copies); // warm-up: module loading and JIT
  for (let run = 0; run < RUNS; run += 1) {
    GuardrailsAspect.prototype.visit = guardedVisit;
    const guarded = synthOnce(copies);
    withGuardrails.push(guarded.ms);
    resources = guarded.resources;
    GuardrailsAspect.prototype.visit = () => undefined;
    without.push(synthOnce(copies).ms);
  }
  GuardrailsAspect.prototype.visit = guardedVisit;
  const a = median(withGuardrails);
  const b = median(without);
  return {
    terraformBlocksInApp: resources,
    synthMsWithGuardrails: Math.round(a),
    synthMsWithoutGuardrails: Math.round(b),
    guardrailsMs: Math.round(a - b),
    guardrailsShare: `${Math.round(((a - b) / a) * 100)}%`,
  };
}

report("guardrails", {
  runs: RUNS,
  note: "app.synth() of sensors-dev and sensors-prod in one process, median of runs after a warm-up",
  realStacks: measure(0),
  [`realStacksPlus${COPIES}PipelineCopiesEach`]: measure(COPIES),
});
