import { z } from "zod";
import { topicPrefixProblems } from "../contract/mqtt-topic";
import {
  AWS_EXTERNAL_ID,
  RSA_PUBLIC_KEY_BODY,
  SNOWFLAKE_IDENTIFIER,
  SNOWFLAKE_ROLE_NAME,
  type TextRule,
} from "../constructs/validation";
import { FRESHNESS_ALERT_DEFAULTS } from "../constructs/freshness-alert";
import { GATEWAY_ACCESS_DEFAULTS } from "../constructs/gateway-access";
import { LANDING_BUCKET_DEFAULTS, SNOWPIPE_LOAD_HISTORY_DAYS } from "../constructs/landing-bucket";
import { NORMALIZER_ALARMS_DEFAULTS } from "../constructs/normalizer-alarms";
import { NORMALIZER_FUNCTION_DEFAULTS } from "../constructs/normalizer-function";
import { SNOWFLAKE_MONITORING_DEFAULTS } from "../constructs/snowflake-monitoring";
import { SNOWFLAKE_TRANSFORMATION_DEFAULTS } from "../constructs/snowflake-transformation";
import { NORMALIZER_ENV_DEFAULTS, OBJECT_LIMIT_RANGES } from "../lambda/normalizer/settings";
import { SENSOR_IDENTITIES } from "../sql/sensor-identity";

/**
 * The typed configuration of one environment. Values live in `stacks/environments.ts`; this file
 * says what each setting means, its default and its valid range. A default that a construct (or
 * the normalizer) also applies is read from that construct's `*_DEFAULTS`, so it has one home; the
 * `@default` in each comment documents it. Every error names the setting
 * and the fix, because synth is where a misconfiguration is cheapest to catch.
 */

const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const S3_BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const wholeDays = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number of days from ${min} to ${max}` })
    .int(`must be a whole number of days from ${min} to ${max}`)
    .min(min, `must be at least ${min} days`)
    .max(max, `must be at most ${max} days`);

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number({ error: `must be a whole number of ${unit} from ${min} to ${max}` })
    .int(`must be a whole number of ${unit} from ${min} to ${max}`)
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`);

/** A per-object limit of the normalizer: the function's range and default. */
const limitSetting = (name: keyof typeof OBJECT_LIMIT_RANGES, unit: string) =>
  wholeNumber(OBJECT_LIMIT_RANGES[name].min, OBJECT_LIMIT_RANGES[name].max, unit).default(
    Number(NORMALIZER_ENV_DEFAULTS[name]),
  );

/** A string following one of the rules the constructs check too (constructs/validation.ts). */
const following = (rule: TextRule) => z.string().regex(rule.pattern, `must be ${rule.mustBe}`);
const snowflakeRoleName = following(SNOWFLAKE_ROLE_NAME);

const bucketName = z
  .string()
  .regex(
    S3_BUCKET_NAME,
    "must be a valid S3 bucket name: 3-63 characters of lower-case letters, digits, dots and hyphens",
  );

/** An IPv4 address or CIDR range, as Snowflake's ALLOWED_IP_LIST takes it. */
const IPV4_CIDR =
  /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\/(3[0-2]|[12]?\d))?$/;
const ipv4Ranges = z
  .array(
    z
      .string()
      .regex(IPV4_CIDR, "must be an IPv4 address or CIDR range such as 203.0.113.0/24")
      .refine(
        (range) => !/^0\.0\.0\.0\/0$/.test(range),
        "must not be 0.0.0.0/0, which allows every address (leave the setting out instead)",
      ),
  )
  .min(1, "must list at least one range (or leave the setting out)");

const awsRegion = z.string().regex(AWS_REGION, "must be an AWS region such as eu-west-1");

export const environmentConfigSchema = z
  .object({
    /** Short environment name used in every resource name: lower case, 2-10 characters. */
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9]{1,9}$/,
        "must be 2-10 lower-case letters or digits, starting with a letter (it goes into every resource name)",
      ),
    /** Whether this environment holds production data: stricter minimums apply. @default false */
    production: z.boolean().default(false),
    /**
     * Whether `cdktf destroy` may delete this environment's data: the landing bucket with every
     * object version (force_destroy), the ingest topic and the Snowflake database. Otherwise
     * Terraform refuses to destroy or replace them (prevent_destroy). Deploy once after turning it
     * on, then destroy (docs/operations.md, "Tearing an environment down"). Never in production.
     * @default false
     */
    allowDestroyingData: z.boolean().default(false),
    aws: z.object({
      /** Region of the bucket, the function and the topics (SNS must be in the bucket's region). */
      region: awsRegion,
    }),
    state: z.object({
      /** S3 bucket holding Terraform state, created by the bootstrap stack. */
      bucket: bucketName,
      /** Region of the state bucket. @default - the environment's region */
      region: awsRegion.optional(),
    }),
    tags: z.object({
      /** Team or person answering for the resources. */
      owner: z.string().min(1, "must name the owning team"),
      /** Cost centre the bill is charged to. */
      costCentre: z.string().min(1, "must name the cost centre"),
    }),
    landingBucket: z.object({
      /** Globally unique name of the landing bucket. */
      name: bucketName,
      /** Server-side encryption: SSE_KMS (customer key, bucket key on) or SSE_S3. @default SSE_KMS */
      encryption: z.enum(["SSE_KMS", "SSE_S3"]).default(LANDING_BUCKET_DEFAULTS.encryption),
      /** Days raw uploads are kept. @default 30 */
      rawRetentionInDays: wholeDays(1, 3650).default(LANDING_BUCKET_DEFAULTS.rawRetentionInDays),
      /** Days rejected records are kept. @default 90 */
      rejectedRetentionInDays: wholeDays(1, 3650).default(
        LANDING_BUCKET_DEFAULTS.rejectedRetentionInDays,
      ),
      /** Days normalized files are kept; at least Snowpipe's 14-day load-history window. @default 30 */
      normalizedRetentionInDays: wholeDays(SNOWPIPE_LOAD_HISTORY_DAYS, 3650).default(
        LANDING_BUCKET_DEFAULTS.normalizedRetentionInDays,
      ),
      /** Bucket receiving S3 server access logs. @default - no access logging */
      accessLogBucketName: bucketName.optional(),
      /** Days after upload raw files move to Standard-IA (30+, below rawRetentionInDays). @default - never */
      rawTransitionToInfrequentAccessInDays: wholeDays(30, 3650).optional(),
      /** Days an overwritten or expired object version is kept before deletion. @default 7 */
      noncurrentVersionRetentionInDays: wholeDays(1, 365).default(
        LANDING_BUCKET_DEFAULTS.noncurrentVersionRetentionInDays,
      ),
    }),
    normalizer: z
      .object({
        /** Lambda memory in MB (128-10240). @default 512 */
        memorySizeMb: z
          .number()
          .int()
          .min(128, "must be at least 128 MB")
          .max(10240, "must be at most 10240 MB")
          .default(NORMALIZER_FUNCTION_DEFAULTS.memorySizeMb),
        /** Lambda timeout in seconds (1-900). @default 300 */
        timeoutSeconds: z
          .number()
          .int()
          .min(1, "must be at least 1 second")
          .max(900, "must be at most 900 seconds")
          .default(NORMALIZER_FUNCTION_DEFAULTS.timeoutSeconds),
        /** Reserved concurrency: caps parallel runs and cost (1-1000). @default 10 */
        reservedConcurrency: z
          .number()
          .int()
          .min(1, "must be at least 1 (0 would disable the function)")
          .max(1000, "must be at most 1000")
          .default(NORMALIZER_FUNCTION_DEFAULTS.reservedConcurrency),
        /** Days the function's logs are kept (a CloudWatch retention value). @default 30 */
        logRetentionInDays: z
          .number()
          .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
            message: `must be one of CloudWatch's retention values: ${LOG_RETENTION_DAYS.join(", ")}`,
          })
          .default(NORMALIZER_FUNCTION_DEFAULTS.logRetentionInDays),
        /** IANA time zone for timestamps that carry no offset. @default UTC */
        defaultTimeZone: z
          .string()
          .refine(isTimeZone, "must be an IANA time zone such as UTC or Europe/Berlin")
          .default(NORMALIZER_ENV_DEFAULTS.DEFAULT_TIME_ZONE),
        /** Longest accepted line or JSON record in bytes (1024-16777216). @default 65536 */
        maxLineBytes: wholeNumber(1024, 16777216, "bytes").default(
          Number(NORMALIZER_ENV_DEFAULTS.MAX_LINE_BYTES),
        ),
        /** Oldest accepted reading, in days before its upload (1-36500). @default 365 */
        timestampMaxAgeDays: wholeNumber(1, 36500, "days").default(
          Number(NORMALIZER_ENV_DEFAULTS.TIMESTAMP_MAX_AGE_DAYS),
        ),
        /** Latest accepted reading, in minutes after its upload (0-10080). @default 10 */
        timestampMaxFutureMinutes: wholeNumber(0, 10080, "minutes").default(
          Number(NORMALIZER_ENV_DEFAULTS.TIMESTAMP_MAX_FUTURE_MINUTES),
        ),
        /**
         * Largest raw object in bytes the function reads (S3 ContentLength); larger ones are
         * rejected whole (OBJECT_TOO_LARGE). @default 2147483648
         */
        maxObjectBytes: limitSetting("MAX_OBJECT_BYTES", "bytes"),
        /** Most bytes one object may decompress to. @default 4294967296 */
        maxDecompressedBytes: limitSetting("MAX_DECOMPRESSED_BYTES", "bytes"),
        /** Most records one object may hold. @default 20000000 */
        maxRecordsPerObject: limitSetting("MAX_RECORDS_PER_OBJECT", "records"),
        /** Log level of the function: DEBUG, INFO, WARN or ERROR. @default INFO */
        logLevel: z
          .enum(["DEBUG", "INFO", "WARN", "ERROR"])
          .default(NORMALIZER_ENV_DEFAULTS.POWERTOOLS_LOG_LEVEL),
        /** Retries of a failed S3 event before it goes to the failure queue (0-2). @default 2 */
        maxRetryAttempts: wholeNumber(0, 2, "retries").default(
          NORMALIZER_FUNCTION_DEFAULTS.maxRetryAttempts,
        ),
        /** Seconds an S3 event may wait for a run before it goes to the failure queue (60-21600). @default 21600 */
        maxEventAgeSeconds: wholeNumber(60, 21600, "seconds").default(
          NORMALIZER_FUNCTION_DEFAULTS.maxEventAgeSeconds,
        ),
      })
      .prefault({}),
    alerts: z
      .object({
        /** E-mail addresses subscribed to the alerts topic (each must confirm). @default - none */
        emailAddresses: z.array(z.email("must be an e-mail address")).default([]),
        /** Length of each alarm's evaluation period in seconds (60-86400, a multiple of 60). @default 300 */
        alarmPeriodSeconds: wholeNumber(60, 86400, "seconds")
          .refine((seconds) => seconds % 60 === 0, "must be a multiple of 60 seconds")
          .default(NORMALIZER_ALARMS_DEFAULTS.periodSeconds),
        /** Alarm when a failed event waits longer than this in the failure queue (300-1209600 s). @default 86400 */
        failedEventMaxAgeSeconds: wholeNumber(300, 1209600, "seconds").default(
          NORMALIZER_ALARMS_DEFAULTS.failedEventMaxAgeSeconds,
        ),
        /** Alarm when an S3 event has waited this long for the normalizer (60-21600 s; AsyncEventAge). @default 1800 */
        asyncEventMaxAgeSeconds: wholeNumber(60, 21600, "seconds").default(
          NORMALIZER_ALARMS_DEFAULTS.asyncEventMaxAgeSeconds,
        ),
        /** Alarm when this share of a period's records is rejected (1-100 %); also a gateway's REJECTION_SPIKE in Snowflake. @default 20 */
        rejectionSpikePercent: wholeNumber(1, 100, "percent").default(
          NORMALIZER_ALARMS_DEFAULTS.rejectedRecordsPercent,
        ),
        /** Minutes without an upload after which a gateway is SILENT (5-10080). @default 60 */
        gatewaySilenceMinutes: wholeNumber(5, 10080, "minutes").default(
          SNOWFLAKE_MONITORING_DEFAULTS.gatewaySilenceMinutes,
        ),
      })
      .prefault({}),
    gateways: z
      .object({
        /**
         * PEM of the X.509 CA that signs gateway certificates: enables IAM Roles Anywhere, the
         * recommended way for gateways to get short-lived credentials. @default - no trust anchor;
         * gateways use the lab fallback in docs/gateways.md
         */
        trustAnchorCertificatePem: z
          .string()
          .regex(
            /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/,
            "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)",
          )
          .optional(),
        /** Lifetime of a gateway's Roles Anywhere session in seconds (900-43200). @default 3600 */
        sessionDurationSeconds: wholeNumber(900, 43200, "seconds").default(
          GATEWAY_ACCESS_DEFAULTS.sessionDurationSeconds,
        ),
      })
      .prefault({}),
    streaming: z
      .object({
        /**
         * Whether gateways may also publish readings over MQTT: AWS IoT Core, a topic rule, Firehose
         * and Snowpipe Streaming into the same landing table (docs/architecture.md). Nothing of it
         * bills while no message arrives. @default false
         */
        enabled: z.boolean().default(false),
        /**
         * Topics are `<topicPrefix>/<gateway_id>/readings`: levels of letters, digits, `.`, `_`, `-`.
         * @default sensors/<environment name>
         */
        topicPrefix: z
          .string()
          .refine((prefix) => topicPrefixProblems(prefix).length === 0, {
            message: "must be levels of letters, digits, . _ - separated by / (e.g. sensors/dev)",
          })
          .optional(),
        /** Gateways registered as IoT things (their certificates are made outside Terraform). @default - none */
        gatewayIds: z
          .array(
            z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, . _ or -"),
          )
          .default([]),
        /** Seconds Firehose buffers before writing to Snowflake (0-60). @default 30 */
        bufferingIntervalSeconds: wholeNumber(0, 60, "seconds").default(30),
        /** MB Firehose buffers before writing to Snowflake (1-128). @default 1 */
        bufferingSizeMb: wholeNumber(1, 128, "MB").default(1),
        /**
         * RSA public key of the streaming service user: base64 on one line, without the BEGIN/END
         * lines. @default - none: the user exists but cannot sign in until a key is set
         */
        snowflakePublicKey: z
          .string()
          .regex(
            /^[A-Za-z0-9+/]{200,}={0,2}$/,
            "must be the base64 body of an RSA public key on one line, without the BEGIN/END lines",
          )
          .optional(),
      })
      .prefault({}),
    snowflake: z.object({
      /** Snowflake organization name (SELECT CURRENT_ORGANIZATION_NAME()). */
      organizationName: z
        .string()
        .regex(
          SNOWFLAKE_IDENTIFIER.pattern,
          "must be the organization name as SELECT CURRENT_ORGANIZATION_NAME() returns it: upper-case letters, digits and underscores, e.g. ACME",
        ),
      /** Snowflake account name, not the locator (SELECT CURRENT_ACCOUNT_NAME()). */
      accountName: z
        .string()
        .regex(
          SNOWFLAKE_IDENTIFIER.pattern,
          "must be the account name as SELECT CURRENT_ACCOUNT_NAME() returns it, not the locator (xy12345) or a URL: upper-case letters, digits and underscores, e.g. SENSORS_DEV",
        ),
      /** Role that creates and owns the pipeline objects; created by the bootstrap SQL. */
      ownerRole: snowflakeRoleName,
      /** Role for account-level objects (integrations, roles, users, resource monitor). */
      adminRole: snowflakeRoleName,
      /**
       * Edition of the Snowflake account (Snowsight: Admin » Accounts, or ask the account's
       * administrator). It bounds what the stack may ask for: Time Travel beyond 1 day needs
       * ENTERPRISE or higher. STANDARD by default because assuming less only stops synth with a
       * clear error, while assuming more fails the apply halfway. @default STANDARD
       */
      edition: z
        .enum(["STANDARD", "ENTERPRISE", "BUSINESS_CRITICAL"], {
          error: "must be one of STANDARD, ENTERPRISE, BUSINESS_CRITICAL",
        })
        .default("STANDARD"),
      /**
       * Time Travel days on the database (1-90; above 1 needs edition ENTERPRISE or higher;
       * production needs at least 7). @default 1
       */
      dataRetentionTimeInDays: wholeDays(1, 90).default(1),
      /**
       * External ID set on the storage integration and required by the trust policy of the IAM role
       * Snowflake assumes to read `normalized/`. Ours, not Snowflake's generated one, so the role
       * never waits on the integration for it (provider 2.11 does not read a generated one back).
       * One per environment, hard to guess (a random UUID), not a secret. No default.
       */
      storageExternalId: following(AWS_EXTERNAL_ID),
      /** Role that reads every schema and operates the pipe and tasks. @default SENSORS_<ENV>_ENGINEER */
      engineerRole: snowflakeRoleName.optional(),
      /** Role that reads only the REPORTING views on the BI warehouse. @default SENSORS_<ENV>_REPORTER */
      reporterRole: snowflakeRoleName.optional(),
      transformation: z
        .object({
          /** Seconds between checks of the stream; a check without new rows costs no compute (10-3600). @default 60 */
          scheduleSeconds: wholeNumber(10, 3600, "seconds").default(
            SNOWFLAKE_TRANSFORMATION_DEFAULTS.scheduleSeconds,
          ),
          /** Longest a transformation run may take before Snowflake cancels it (60-86400 s). @default 900 */
          timeoutSeconds: wholeNumber(60, 86400, "seconds").default(
            SNOWFLAKE_TRANSFORMATION_DEFAULTS.timeoutSeconds,
          ),
          /** Consecutive failed runs after which Snowflake suspends the task (1-1000). @default 10 */
          suspendAfterFailures: wholeNumber(1, 1000, "failures").default(
            SNOWFLAKE_TRANSFORMATION_DEFAULTS.suspendAfterFailures,
          ),
          /**
           * What identifies a sensor: "gateway" (gateway id and sensor id, so `th-01` behind two
           * gateways is two sensors) or "global" (sensor ids are unique fleet-wide and sensors may
           * move between gateways; CORE.SENSORS.GATEWAYS shows every move). Changing it on a
           * deployed environment needs the rebuild of docs/transformation.md. @default gateway
           */
          sensorIdentity: z
            .enum(SENSOR_IDENTITIES, { error: `must be one of ${SENSOR_IDENTITIES.join(", ")}` })
            .default(SNOWFLAKE_TRANSFORMATION_DEFAULTS.sensorIdentity),
        })
        .prefault({}),
      biWarehouse: z
        .object({
          /** Size of the Power BI warehouse (a Snowflake warehouse size). @default XSMALL */
          size: z
            .enum(["XSMALL", "SMALL", "MEDIUM", "LARGE"], {
              error: "must be one of XSMALL, SMALL, MEDIUM, LARGE",
            })
            .default("XSMALL"),
          /** Idle seconds before the warehouse suspends (60-3600). @default 60 */
          autoSuspendSeconds: wholeNumber(60, 3600, "seconds").default(60),
          /** Longest a Power BI query may run (10-7200 s). @default 300 */
          statementTimeoutSeconds: wholeNumber(10, 7200, "seconds").default(300),
          /**
           * Credits per month after which the resource monitor suspends the warehouse (1-10000).
           * The warehouse and its monitor are created by the bootstrap SQL (only ACCOUNTADMIN may
           * assign a monitor), so this and the settings above take effect when it is re-run.
           * @default 20
           */
          monthlyCreditQuota: wholeNumber(1, 10000, "credits").default(20),
        })
        .prefault({}),
      opsWarehouse: z
        .object({
          /**
           * Credits per month of the operators' warehouse SENSORS_<ENV>_OPS_WH (Terraform's reads,
           * sensorctl, engineers) before its monitor suspends it (1-10000); set by the bootstrap
           * SQL. @default 5
           */
          monthlyCreditQuota: wholeNumber(1, 10000, "credits").default(5),
        })
        .prefault({}),
      freshness: z
        .object({
          /** Minutes without a new load in CORE.READINGS before the alerts topic hears about it (5-1440). @default 30 */
          thresholdMinutes: wholeNumber(5, 1440, "minutes").default(
            FRESHNESS_ALERT_DEFAULTS.thresholdMinutes,
          ),
          /** Minutes between freshness checks (1-60). @default 10 */
          checkIntervalMinutes: wholeNumber(1, 60, "minutes").default(
            FRESHNESS_ALERT_DEFAULTS.checkIntervalMinutes,
          ),
        })
        .prefault({}),
      /**
       * Where the service users may sign in from (Snowflake network policies). A key pair is the
       * credential; a network policy limits where a stolen key works. docs/ci-cd.md says how to
       * fill each list for GitHub-hosted or self-hosted runners, the Power BI service or a gateway.
       */
      networkPolicies: z
        .object({
          /**
           * IPv4 ranges (CIDR) of the CI deploy and plan users; the bootstrap SQL attaches a network
           * policy with them. @default - none: the keys work from any address (the bootstrap SQL
           * says so)
           */
          ciAllowedIpRanges: ipv4Ranges.optional(),
          /**
           * IPv4 ranges (CIDR) of the Power BI service user: the Power BI service's or your
           * on-premises data gateway's egress addresses. @default - none: the key works from any
           * address (guardrail warning Snowflake.ServiceUserNetworkPolicy)
           */
          powerBiAllowedIpRanges: ipv4Ranges.optional(),
        })
        .prefault({}),
      /**
       * RSA public key of the Power BI service user: base64 on one line, without the BEGIN/END
       * lines. @default - none: the user exists but cannot sign in until a key is set
       */
      powerBiPublicKey: following(RSA_PUBLIC_KEY_BODY).optional(),
      /**
       * Second RSA public key of the Power BI service user (Snowflake's RSA_PUBLIC_KEY_2), for
       * rotation without downtime (docs/operations.md, section 6). @default - none
       */
      powerBiSecondPublicKey: following(RSA_PUBLIC_KEY_BODY).optional(),
    }),
  })
  .superRefine((config, ctx) => {
    const { rawTransitionToInfrequentAccessInDays: transition, rawRetentionInDays } =
      config.landingBucket;
    if (transition !== undefined && transition >= rawRetentionInDays) {
      ctx.addIssue({
        code: "custom",
        path: ["landingBucket", "rawTransitionToInfrequentAccessInDays"],
        message: `must be less than rawRetentionInDays (${rawRetentionInDays}), or left out`,
      });
    }
    // user-guide/data-time-travel: Standard Edition allows 0 or 1 day of retention.
    const { edition, dataRetentionTimeInDays: retention } = config.snowflake;
    if (edition === "STANDARD" && retention > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["snowflake", "dataRetentionTimeInDays"],
        message: `must be 1 on a STANDARD edition account (snowflake.edition): Time Travel beyond 1 day needs Enterprise Edition, and the apply would fail creating the database. Set snowflake.edition to "ENTERPRISE" if the account is Enterprise or higher, or lower dataRetentionTimeInDays to 1`,
      });
    }
    if (config.production && config.allowDestroyingData) {
      ctx.addIssue({
        code: "custom",
        path: ["allowDestroyingData"],
        message: "must be false in a production environment (its data is protected from destroy)",
      });
    }
    if (config.production && config.snowflake.dataRetentionTimeInDays < 7) {
      ctx.addIssue({
        code: "custom",
        path: ["snowflake", "dataRetentionTimeInDays"],
        message: "must be at least 7 days in a production environment",
      });
    }
  });

/** What `stacks/environments.ts` writes: settings with a default may be left out. */
export type EnvironmentConfigInput = z.input<typeof environmentConfigSchema>;
/** A validated environment with every default filled in. */
export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
