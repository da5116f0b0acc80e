import { Construct } from "constructs";
import { IotPolicy } from "@cdktf/provider-aws/lib/iot-policy";
import { IotThing } from "@cdktf/provider-aws/lib/iot-thing";
import { Token } from "cdktf";
import { readingsTopic } from "../contract/mqtt-topic";
import { AwsAccount } from "./aws-account";
import { policyJson } from "./policy-document";

/** Properties of {@link GatewayMqttAccess}. */
export interface GatewayMqttAccessProps {
  /** IoT policy name. */
  readonly policyName: string;
  /** Topics are `<topicPrefix>/<gateway_id>/readings`. */
  readonly topicPrefix: string;
  /** The region of the IoT endpoint. */
  readonly region: string;
  /** Gateways to register as things (thing name = gateway id = MQTT client id). @default - none */
  readonly gatewayIds?: readonly string[];
}

/**
 * The thing policy variable IoT Core resolves to the connecting thing's name; `$$` keeps Terraform
 * from reading `${…}` as its own interpolation. Documented at
 * docs.aws.amazon.com/iot/latest/developerguide/thing-policy-variables.html and used for exactly this
 * (publish to the thing's own topic) at …/connect-and-pub.html.
 */
export const THING_NAME_VARIABLE = "$${iot:Connection.Thing.ThingName}";

const GATEWAY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * What lets a gateway publish over MQTT: one IoT thing per gateway and one policy for all of them
 * in which every permission is scoped to the connecting thing: it may connect only with its own
 * thing name as client id, with a certificate attached to that thing, and publish only to
 * `<prefix>/<its name>/readings`. No subscribe, no receive, no other topic.
 *
 * Certificates are not created here: a private key in Terraform would sit in its state. Each
 * gateway's certificate is made from a CSR outside Terraform and attached to this policy and the
 * gateway's thing (docs/gateways.md, "MQTT instead of files").
 */
export class GatewayMqttAccess extends Construct {
  /** The policy to attach to every gateway certificate. */
  readonly policy: IotPolicy;
  /** The registered gateways, by id. */
  readonly things: Readonly<Record<string, IotThing>>;

  constructor(scope: Construct, id: string, props: GatewayMqttAccessProps) {
    super(scope, id);
    const account = AwsAccount.of(this);
    const arn = (kind: string, rest: string) =>
      `arn:${account.partition}:iot:${props.region}:${account.accountId}:${kind}/${rest}`;
    this.policy = new IotPolicy(this, "Resource", {
      name: props.policyName,
      policy: policyJson([
        {
          Sid: "ConnectAsOwnThing",
          Effect: "Allow",
          Action: "iot:Connect",
          Resource: arn("client", THING_NAME_VARIABLE),
          Condition: { Bool: { "iot:Connection.Thing.IsAttached": "true" } },
        },
        {
          Sid: "PublishOwnReadings",
          Effect: "Allow",
          Action: "iot:Publish",
          Resource: arn("topic", readingsTopic(props.topicPrefix, THING_NAME_VARIABLE)),
        },
      ]),
    });
    const things: Record<string, IotThing> = {};
    for (const gatewayId of props.gatewayIds ?? []) {
      if (!Token.isUnresolved(gatewayId) && !GATEWAY_ID.test(gatewayId))
        throw new Error(
          `GatewayMqttAccess: gateway id "${gatewayId}" must be 1-64 characters of letters, digits, ".", "_" or "-".`,
        );
      things[gatewayId] = new IotThing(this, `Thing-${gatewayId}`, { name: gatewayId });
    }
    this.things = things;
  }
}
