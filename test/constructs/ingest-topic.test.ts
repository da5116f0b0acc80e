import { TerraformVariable } from "cdktf";
import { IngestTopic } from "../../constructs/ingest-topic";
import { onlyResource, resourcesOfType, synthesize } from "../helpers/synth";
import { bucketStack, list, reference, statementsOf } from "../helpers/aws";

function topicStack(encryption: "SSE_KMS" | "SSE_S3" = "SSE_S3") {
  const { stack, bucket } = bucketStack({ encryption });
  const topic = new IngestTopic(stack, "IngestTopic", {
    topicName: "ingest",
    landingBucket: bucket,
  });
  return { stack, bucket, topic };
}

describe("IngestTopic", () => {
  test("is a standard topic that Terraform refuses to destroy", () => {
    const topic = onlyResource(synthesize(topicStack().stack), "aws_sns_topic");
    expect(topic.fifo_topic).toBeUndefined();
    expect(topic.name).toBe("ingest");
    expect(topic.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("lets only the landing bucket, in this account, publish", () => {
    const synthesized = synthesize(topicStack().stack);
    const policy = onlyResource(synthesized, "aws_sns_topic_policy");
    expect(policy.arn).toBe(reference(synthesized, "aws_sns_topic", "arn"));
    expect(statementsOf(policy.policy)).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sns:Publish",
        Resource: reference(synthesized, "aws_sns_topic", "arn"),
        Condition: {
          ArnLike: { "aws:SourceArn": reference(synthesized, "aws_s3_bucket", "arn") },
          StringEquals: { "aws:SourceAccount": expect.stringMatching(/aws_caller_identity/) },
        },
      }),
    ]);
  });

  test("grantSubscribe adds sns:Subscribe for that principal to the one topic policy", () => {
    // GIVEN a topic, and WHEN Snowflake's IAM user (a token at synth) is granted subscribe
    const { stack, topic } = topicStack();
    const snowflakeUser = new TerraformVariable(stack, "snowflake_user", { type: "string" });
    topic.grantSubscribe(snowflakeUser.stringValue);
    // THEN there is still one topic policy, and it carries the grant
    const synthesized = synthesize(stack);
    const subscribe = statementsOf(onlyResource(synthesized, "aws_sns_topic_policy").policy).filter(
      (statement) => list(statement.Action).includes("sns:Subscribe"),
    );
    expect(subscribe).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Principal: { AWS: "${var.snowflake_user}" },
        Resource: reference(synthesized, "aws_sns_topic", "arn"),
      }),
    ]);
  });

  test("grants nobody subscribe until asked", () => {
    const statements = statementsOf(
      onlyResource(synthesize(topicStack().stack), "aws_sns_topic_policy").policy,
    );
    expect(statements.flatMap((statement) => list(statement.Action))).toEqual(["sns:Publish"]);
  });

  test("with SSE_S3 stays unencrypted rather than use the AWS managed key S3 cannot use", () => {
    const topic = onlyResource(synthesize(topicStack("SSE_S3").stack), "aws_sns_topic");
    expect(topic.kms_master_key_id).toBeUndefined();
  });

  test("with SSE_KMS uses the bucket's key, whose policy lets this bucket's S3 events use it", () => {
    const synthesized = synthesize(topicStack("SSE_KMS").stack);
    expect(onlyResource(synthesized, "aws_sns_topic").kms_master_key_id).toBe(
      reference(synthesized, "aws_kms_key", "arn"),
    );
    const s3 = statementsOf(onlyResource(synthesized, "aws_kms_key").policy).filter(
      (statement) =>
        JSON.stringify(statement.Principal) === JSON.stringify({ Service: "s3.amazonaws.com" }),
    );
    expect(s3).toEqual([
      expect.objectContaining({
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Condition: expect.objectContaining({
          ArnLike: { "aws:SourceArn": reference(synthesized, "aws_s3_bucket", "arn") },
        }),
      }),
    ]);
  });

  test("exposes the topic policy resource for depends_on", () => {
    const { stack, topic } = topicStack();
    expect(Object.keys(resourcesOfType(synthesize(stack), "aws_sns_topic_policy"))).toEqual([
      stack.getLogicalId(topic.topicPolicy),
    ]);
  });
});
