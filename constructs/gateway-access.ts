import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { RolesanywhereProfile } from "@cdktf/provider-aws/lib/rolesanywhere-profile";
import { RolesanywhereTrustAnchor } from "@cdktf/provider-aws/lib/rolesanywhere-trust-anchor";
import { LANDING_PREFIXES, type LandingBucket } from "./landing-bucket";
import { type PolicyStatementJson, iamPolicyVariable, policyJson } from "./policy-document";
import { Problems } from "./validation";

/** Session tag Roles Anywhere sets from the certificate's subject CN: the gateway id. */
export const ROLES_ANYWHERE_GATEWAY_TAG = "aws:PrincipalTag/x509Subject/CN";
/** Tag an operator puts on a lab gateway's IAM user: the gateway id. */
export const IAM_USER_GATEWAY_TAG = "aws:PrincipalTag/gateway_id";

/** Gateway ids that could reach beyond their own prefix: with a "/", a literal "*" or a literal "?". */
const GATEWAY_ID_FORBIDDEN_PATTERNS = [
  "*/*",
  `*${iamPolicyVariable("*")}*`,
  `*${iamPolicyVariable("?")}*`,
];

/** Defaults of {@link GatewayAccessProps}; the one home of these values: stacks/config.ts fills its `.default(...)`s from here. */
export const GATEWAY_ACCESS_DEFAULTS = { sessionDurationSeconds: 3600 } as const;

/** Properties of {@link GatewayAccess}. */
export interface GatewayAccessProps {
  /** Names the managed policy, and with a trust anchor the role, anchor and profile. */
  readonly namePrefix: string;
  /** The bucket gateways upload to, under raw/<gateway id>/. */
  readonly landingBucket: LandingBucket;
  /**
   * PEM of the CA that signs gateway certificates; each certificate's subject CN is its gateway id.
   * @default - no Roles Anywhere: gateways use IAM users with the managed policy (labs only)
   */
  readonly trustAnchorCertificatePem?: string;
  /** Lifetime of a Roles Anywhere session in seconds (900-43200). @default 3600 */
  readonly sessionDurationSeconds?: number;
}

/**
 * Write-only upload access for gateways: each may PUT under `raw/<its gateway id>/` and nothing
 * else: no read, no list, no delete, no other gateway's prefix (an id containing `/`, `*` or `?` is denied, so
 * a certificate named `gw-1/x` cannot write into `raw/gw-1/` as another gateway). The gateway id comes from the
 * caller's identity, never from the request: the certificate's subject CN for IAM Roles Anywhere
 * sessions (recommended: short-lived credentials, no stored keys), or the `gateway_id` tag of a lab
 * gateway's IAM user (the fallback; see docs/gateways.md).
 */
export class GatewayAccess extends Construct {
  /** Managed policy with the upload permissions; attach it to lab gateways' IAM users. */
  readonly uploadPolicy: IamPolicy;
  /** The Roles Anywhere trust anchor, when a CA certificate is configured. */
  readonly trustAnchor?: RolesanywhereTrustAnchor;
  /** The role gateways' Roles Anywhere sessions assume, when a CA certificate is configured. */
  readonly role?: IamRole;
  /** The Roles Anywhere profile naming that role, when a CA certificate is configured. */
  readonly profile?: RolesanywhereProfile;

  constructor(scope: Construct, id: string, props: GatewayAccessProps) {
    super(scope, id);
    const { landingBucket, namePrefix } = props;
    const sessionDurationSeconds =
      props.sessionDurationSeconds ?? GATEWAY_ACCESS_DEFAULTS.sessionDurationSeconds;
    new Problems("GatewayAccess")
      .wholeNumber("sessionDurationSeconds", sessionDurationSeconds, 900, 43200, "seconds")
      .throwIfAny();
    const ownPrefix = (tag: string) =>
      `${landingBucket.bucketArn}/${LANDING_PREFIXES.raw}${iamPolicyVariable(tag)}/*`;
    this.uploadPolicy = new IamPolicy(this, "UploadPolicy", {
      name: `${namePrefix}-upload`,
      description: "Gateways: PUT under raw/<own gateway id>/ only",
      policy: policyJson([
        {
          Sid: "CertificateGatewaysPutOwnPrefix",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
          Resource: ownPrefix(ROLES_ANYWHERE_GATEWAY_TAG),
        },
        {
          Sid: "TaggedUserGatewaysPutOwnPrefix",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
          Resource: ownPrefix(IAM_USER_GATEWAY_TAG),
        },
        ...landingBucket.keyStatements(["kms:GenerateDataKey", "kms:Decrypt"]),
        // The gateway id becomes a key prefix: a "/" in it (a certificate CN such as
        // "gw-1/../gw-2" or just "gw-2/x") would write under another gateway's prefix. A "*" or
        // "?" in it is refused too: IAM reads those as wildcards in a Resource and documents no
        // escaping of a substituted tag value (IAM user guide, reference_policies_variables.html,
        // "Special characters"), so a CN of "*" might match every gateway's prefix. ${*} and ${?}
        // are IAM's literal asterisk and question mark (same section).
        ...[ROLES_ANYWHERE_GATEWAY_TAG, IAM_USER_GATEWAY_TAG].map(
          (tag, index): PolicyStatementJson => ({
            Sid: index === 0 ? "NoCertificateIdWithASlash" : "NoTaggedUserIdWithASlash",
            Effect: "Deny",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: `${landingBucket.bucketArn}/${LANDING_PREFIXES.raw}*`,
            Condition: { StringLike: { [tag]: GATEWAY_ID_FORBIDDEN_PATTERNS } },
          }),
        ),
      ]),
    });

    if (props.trustAnchorCertificatePem === undefined) return;
    this.trustAnchor = new RolesanywhereTrustAnchor(this, "TrustAnchor", {
      name: `${namePrefix}-ca`,
      enabled: true,
      source: {
        sourceType: "CERTIFICATE_BUNDLE",
        sourceData: { x509CertificateData: props.trustAnchorCertificatePem },
      },
    });
    this.role = new IamRole(this, "Role", {
      name: `${namePrefix}-upload`,
      maxSessionDuration: Math.max(3600, sessionDurationSeconds),
      assumeRolePolicy: policyJson([
        {
          Sid: "GatewayCertificatesFromThisAnchor",
          Effect: "Allow",
          Principal: { Service: "rolesanywhere.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
          Condition: { ArnEquals: { "aws:SourceArn": this.trustAnchor.arn } },
        },
      ]),
    });
    new IamRolePolicyAttachment(this, "RoleUploadPolicy", {
      role: this.role.name,
      policyArn: this.uploadPolicy.arn,
    });
    this.profile = new RolesanywhereProfile(this, "Profile", {
      name: `${namePrefix}-upload`,
      enabled: true,
      roleArns: [this.role.arn],
      durationSeconds: sessionDurationSeconds,
    });
  }
}
