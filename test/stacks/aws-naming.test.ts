import { BucketLocationConstraint } from "@aws-sdk/client-s3";
import { AWS_REGIONS, bucketNameProblem } from "../../stacks/aws-naming";

describe("AWS naming rules", () => {
  test("the region list holds every region the S3 API knows (fails when an SDK update adds one)", () => {
    const known = Object.values(BucketLocationConstraint).filter((region) => region !== "EU");
    expect([...AWS_REGIONS].sort()).toEqual([...known, "us-east-1"].sort());
  });

  test.each([
    ["ab", "must be 3 to 63 characters long"],
    ["a".repeat(64), "must be 3 to 63 characters long"],
    ["Sensors", "must consist only of lower-case letters, digits, dots (.) and hyphens (-)"],
    ["-sensors", "must begin and end with a letter or digit"],
    ["sensors..landing", "must not contain two adjacent dots"],
    ["192.168.5.4", "must not be formatted as an IP address (like 192.168.5.4)"],
    ["xn--sensors", "must not start with xn-- (reserved by S3)"],
    ["sthree-sensors", "must not start with sthree- (reserved by S3)"],
    ["amzn-s3-demo-sensors", "must not start with amzn-s3-demo- (reserved by S3)"],
    ["sensors-s3alias", "must not end with -s3alias (reserved by S3)"],
    ["sensors--ol-s3", "must not end with --ol-s3 (reserved by S3)"],
    ["sensors.mrap", "must not end with .mrap (reserved by S3)"],
    ["sensors--x-s3", "must not end with --x-s3 (reserved by S3)"],
    ["sensors--table-s3", "must not end with --table-s3 (reserved by S3)"],
  ])("%s breaks a rule", (name, rule) => {
    expect(bucketNameProblem(name)).toBe(rule);
  });

  test.each(["acme-sensors-dev-landing", "acme.sensors.1", "192.168.5.4x", "abc"])(
    "%s is a valid name",
    (name) => {
      expect(bucketNameProblem(name)).toBeUndefined();
    },
  );
});
