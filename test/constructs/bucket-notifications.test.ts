import { BucketNotifications } from "../../constructs/bucket-notifications";
import { IngestTopic } from "../../constructs/ingest-topic";
import { NormalizerFunction } from "../../constructs/normalizer-function";
import { environment, onlyResource, pipelineStack, synthesize } from "../helpers/synth";
import { address, bucketStack, reference } from "../helpers/aws";

function parts() {
  const { stack, bucket } = bucketStack();
  const normalizer = new NormalizerFunction(stack, "Normalizer", {
    functionName: "f",
    landingBucket: bucket,
  });
  const ingestTopic = new IngestTopic(stack, "IngestTopic", {
    topicName: "t",
    landingBucket: bucket,
  });
  return { stack, landingBucket: bucket, normalizer, ingestTopic };
}

describe("BucketNotifications", () => {
  test("is the bucket's only notification: raw/ to the normalizer, normalized/, rejected/ and ledger/ to the ingest topic", () => {
    const synthesized = synthesize(pipelineStack(environment("prod")));
    const notification = onlyResource(synthesized, "aws_s3_bucket_notification");
    expect(notification.bucket).toBe(reference(synthesized, "aws_s3_bucket", "id"));
    expect(notification.lambda_function).toEqual([
      expect.objectContaining({
        lambda_function_arn: reference(synthesized, "aws_lambda_function", "arn"),
        events: ["s3:ObjectCreated:*"],
        filter_prefix: "raw/",
      }),
    ]);
    expect(notification.topic).toEqual(
      ["normalized/", "rejected/", "ledger/"].map((prefix) =>
        expect.objectContaining({
          topic_arn: expect.stringMatching(/^\$\{aws_sns_topic\.IngestTopic_[0-9A-F]+\.arn\}$/),
          events: ["s3:ObjectCreated:*"],
          filter_prefix: prefix,
        }),
      ),
    );
    expect(notification.queue).toBeUndefined();
  });

  test("waits for the topic policy and the Lambda permission, which S3 tests when it saves", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    expect(onlyResource(synthesized, "aws_s3_bucket_notification").depends_on).toEqual([
      address(synthesized, "aws_sns_topic_policy", "IngestTopic_Policy"),
      address(synthesized, "aws_lambda_permission", "Normalizer_AllowBucketInvoke"),
    ]);
  });

  test("refuses prefixes that overlap", () => {
    const props = parts();
    expect(
      () =>
        new BucketNotifications(props.stack, "N", {
          ...props,
          rawPrefix: "data/",
          normalizedPrefix: "data/normalized/",
        }),
    ).toThrow(/rawPrefix "data\/" overlaps normalizedPrefix "data\/normalized\/"/);
  });

  test("refuses an empty prefix, which would be a bucket-wide rule", () => {
    const props = parts();
    expect(() => new BucketNotifications(props.stack, "N", { ...props, rawPrefix: "" })).toThrow(
      /rawPrefix "" must be a key prefix ending in "\/" .*an empty prefix means the whole bucket/,
    );
  });
});
