/**
 * AWS's naming rules that synth can check offline: S3 general purpose bucket names and region
 * names. A bad name otherwise surfaces only at deploy, after other resources were created.
 */

/**
 * Regions where an S3 bucket (and so this stack) can live: the S3 API's BucketLocationConstraint
 * values plus us-east-1 (its default). test/stacks/aws-naming.test.ts fails when an SDK update
 * knows a region this list lacks.
 */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

/**
 * The first S3 general purpose bucket naming rule `name` breaks, as "must …" text, or undefined.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!/^[a-z0-9.-]+$/.test(name))
    return "must consist only of lower-case letters, digits, dots (.) and hyphens (-)";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "must begin and end with a letter or digit";
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name))
    return "must not be formatted as an IP address (like 192.168.5.4)";
  for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"])
    if (name.startsWith(prefix)) return `must not start with ${prefix} (reserved by S3)`;
  for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"])
    if (name.endsWith(suffix)) return `must not end with ${suffix} (reserved by S3)`;
  return undefined;
}
