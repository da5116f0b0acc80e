import type { GuardrailRule } from "../rule";
import { FirehoseSnowflakeKeyFromSecret } from "../rules/firehose/FirehoseSnowflakeKeyFromSecret";
import { IamCrossAccountExternalId } from "../rules/iam/IamCrossAccountExternalId";
import { IamNoWildcardActions } from "../rules/iam/IamNoWildcardActions";
import { IamNoServiceWildcardOnAnyResource } from "../rules/iam/IamNoServiceWildcardOnAnyResource";
import { IamNoWildcardResourceForWrites } from "../rules/iam/IamNoWildcardResourceForWrites";
import { IamRoleSingleEnvironmentTrust } from "../rules/iam/IamRoleSingleEnvironmentTrust";
import { IamServiceTrustSourceConditions } from "../rules/iam/IamServiceTrustSourceConditions";
import { IamTrustPolicyConditions } from "../rules/iam/IamTrustPolicyConditions";
import { IamWriteRequiresPermissionsBoundary } from "../rules/iam/IamWriteRequiresPermissionsBoundary";
import { IotPolicyScopedToThing } from "../rules/iot/IotPolicyScopedToThing";
import { IotTopicRuleErrorAction } from "../rules/iot/IotTopicRuleErrorAction";
import { LambdaFailureDestination } from "../rules/lambda/LambdaFailureDestination";
import { LambdaLogRetention } from "../rules/lambda/LambdaLogRetention";
import { LambdaPermissionSourceConditions } from "../rules/lambda/LambdaPermissionSourceConditions";
import { LambdaReservedConcurrency } from "../rules/lambda/LambdaReservedConcurrency";
import { LambdaSupportedRuntime } from "../rules/lambda/LambdaSupportedRuntime";
import { S3BucketDefaultEncryption } from "../rules/s3/S3BucketDefaultEncryption";
import { S3BucketPublicAccessBlocked } from "../rules/s3/S3BucketPublicAccessBlocked";
import { S3BucketSingleNotification } from "../rules/s3/S3BucketSingleNotification";
import { S3BucketTlsOnly } from "../rules/s3/S3BucketTlsOnly";
import { S3BucketVersioned } from "../rules/s3/S3BucketVersioned";
import { S3NotificationHasPrefix } from "../rules/s3/S3NotificationHasPrefix";
import { S3NotificationPrefixesDisjoint } from "../rules/s3/S3NotificationPrefixesDisjoint";
import { SnsTopicEncrypted } from "../rules/sns/SnsTopicEncrypted";
import { SnsTopicPublishSourceConditions } from "../rules/sns/SnsTopicPublishSourceConditions";
import { SqsQueueEncrypted } from "../rules/sqs/SqsQueueEncrypted";
import { SqsQueueSendSourceConditions } from "../rules/sqs/SqsQueueSendSourceConditions";

/** Rules for the AWS side: S3, IAM, SNS, SQS, Lambda, IoT and Firehose. */
export const AWS_GUARDRAILS: readonly GuardrailRule[] = [
  S3BucketPublicAccessBlocked,
  S3BucketDefaultEncryption,
  S3BucketTlsOnly,
  S3BucketVersioned,
  S3BucketSingleNotification,
  S3NotificationHasPrefix,
  S3NotificationPrefixesDisjoint,
  IamNoWildcardActions,
  IamNoWildcardResourceForWrites,
  IamTrustPolicyConditions,
  IamServiceTrustSourceConditions,
  IamCrossAccountExternalId,
  IamRoleSingleEnvironmentTrust,
  IamWriteRequiresPermissionsBoundary,
  IamNoServiceWildcardOnAnyResource,
  SnsTopicEncrypted,
  SnsTopicPublishSourceConditions,
  SqsQueueEncrypted,
  SqsQueueSendSourceConditions,
  LambdaFailureDestination,
  LambdaLogRetention,
  LambdaReservedConcurrency,
  LambdaSupportedRuntime,
  LambdaPermissionSourceConditions,
  IotPolicyScopedToThing,
  IotTopicRuleErrorAction,
  FirehoseSnowflakeKeyFromSecret,
];
