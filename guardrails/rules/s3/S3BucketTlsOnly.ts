import { type PolicyStatement, actionMatches, readPolicy } from "../../policy-document";
import { isLiteral } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import type { SynthesizedResource } from "../../stack-resources";
import { bucketCompanions } from "./bucket-companions";

export const S3BucketTlsOnly: GuardrailRule = {
  id: "S3.TlsOnly",
  name: "S3BucketTlsOnly",
  what: "Every bucket's policy denies all S3 actions on the bucket and its objects to everyone when aws:SecureTransport is false.",
  why: "S3 accepts plain HTTP by default; a gateway or tool that falls back to it sends readings in the clear, readable and alterable on the way.",
  level: "ERROR",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const policies = bucketCompanions(bucket, stack, "aws_s3_bucket_policy");
    if (policies.length === 0) {
      return nonCompliant(
        "the bucket has no aws_s3_bucket_policy; add one that denies s3:* when aws:SecureTransport is false",
      );
    }
    const notes: string[] = [];
    for (const policy of policies) {
      const read = readPolicy(policy.config.policy, stack);
      if ("unreadable" in read) {
        notes.push(`${policy.path}: ${read.unreadable}`);
        continue;
      }
      if (read.statements.some((statement) => deniesInsecureTransport(statement, bucket))) {
        return compliant();
      }
    }
    if (notes.length > 0) return compliant(`not checked: ${notes.join("; ")}`);
    return nonCompliant(
      'the bucket policy has no statement denying s3:* to every principal on the bucket and "<bucket>/*" when aws:SecureTransport is false',
    );
  },
};

function deniesInsecureTransport(statement: PolicyStatement, bucket: SynthesizedResource): boolean {
  const everyone = (statement.principals ?? []).some(
    (principal) => principal.type === "AWS" && principal.identifiers.includes("*"),
  );
  const allActions = statement.actions.some(
    (action) => actionMatches(action, "s3:*") && action.endsWith("*"),
  );
  const insecure = statement.conditions.some(
    (condition) =>
      condition.test === "Bool" &&
      condition.variable.toLowerCase() === "aws:securetransport" &&
      condition.values.some((value) => String(value) === "false"),
  );
  const arns = bucketArns(bucket);
  const coversBucket = statement.resources.some(
    (resource) => resource === "*" || arns.includes(resource),
  );
  const coversObjects = statement.resources.some(
    (resource) => resource === "*" || arns.some((arn) => resource === `${arn}/*`),
  );
  return (
    statement.effect === "Deny" &&
    everyone &&
    allActions &&
    insecure &&
    coversBucket &&
    coversObjects
  );
}

/** The ways a policy can name the bucket's ARN: a reference, or the literal ARN from its name. */
function bucketArns(bucket: SynthesizedResource): string[] {
  const arns = [`\${${bucket.address}.arn}`];
  if (isLiteral(bucket.config.bucket)) arns.push(`arn:aws:s3:::${bucket.config.bucket}`);
  return arns;
}
