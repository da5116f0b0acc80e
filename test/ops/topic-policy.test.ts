import { subscribePrincipals } from "../../ops/smoke/checks";
import { policyFromGetTopicAttributesXml } from "../../ops/topic-policy";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:sensors-dev-ingest";

describe("subscribePrincipals", () => {
  test("reads the principal of SYSTEM$GET_AWS_SNS_IAM_POLICY's documented output", () => {
    const documented = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "1",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789001:user/vj4g-a-abcd1234" },
          Action: ["sns:Subscribe"],
          Resource: ["arn:aws:sns:us-west-2:001234567890:s3_mybucket"],
        },
      ],
    };
    expect(subscribePrincipals(documented)).toEqual([
      "arn:aws:iam::123456789001:user/vj4g-a-abcd1234",
    ]);
  });

  test("ignores statements that allow other actions or deny", () => {
    const policy = {
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:a" }, Action: "SNS:Publish" },
        { Effect: "Deny", Principal: { AWS: "arn:b" }, Action: "sns:Subscribe" },
        { Effect: "Allow", Principal: { AWS: ["arn:c", "arn:d"] }, Action: "SNS:Subscribe" },
      ],
    };
    expect(subscribePrincipals(policy)).toEqual(["arn:c", "arn:d"]);
  });

  test("accepts a single statement object instead of a list", () => {
    const policy = { Statement: { Effect: "Allow", Principal: { AWS: "arn:x" }, Action: "sns:*" } };
    expect(subscribePrincipals(policy)).toEqual(["arn:x"]);
  });
});

describe("policyFromGetTopicAttributesXml", () => {
  test("returns the Policy attribute with XML entities decoded", () => {
    const xml = `<GetTopicAttributesResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
  <GetTopicAttributesResult><Attributes>
    <entry><key>Owner</key><value>111122223333</value></entry>
    <entry><key>Policy</key><value>{&quot;Version&quot;:&quot;2012-10-17&quot;,&quot;Statement&quot;:[{&quot;Sid&quot;:&quot;a&amp;b&quot;}]}</value></entry>
    <entry><key>TopicArn</key><value>${TOPIC}</value></entry>
  </Attributes></GetTopicAttributesResult>
</GetTopicAttributesResponse>`;
    expect(JSON.parse(policyFromGetTopicAttributesXml(xml, TOPIC))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "a&b" }],
    });
  });

  test("fails naming the topic when the response has no policy", () => {
    expect(() => policyFromGetTopicAttributesXml("<Attributes></Attributes>", TOPIC)).toThrow(
      /sensors-dev-ingest has no Policy attribute/,
    );
  });
});
