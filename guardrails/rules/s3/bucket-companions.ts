import { identifies } from "../../references";
import type { StackResources, SynthesizedResource } from "../../stack-resources";

/**
 * The resources of `type` configuring this bucket. In provider-aws 6 a bucket's public access
 * block, encryption, versioning, policy and notifications are separate resources naming the bucket
 * by reference (`${aws_s3_bucket.x.id}`) or by the same literal name.
 */
export function bucketCompanions(
  bucket: SynthesizedResource,
  stack: StackResources,
  type: string,
): SynthesizedResource[] {
  return stack
    .ofType(type)
    .filter((companion) => identifies(companion.config.bucket, bucket, ["id", "bucket"], "bucket"));
}
