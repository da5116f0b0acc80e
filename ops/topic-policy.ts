import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** Reads the access policy of an SNS topic as JSON text. */
export interface TopicPolicyReader {
  topicPolicy(topicArn: string): Promise<string>;
}

/** Where to send the request and as whom; the defaults are the regional endpoint and the default chain. */
export interface SnsReaderOptions {
  /** Base URL, e.g. `http://127.0.0.1:4575` in tests. @default - https://sns.<region>.amazonaws.com */
  readonly endpoint?: string;
  /** @default - the default AWS credential chain */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/**
 * Reads a topic's policy with one SigV4-signed `GetTopicAttributes` call to the SNS query API.
 * A plain signed request keeps the SNS client library out of the dependency tree for one call.
 */
export function snsTopicPolicyReader(
  region: string,
  options: SnsReaderOptions = {},
): TopicPolicyReader {
  const signer = new SignatureV4({
    service: "sns",
    region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: NodeSha256,
  });
  const endpoint = new URL(options.endpoint ?? `https://sns.${region}.amazonaws.com`);
  return {
    async topicPolicy(topicArn) {
      const hostname = endpoint.host;
      const body = new URLSearchParams({
        Action: "GetTopicAttributes",
        TopicArn: topicArn,
        Version: "2010-03-31",
      }).toString();
      const signed = await signer.sign({
        method: "POST",
        protocol: endpoint.protocol,
        hostname,
        path: "/",
        query: {},
        headers: { host: hostname, "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      // fetch sets Host itself from the URL; the signature covers the same value.
      const headers = Object.fromEntries(
        Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== "host"),
      );
      const response = await fetch(new URL("/", endpoint), { method: "POST", headers, body });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`SNS GetTopicAttributes ${topicArn}: HTTP ${response.status} ${text}`);
      }
      return policyFromGetTopicAttributesXml(text, topicArn);
    },
  };
}

/** Extracts the `Policy` attribute from a GetTopicAttributes XML response. */
export function policyFromGetTopicAttributesXml(xml: string, topicArn: string): string {
  const match = /<entry>\s*<key>Policy<\/key>\s*<value>([\s\S]*?)<\/value>\s*<\/entry>/.exec(xml);
  if (!match) throw new Error(`SNS topic ${topicArn} has no Policy attribute`);
  return unescapeXml(match[1]);
}

function unescapeXml(text: string): string {
  return text.replace(/&(quot|amp|lt|gt|apos|#\d+|#x[0-9a-fA-F]+);/g, (_whole, entity: string) => {
    switch (entity) {
      case "quot":
        return '"';
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "apos":
        return "'";
      default:
        return String.fromCodePoint(
          entity.startsWith("#x") ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
        );
    }
  });
}

/** SHA-256 (or HMAC-SHA-256 when given a secret) in the shape SigV4 signing expects. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

function toBuffer(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
