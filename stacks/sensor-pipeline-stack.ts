import { ExamplePlaceholderGuard } from "../constructs/example-placeholder-guard";
import { environmentPlaceholders } from "./example-placeholders";
import { Aspects, Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { SnowflakeDatabase } from "../constructs/snowflake-database";
import { FreshnessAlert } from "../constructs/freshness-alert";
import { SnowflakeAccessRoles } from "../constructs/snowflake-access-roles";
import { SnowflakeCoreTables } from "../constructs/snowflake-core-tables";
import { SnowflakeReporting } from "../constructs/snowflake-reporting";
import { SnowflakeTransformation } from "../constructs/snowflake-transformation";
import { AlertsTopic } from "../constructs/alerts-topic";
import { BucketNotifications } from "../constructs/bucket-notifications";
import { GatewayAccess } from "../constructs/gateway-access";
import { IngestTopic } from "../constructs/ingest-topic";
import { LANDING_PREFIXES, LandingBucket } from "../constructs/landing-bucket";
import { NormalizerAlarms } from "../constructs/normalizer-alarms";
import { PipelineDashboard } from "../constructs/pipeline-dashboard";
import { NormalizerFunction } from "../constructs/normalizer-function";
import { PermissionsBoundary } from "../constructs/permissions-boundary";
import { SnowflakeHealthIngestion } from "../constructs/snowflake-health-ingestion";
import { SnowflakeMonitoring } from "../constructs/snowflake-monitoring";
import { SnowflakeIngestion } from "../constructs/snowflake-ingestion";
import { streamingDashboardRow } from "../constructs/streaming-dashboard-row";
import { StreamingIngestion } from "../constructs/streaming-ingestion";
import { defaultTopicPrefix } from "../contract/mqtt-topic";
import { GuardrailsAspect } from "../guardrails/guardrails-aspect";
import type { EnvironmentConfig } from "./config";
import { type EnvironmentNames, PROJECT_TAG_VALUE, environmentNames } from "./names";
import { declareDeploymentOutputs } from "./outputs";
import { type StateBackendKind, configureStateBackend } from "./remote-state";
import { SnowflakePreviewFeatures } from "./snowflake-preview-features";

/** Properties of {@link SensorPipelineStack}. */
export interface SensorPipelineStackProps {
  /** The validated environment this stack deploys. */
  readonly config: EnvironmentConfig;
  /** Where Terraform keeps this stack's state. @default "s3" */
  readonly stateBackend?: StateBackendKind;
}

/**
 * One environment of the pipeline: the AWS side (bucket, normalizer, notifications, alarms) and the
 * Snowflake side (integration, pipe, stream, task, views, roles) in one stack, because the storage
 * integration and the IAM role it assumes must see each other's attributes.
 *
 * Credentials never appear here: the AWS provider reads the standard AWS variables (OIDC in CI), the
 * Snowflake provider SNOWFLAKE_USER, SNOWFLAKE_AUTHENTICATOR and SNOWFLAKE_PRIVATE_KEY.
 */
export class SensorPipelineStack extends TerraformStack {
  /** The environment's configuration. */
  readonly config: EnvironmentConfig;
  /** Every physical name of the environment. */
  readonly names: EnvironmentNames;
  /** Snowflake provider running as the pipeline owner role: it creates (and so owns) pipeline objects. */
  readonly snowflakeOwner: SnowflakeProvider;
  /** Snowflake provider for account-level objects: integrations, roles, users, resource monitors. */
  readonly snowflakeAdmin: SnowflakeProvider;
  /** The database and its LANDING, CORE and REPORTING schemas. */
  readonly snowflakeDatabase: SnowflakeDatabase;
  /** The bucket gateways upload to (raw/) and the normalizer writes to (normalized/, rejected/). */
  readonly landingBucket: LandingBucket;
  /** The Lambda normalizing raw/ uploads. */
  readonly normalizer: NormalizerFunction;
  /** The topic S3 publishes normalized/ events to; Snowpipe subscribes through grantSubscribe. */
  readonly ingestTopic: IngestTopic;
  /** The topic alarms and Snowflake error notifications publish to. */
  readonly alertsTopic: AlertsTopic;
  /** The landing bucket's single notification configuration. */
  readonly bucketNotifications: BucketNotifications;
  /** Alarms on the normalizer and its failure queue. */
  readonly normalizerAlarms: NormalizerAlarms;
  /** The CloudWatch dashboard of the AWS half. */
  readonly dashboard: PipelineDashboard;
  /** Upload access for gateways (Roles Anywhere, or the lab policy). */
  readonly gatewayAccess: GatewayAccess;
  /** Storage integration, error notifications, stage, LANDING table and auto-ingest pipe. */
  readonly snowflakeIngestion: SnowflakeIngestion;
  /** The CORE tables the transformation merges into. */
  readonly snowflakeCoreTables: SnowflakeCoreTables;
  /** The REPORTING views Power BI reads. */
  readonly snowflakeReporting: SnowflakeReporting;
  /** The append-only stream on the LANDING table and the task merging it into CORE. */
  readonly snowflakeTransformation: SnowflakeTransformation;
  /** The serverless task reporting "no new readings for N minutes" to the alerts topic. */
  readonly snowflakeFreshnessAlert: FreshnessAlert;
  /** The engineer and reporter roles, their grants and the Power BI user. */
  readonly snowflakeAccessRoles: SnowflakeAccessRoles;
  /** Stages, tables and pipes loading rejected records and the per-object ledger. */
  readonly snowflakeHealthIngestion: SnowflakeHealthIngestion;
  /** The MONITORING schema: health views, the gateway health alert and their grants. */
  readonly snowflakeMonitoring: SnowflakeMonitoring;
  /** The MQTT path (IoT Core, Firehose, Snowpipe Streaming), when `streaming.enabled`. */
  readonly streaming?: StreamingIngestion;

  constructor(scope: Construct, id: string, props: SensorPipelineStackProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    const names = environmentNames(config);
    this.names = names;
    configureStateBackend(this, config, props.stateBackend ?? "s3");
    new ExamplePlaceholderGuard(this, "ExamplePlaceholders", {
      placeholders: environmentPlaceholders(config),
      file: "stacks/environments.ts",
    });

    new AwsProvider(this, "aws", {
      region: config.aws.region,
      defaultTags: [
        {
          tags: {
            Environment: config.name,
            Owner: config.tags.owner,
            CostCentre: config.tags.costCentre,
            Project: PROJECT_TAG_VALUE,
            ManagedBy: "cdktf",
          },
        },
      ],
    });
    const snowflakeAccount = {
      organizationName: config.snowflake.organizationName,
      accountName: config.snowflake.accountName,
    };
    this.snowflakeOwner = new SnowflakeProvider(this, "snowflake", {
      ...snowflakeAccount,
      role: config.snowflake.ownerRole,
      // Reading a view back queries its policy references, which needs a warehouse: the
      // operators' one from the bootstrap SQL, so Power BI's quota never stops a plan.
      warehouse: names.snowflake.opsWarehouse,
    });
    this.snowflakeAdmin = new SnowflakeProvider(this, "snowflake-admin", {
      ...snowflakeAccount,
      alias: "admin",
      role: config.snowflake.adminRole,
    });
    Aspects.of(this).add(new SnowflakePreviewFeatures());
    // The deploy role may create roles only with this boundary (docs/ci-cd.md).
    PermissionsBoundary.apply(this, names.aws.permissionsBoundaryPolicy);
    // Security and cost checks on every synth; see docs/guardrails.md.
    Aspects.of(this).add(new GuardrailsAspect());

    this.snowflakeDatabase = new SnowflakeDatabase(this, "SnowflakeDatabase", {
      databaseName: names.snowflake.database,
      dataRetentionTimeInDays: config.snowflake.dataRetentionTimeInDays,
      provider: this.snowflakeOwner,
      preventDestroy: !config.allowDestroyingData,
    });

    const { region } = config.aws;
    this.landingBucket = new LandingBucket(this, "LandingBucket", {
      ...config.landingBucket,
      bucketName: config.landingBucket.name,
      region,
      forceDestroy: config.allowDestroyingData,
    });
    this.normalizer = new NormalizerFunction(this, "Normalizer", {
      ...config.normalizer,
      functionName: names.aws.normalizerFunction,
      landingBucket: this.landingBucket,
    });
    this.ingestTopic = new IngestTopic(this, "IngestTopic", {
      topicName: names.aws.ingestTopic,
      landingBucket: this.landingBucket,
      preventDestroy: !config.allowDestroyingData,
    });
    this.alertsTopic = new AlertsTopic(this, "AlertsTopic", {
      topicName: names.aws.alertsTopic,
      region,
      landingBucket: this.landingBucket,
      emailAddresses: config.alerts.emailAddresses,
    });
    this.bucketNotifications = new BucketNotifications(this, "BucketNotifications", {
      landingBucket: this.landingBucket,
      normalizer: this.normalizer,
      ingestTopic: this.ingestTopic,
    });
    this.normalizerAlarms = new NormalizerAlarms(this, "NormalizerAlarms", {
      normalizer: this.normalizer,
      alertsTopic: this.alertsTopic,
      periodSeconds: config.alerts.alarmPeriodSeconds,
      failedEventMaxAgeSeconds: config.alerts.failedEventMaxAgeSeconds,
      asyncEventMaxAgeSeconds: config.alerts.asyncEventMaxAgeSeconds,
      rejectedRecordsPercent: config.alerts.rejectionSpikePercent,
    });
    const alarms = this.normalizerAlarms;
    this.dashboard = new PipelineDashboard(this, "PipelineDashboard", {
      dashboardName: names.aws.dashboard,
      region,
      normalizer: this.normalizer,
      landingBucket: this.landingBucket,
      ingestTopic: this.ingestTopic,
      alertsTopic: this.alertsTopic,
      alarms: [
        alarms.errors,
        alarms.throttles,
        alarms.asyncEventAge,
        alarms.objectsFailed,
        alarms.rejectedRecords,
        alarms.failedEvents,
        alarms.oldestFailedEvent,
      ],
    });
    this.gatewayAccess = new GatewayAccess(this, "GatewayAccess", {
      ...config.gateways,
      namePrefix: names.aws.gatewayPrefix,
      landingBucket: this.landingBucket,
    });
    // What an operator needs to set up a gateway (docs/gateways.md): `cdktf output <stack>`.
    const gatewayOutputs = {
      gateway_upload_policy_arn: this.gatewayAccess.uploadPolicy.arn,
      gateway_trust_anchor_arn: this.gatewayAccess.trustAnchor?.arn,
      gateway_profile_arn: this.gatewayAccess.profile?.arn,
      gateway_role_arn: this.gatewayAccess.role?.arn,
    };
    for (const [name, value] of Object.entries(gatewayOutputs)) {
      if (value !== undefined) new TerraformOutput(this, name, { value });
    }

    // Snowflake: each construct takes what it builds on as props, so the order below is the only
    // one that compiles. Database objects are created by the owner role; integrations, roles,
    // users and grants by the admin role; the warehouses come from the bootstrap SQL.
    const database = this.snowflakeDatabase;
    const ingestion = new SnowflakeIngestion(this, "SnowflakeIngestion", {
      database,
      bucket: this.landingBucket.bucket,
      kmsKey: this.landingBucket.kmsKey,
      ingestTopic: this.ingestTopic.topic,
      alertsTopic: this.alertsTopic.topic,
      alertsTopicKmsKey: this.alertsTopic.kmsKey,
      pipeDependsOn: [this.ingestTopic.topicPolicy],
      storageIntegrationName: names.snowflake.storageIntegration,
      storageRoleName: names.aws.snowflakeStorageRole,
      storageExternalId: config.snowflake.storageExternalId,
      errorIntegrationName: names.snowflake.errorIntegration,
      errorRoleName: names.aws.snowflakeErrorRole,
      additionalReadPrefixes: [LANDING_PREFIXES.rejected, LANDING_PREFIXES.ledger],
      ownerProvider: this.snowflakeOwner,
      adminProvider: this.snowflakeAdmin,
    });
    this.snowflakeIngestion = ingestion;
    this.ingestTopic.grantSubscribe(ingestion.snowflakeSubscriberArn);
    const coreTables = new SnowflakeCoreTables(this, "SnowflakeCoreTables", {
      database,
      provider: this.snowflakeOwner,
    });
    this.snowflakeCoreTables = coreTables;
    const reporting = new SnowflakeReporting(this, "SnowflakeReporting", {
      database,
      coreTables,
      provider: this.snowflakeOwner,
    });
    this.snowflakeReporting = reporting;
    const { transformation: transformationSettings, freshness } = config.snowflake;
    const transformation = new SnowflakeTransformation(this, "SnowflakeTransformation", {
      database,
      landingTable: ingestion.landingTable,
      coreTables,
      errorIntegration: ingestion.errorIntegration,
      errorIntegrationUsage: ingestion.errorIntegrationUsage,
      scheduleSeconds: transformationSettings.scheduleSeconds,
      timeoutSeconds: transformationSettings.timeoutSeconds,
      suspendAfterFailures: transformationSettings.suspendAfterFailures,
      sensorIdentity: transformationSettings.sensorIdentity,
      provider: this.snowflakeOwner,
    });
    this.snowflakeTransformation = transformation;
    const freshnessAlert = new FreshnessAlert(this, "FreshnessAlert", {
      database,
      coreTables,
      notificationIntegration: ingestion.errorIntegration,
      notificationIntegrationUsage: ingestion.errorIntegrationUsage,
      thresholdMinutes: freshness.thresholdMinutes,
      checkIntervalMinutes: freshness.checkIntervalMinutes,
      provider: this.snowflakeOwner,
    });
    this.snowflakeFreshnessAlert = freshnessAlert;
    const healthIngestion = new SnowflakeHealthIngestion(this, "SnowflakeHealthIngestion", {
      database,
      ingestion,
      ingestTopic: this.ingestTopic.topic,
      pipeDependsOn: [this.ingestTopic.topicPolicy],
    });
    this.snowflakeHealthIngestion = healthIngestion;
    const accessRoles = new SnowflakeAccessRoles(this, "SnowflakeAccessRoles", {
      database,
      biWarehouseName: names.snowflake.biWarehouse,
      opsWarehouseName: names.snowflake.opsWarehouse,
      coreTables,
      reportingViews: reporting.all,
      waitFor: [
        ingestion.landingTable,
        transformation.stream,
        transformation.task,
        freshnessAlert.task,
        ingestion.pipe,
        ...healthIngestion.all,
      ],
      engineerRoleName: names.snowflake.engineerRole,
      reporterRoleName: names.snowflake.reporterRole,
      powerBiUserName: names.snowflake.powerBiUser,
      powerBiPublicKey: config.snowflake.powerBiPublicKey,
      powerBiSecondPublicKey: config.snowflake.powerBiSecondPublicKey,
      powerBiQueryTag: names.snowflake.powerBiQueryTag,
      powerBiAllowedIpRanges: config.snowflake.networkPolicies.powerBiAllowedIpRanges,
      powerBiNetworkPolicyName: names.snowflake.powerBiNetworkPolicy,
      provider: this.snowflakeAdmin,
    });
    this.snowflakeAccessRoles = accessRoles;
    accessRoles.grantEngineerIntegrationUsage(ingestion.storageIntegration);
    if (config.streaming.enabled) {
      this.streaming = new StreamingIngestion(this, "Streaming", {
        names: { ...names.aws, ...names.snowflake },
        region,
        topicPrefix: config.streaming.topicPrefix ?? defaultTopicPrefix(config.name),
        gatewayIds: config.streaming.gatewayIds,
        bufferingIntervalSeconds: config.streaming.bufferingIntervalSeconds,
        bufferingSizeMb: config.streaming.bufferingSizeMb,
        snowflakePublicKey: config.streaming.snowflakePublicKey,
        landingBucket: this.landingBucket,
        alertsTopic: this.alertsTopic,
        alarmPeriodSeconds: config.alerts.alarmPeriodSeconds,
        database,
        landingTable: ingestion.landingTable,
        errorIntegration: ingestion.errorIntegration,
        errorIntegrationUsage: ingestion.errorIntegrationUsage,
        ownerProvider: this.snowflakeOwner,
        adminProvider: this.snowflakeAdmin,
      });
      this.dashboard.addRow(...streamingDashboardRow(this.dashboard, this.streaming.metrics));
      this.dashboard.addAlarms(...this.streaming.alarms.all);
    }

    this.snowflakeMonitoring = new SnowflakeMonitoring(this, "SnowflakeMonitoring", {
      database,
      healthIngestion,
      reads: [
        ingestion.landingTable,
        ingestion.pipe,
        ...coreTables.all,
        transformation.task,
        freshnessAlert.task,
      ],
      powerBiUserName: names.snowflake.powerBiUser,
      notificationIntegration: ingestion.errorIntegration,
      notificationUsageGrant: ingestion.errorIntegrationUsage,
      engineer: accessRoles.engineer,
      gatewaySilenceMinutes: config.alerts.gatewaySilenceMinutes,
      rejectionSpikePercent: config.alerts.rejectionSpikePercent,
      ownerProvider: this.snowflakeOwner,
      adminProvider: this.snowflakeAdmin,
    });

    declareDeploymentOutputs(this, {
      landingBucketName: this.landingBucket.bucketName,
      awsRegion: region,
      normalizerFunctionName: this.normalizer.functionName,
      normalizerEnvironmentJson: Fn.jsonencode(this.normalizer.function.environment.variables),
      ingestTopicArn: this.ingestTopic.topicArn,
      snowflakeOrganizationName: config.snowflake.organizationName,
      snowflakeAccountName: config.snowflake.accountName,
      storageIntegrationName: this.snowflakeIngestion.storageIntegration.name,
      databaseName: names.snowflake.database,
      pipeName: this.snowflakeIngestion.pipe.fullyQualifiedName,
      landingTableName: this.snowflakeIngestion.landingTable.fullyQualifiedName,
      coreReadingsTableName: coreTables.readings.fullyQualifiedName,
      reportingReadingsViewName: reporting.views.READINGS.fullyQualifiedName,
      transformTaskName: transformation.task.fullyQualifiedName,
      operatorRoleName: accessRoles.engineer.name,
      queryWarehouseName: names.snowflake.opsWarehouse,
    });
  }
}
