import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { snsTopicPolicyReader } from "../../ops/topic-policy";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:sensors-dev-ingest";
const POLICY = { Version: "2012-10-17", Statement: [{ Sid: "S3Publish", Effect: "Allow" }] };

interface Seen {
  method?: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A stand-in SNS endpoint on loopback that records the request and answers like SNS. */
async function fakeSns(status = 200) {
  const seen: Seen = { headers: {}, body: "" };
  const escaped = JSON.stringify(POLICY).replace(/"/g, "&quot;");
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      Object.assign(seen, { method: request.method, headers: request.headers, body });
      response.statusCode = status;
      response.end(
        status === 200
          ? `<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes><entry><key>Policy</key><value>${escaped}</value></entry></Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>`
          : "<ErrorResponse><Error><Code>AuthorizationError</Code></Error></ErrorResponse>",
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG" };

describe("SNS topic policy reader", () => {
  test("sends one SigV4-signed GetTopicAttributes for the topic and returns its policy", async () => {
    const sns = await fakeSns();
    try {
      const reader = snsTopicPolicyReader("eu-west-1", { endpoint: sns.endpoint, credentials });
      const policy = await reader.topicPolicy(TOPIC);
      expect(JSON.parse(policy)).toEqual(POLICY);
      expect(sns.seen.method).toBe("POST");
      expect(Object.fromEntries(new URLSearchParams(sns.seen.body))).toEqual({
        Action: "GetTopicAttributes",
        TopicArn: TOPIC,
        Version: "2010-03-31",
      });
      expect(sns.seen.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sns\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
      );
    } finally {
      await sns.close();
    }
  });

  test("an error response fails naming the topic and the HTTP status", async () => {
    const sns = await fakeSns(403);
    try {
      const reader = snsTopicPolicyReader("eu-west-1", { endpoint: sns.endpoint, credentials });
      await expect(reader.topicPolicy(TOPIC)).rejects.toThrow(
        /GetTopicAttributes arn:aws:sns:eu-west-1:111122223333:sensors-dev-ingest: HTTP 403/,
      );
    } finally {
      await sns.close();
    }
  });
});
