import { Construct } from "constructs";
import type { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import type { Table } from "@cdktf/provider-snowflake/lib/table";
import type { AlertsTopic } from "./alerts-topic";
import { GatewayMqttAccess } from "./gateway-mqtt-access";
import type { LandingBucket } from "./landing-bucket";
import { ReadingsTopicRule } from "./readings-topic-rule";
import type { SnowflakeDatabase } from "./snowflake-database";
import {
  STREAMED_LANDING_OBJECT_NAMES,
  SnowflakeStreamedLanding,
} from "./snowflake-streamed-landing";
import { SnowflakeStreamingUser } from "./snowflake-streaming-user";
import { StreamNormalizerFunction } from "./stream-normalizer-function";
import { StreamingAlarms } from "./streaming-alarms";
import { type StreamingMetrics, streamingMetrics } from "./streaming-metrics";
import { StreamingDelivery } from "./streaming-delivery";
import { StreamingSnowflakeSecret } from "./streaming-snowflake-secret";

/** Every physical name of the streaming path (from stacks/names.ts). */
export interface StreamingNames {
  readonly streamNormalizerFunction: string;
  readonly streamingDeliveryStream: string;
  readonly streamingSecret: string;
  readonly gatewayIotPolicy: string;
  readonly readingsTopicRule: string;
  readonly readingsTopicRuleRole: string;
  readonly streamingRole: string;
  readonly streamingUser: string;
  /** `<org>-<account>.snowflakecomputing.com`. */
  readonly accountHost: string;
}

/** Properties of {@link StreamingIngestion}. */
export interface StreamingIngestionProps {
  readonly names: StreamingNames;
  readonly region: string;
  /** Topics are `<topicPrefix>/<gateway_id>/readings`. */
  readonly topicPrefix: string;
  /** Gateways registered as IoT things. @default - none */
  readonly gatewayIds?: readonly string[];
  /** Firehose's buffering interval, seconds (0-60). @default 30 */
  readonly bufferingIntervalSeconds?: number;
  /** Firehose's buffering size, MB (1-128). @default 1 */
  readonly bufferingSizeMb?: number;
  /** RSA public key of the streaming user. @default - none */
  readonly snowflakePublicKey?: string;
  /** Where rejections and the S3 backup go. */
  readonly landingBucket: LandingBucket;
  readonly alertsTopic: AlertsTopic;
  /** Evaluation period of the alarms, seconds. @default 300 */
  readonly alarmPeriodSeconds?: number;
  readonly database: SnowflakeDatabase;
  /** LANDING.READINGS_RAW, which streamed readings join. */
  readonly landingTable: Table;
  readonly errorIntegration: NotificationIntegration;
  /** The owner role's USAGE on the error integration (the unpack task waits for it). */
  readonly errorIntegrationUsage: GrantPrivilegesToAccountRole;
  /** Creates (and owns) the table, stream and task. */
  readonly ownerProvider: SnowflakeProvider;
  /** Creates the role, grants and user. */
  readonly adminProvider: SnowflakeProvider;
}

/**
 * The real-time path of one environment: gateways publish over MQTT to AWS IoT Core, a topic rule
 * hands each message to Firehose, the normalizer in record mode processes it, Firehose writes it to
 * Snowflake through Snowpipe Streaming, and a task moves its readings into the same landing table
 * the file path loads, so everything downstream is shared (docs/architecture.md).
 */
export class StreamingIngestion extends Construct {
  readonly gatewayAccess: GatewayMqttAccess;
  readonly processor: StreamNormalizerFunction;
  readonly secret: StreamingSnowflakeSecret;
  readonly delivery: StreamingDelivery;
  readonly topicRule: ReadingsTopicRule;
  readonly alarms: StreamingAlarms;
  /** The path's CloudWatch metrics, for the alarms and the dashboard row. */
  readonly metrics: StreamingMetrics;
  readonly streamedLanding: SnowflakeStreamedLanding;
  readonly snowflakeUser: SnowflakeStreamingUser;

  constructor(scope: Construct, id: string, props: StreamingIngestionProps) {
    super(scope, id);
    const { names, database, landingBucket } = props;
    this.streamedLanding = new SnowflakeStreamedLanding(this, "StreamedLanding", {
      database,
      landingTable: props.landingTable,
      errorIntegration: props.errorIntegration,
      errorIntegrationUsage: props.errorIntegrationUsage,
      provider: props.ownerProvider,
    });
    this.snowflakeUser = new SnowflakeStreamingUser(this, "SnowflakeUser", {
      database,
      streamedTable: this.streamedLanding.table,
      roleName: names.streamingRole,
      userName: names.streamingUser,
      rsaPublicKey: props.snowflakePublicKey,
      provider: props.adminProvider,
    });
    this.secret = new StreamingSnowflakeSecret(this, "SnowflakeKey", {
      secretName: names.streamingSecret,
      snowflakeUser: names.streamingUser,
    });
    this.processor = new StreamNormalizerFunction(this, "Processor", {
      functionName: names.streamNormalizerFunction,
      landingBucket,
    });
    this.delivery = new StreamingDelivery(this, "Delivery", {
      streamName: names.streamingDeliveryStream,
      snowflakeAccountUrl: names.accountHost,
      database: database.database.nameInput ?? "",
      schema: database.landing.nameInput ?? "",
      table: STREAMED_LANDING_OBJECT_NAMES.table,
      contentColumnName: STREAMED_LANDING_OBJECT_NAMES.contentColumn,
      snowflakeSecret: this.secret.secret,
      processor: this.processor,
      landingBucket,
      bufferingIntervalSeconds: props.bufferingIntervalSeconds,
      bufferingSizeMb: props.bufferingSizeMb,
    });
    // Firehose checks nothing in Snowflake at creation, but its first writes need table and grants.
    this.delivery.stream.dependsOn = [
      ...(this.delivery.stream.dependsOn ?? []),
      this.streamedLanding.table.fqn,
      ...this.snowflakeUser.grants.map((grant) => grant.fqn),
    ];
    this.gatewayAccess = new GatewayMqttAccess(this, "GatewayAccess", {
      policyName: names.gatewayIotPolicy,
      topicPrefix: props.topicPrefix,
      region: props.region,
      gatewayIds: props.gatewayIds,
    });
    this.topicRule = new ReadingsTopicRule(this, "TopicRule", {
      ruleName: names.readingsTopicRule,
      roleName: names.readingsTopicRuleRole,
      topicPrefix: props.topicPrefix,
      region: props.region,
      deliveryStream: this.delivery.stream,
      landingBucket,
    });
    this.metrics = streamingMetrics({
      deliveryStreamName: this.delivery.stream.name,
      topicRuleName: this.topicRule.rule.name,
      normalizerFunctionName: this.processor.function.functionName,
    });
    this.alarms = new StreamingAlarms(this, "Alarms", {
      delivery: this.delivery,
      metrics: this.metrics,
      alertsTopic: props.alertsTopic,
      periodSeconds: props.alarmPeriodSeconds,
    });
  }
}
