/**
 * List prices the cost model uses, each with where it comes from. Snowflake credit prices depend on
 * edition, region and contract; AWS prices are US East (N. Virginia) on-demand list prices (the
 * default region here, eu-west-1, is within a few percent). Change them here, not in the model.
 */
export interface Prices {
  /** USD per Snowflake credit. */
  readonly usdPerCredit: number;
  /** Snowpipe credits per GB (1e9 bytes) of uncompressed text loaded. */
  readonly snowpipeCreditsPerGb: number;
  /** Credits per compute-hour of serverless task compute, relative to 1 credit/hour of an X-Small. */
  readonly serverlessTaskMultiplier: number;
  /** USD per TB-month of Snowflake storage (compressed). */
  readonly snowflakeUsdPerTbMonth: number;
  /** USD per GB-second of arm64 Lambda duration. */
  readonly lambdaUsdPerGbSecond: number;
  /** USD per million Lambda requests. */
  readonly lambdaUsdPerMillionRequests: number;
  /** USD per 1,000 S3 PUT/COPY/POST/LIST requests (S3 Standard). */
  readonly s3UsdPerThousandPuts: number;
  /** USD per 1,000 S3 GET/SELECT requests (S3 Standard). */
  readonly s3UsdPerThousandGets: number;
  /** USD per GB-month of S3 Standard storage (first 50 TB). */
  readonly s3UsdPerGbMonth: number;
  /** USD per million SNS publishes (deliveries to SQS are free). */
  readonly snsUsdPerMillionPublishes: number;
  /** USD per GB of CloudWatch Logs ingested. */
  readonly logsUsdPerGbIngested: number;
  /** USD per standard-resolution CloudWatch alarm-month. */
  readonly alarmUsdPerMonth: number;
  /** USD per customer-managed KMS key-month. */
  readonly kmsKeyUsdPerMonth: number;
  /** USD per CloudWatch dashboard-month (beyond the account's free ones). */
  readonly dashboardUsdPerMonth: number;
}

/** Where each price comes from; "third party" marks figures not taken from the vendor's own page. */
export const PRICE_SOURCES: Readonly<Record<keyof Prices, string>> = {
  usdPerCredit:
    "snowflake.com/pricing: Enterprise edition, AWS US East, on demand (Standard is lower, Business Critical higher; contracts differ)",
  snowpipeCreditsPerGb:
    "third party: seemoredata.io/blog/snowflakes-new-snowpipe-pricing; Snowflake's docs (user-guide/data-load-snowpipe-billing) define the per-GB model and point to the Service Consumption Table for the rate",
  serverlessTaskMultiplier:
    "Snowflake Service Consumption Table, 'Serverless Feature Credit Table' (compute multiplier for serverless tasks); not checked against a stored copy here, verify before relying on it",
  snowflakeUsdPerTbMonth:
    "snowflake.com/pricing: capacity storage, AWS US East (on demand is higher)",
  lambdaUsdPerGbSecond: "aws.amazon.com/lambda/pricing: Arm, first 7.5 billion GB-s per month",
  lambdaUsdPerMillionRequests: "aws.amazon.com/lambda/pricing",
  s3UsdPerThousandPuts: "aws.amazon.com/s3/pricing: S3 Standard requests",
  s3UsdPerThousandGets: "aws.amazon.com/s3/pricing: S3 Standard requests",
  s3UsdPerGbMonth: "aws.amazon.com/s3/pricing: S3 Standard, first 50 TB per month",
  snsUsdPerMillionPublishes: "aws.amazon.com/sns/pricing: standard topics, API requests",
  logsUsdPerGbIngested: "aws.amazon.com/cloudwatch/pricing: Logs, standard ingestion",
  alarmUsdPerMonth: "aws.amazon.com/cloudwatch/pricing: standard resolution metric alarm",
  kmsKeyUsdPerMonth: "aws.amazon.com/kms/pricing: customer managed key",
  dashboardUsdPerMonth:
    "aws.amazon.com/cloudwatch/pricing: dashboards, per dashboard per month (an account's first three are free); not checked against a stored copy here",
};

/** The prices the checked-in tables in docs/cost.md are computed with. */
export const LIST_PRICES: Prices = {
  usdPerCredit: 3.0,
  snowpipeCreditsPerGb: 0.0037,
  serverlessTaskMultiplier: 0.9,
  snowflakeUsdPerTbMonth: 23,
  lambdaUsdPerGbSecond: 0.0000133334,
  lambdaUsdPerMillionRequests: 0.2,
  s3UsdPerThousandPuts: 0.005,
  s3UsdPerThousandGets: 0.0004,
  s3UsdPerGbMonth: 0.023,
  snsUsdPerMillionPublishes: 0.5,
  logsUsdPerGbIngested: 0.5,
  alarmUsdPerMonth: 0.1,
  kmsKeyUsdPerMonth: 1,
  dashboardUsdPerMonth: 3.0,
};
