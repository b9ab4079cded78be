import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { validateArn } from "../core/arns";
import { ValidationError } from "../core/errors";
import { checkInputs, checkRule, type InputChecks, isToken, rules, validateDistinct } from "../core/naming";
import { IAM_LIMITS } from "../iam/iam-limits";
import { documentTemplate } from "../iam/policy-document";
import { type ChainSource, estimated, podIdentityTargetStatements, trustPolicyDocument, trustPolicyJson } from "../iam/trust-policy";
import { attachPermissions, checkPermissionRelations, ROLE_OPTION_CHECKS, type RolePermissions } from "./workload-role";
import { writeAsData } from "../core/literal-text";

/** Props of {@link PodIdentityTargetRole}. */
export interface PodIdentityTargetRoleProps extends Omit<RolePermissions, "addonPolicies"> {
  /** The role's name: the `podIdentity.targetRoleArn` of the bindings that chain to it names it. */
  readonly roleName: string;
  /**
   * The binding roles that chain to this role, each with the external IDs of its associations: the
   * workloads stack's `pod_identity_external_ids` output (through remote state, in another account),
   * or `WorkloadIdentity.externalIds` in the same app.
   */
  readonly sources: readonly ChainSource[];
  /**
   * The role's IAM path.
   * @default "/"
   */
  readonly path?: string;
  /**
   * The role's description (at most 1,000 characters).
   * @default "Target role of EKS Pod Identity role chaining"
   */
  readonly description?: string;
  /**
   * ARN of a policy that bounds the role's permissions.
   * @default none
   */
  readonly permissionsBoundary?: string;
  /**
   * The longest session, in seconds (3600 to 43200).
   * @default 3600
   */
  readonly maxSessionDuration?: number;
  /**
   * Tags of the role.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * The longest trust policy this account accepts (IAM's "Role trust policy length" quota).
   * @default 2048
   */
  readonly maxTrustPolicyLength?: number;
}

/**
 * The target role of EKS Pod Identity role chaining, for the account that holds the resources: a
 * binding's association names it (`podIdentity.targetRoleArn`), and EKS assumes it with the
 * binding's role. Its trust lets only those roles in (`aws:PrincipalARN`), only through their
 * associations (`sts:ExternalId`, against the confused deputy), and lets them pass session tags;
 * its permissions are given as a workload role's are, and checked the same way.
 */
export class PodIdentityTargetRole extends Construct {
  /** The `aws_iam_role` resource. */
  public readonly role: IamRole;
  /** The role's ARN: the bindings' `podIdentity.targetRoleArn`. */
  public readonly arn: string;
  /** The trust policy, IAM JSON as a Terraform template. */
  public readonly trustPolicy: string;
  /** The customer-managed policy made from `policyStatements`, if any. */
  public readonly policy?: IamPolicy;

  constructor(scope: Construct, id: string, props: PodIdentityTargetRoleProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    checkRule("roleName", props.roleName, rules.roleName);
    if (props.sources.length === 0) {
      throw ValidationError.invalid(
        "sources",
        [],
        "give the binding roles that chain to this role, each with its associations' external IDs { roleArn, externalIds }",
      );
    }
    props.sources.forEach((source, i) => {
      validateArn(`sources[${i}].roleArn`, source.roleArn, "iamRole");
      if (source.externalIds.length === 0) {
        throw ValidationError.invalid(
          `sources[${i}].externalIds`,
          [],
          "give the external IDs of the role's associations (the pod_identity_external_ids output): without one, any association of the role could chain here",
        );
      }
      source.externalIds.forEach((externalId, j) => checkRule(`sources[${i}].externalIds[${j}]`, externalId, rules.nonEmpty));
      validateDistinct(`sources[${i}].externalIds`, source.externalIds);
    });
    validateDistinct(
      "sources",
      props.sources.map((s) => s.roleArn),
    );
    // A role's options, checked as a workload role checks them (one rule per input).
    checkInputs("", props, TARGET_ROLE_OPTION_CHECKS);
    checkPermissionRelations(props, this);

    const maxLength = props.maxTrustPolicyLength ?? IAM_LIMITS.trustPolicyLengthDefault;
    // External IDs only known at apply time count as 64 characters (EKS's are shorter).
    const estimate = trustPolicyJson(
      podIdentityTargetStatements(
        props.sources.map((s) => ({ roleArn: estimated(s.roleArn, "roleArn"), externalIds: s.externalIds.map((e) => (isToken(e) ? "e".repeat(64) : e)) })),
      ),
    ).length;
    if (estimate > maxLength) {
      throw new ValidationError(
        "sources",
        `(${props.sources.length} roles) make a trust policy of about ${estimate} characters, over the ${maxLength} allowed: split them over several target roles, or raise IAM's quota "Role trust policy length" and set maxTrustPolicyLength`,
      );
    }

    this.trustPolicy = documentTemplate("sources", trustPolicyDocument(podIdentityTargetStatements(props.sources)));
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      path: props.path,
      description: props.description ?? "Target role of EKS Pod Identity role chaining",
      assumeRolePolicy: this.trustPolicy,
      permissionsBoundary: props.permissionsBoundary,
      maxSessionDuration: props.maxSessionDuration,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.arn = this.role.arn;
    this.policy = attachPermissions(this, this.role, props.roleName, props, []);
  }
}

/** The checks of a target role's options: those of a workload role's options of the same names. */
const TARGET_ROLE_OPTION_CHECKS: InputChecks<Omit<PodIdentityTargetRoleProps, "roleName" | "sources">> = {
  path: ROLE_OPTION_CHECKS.path,
  permissionsBoundary: ROLE_OPTION_CHECKS.permissionsBoundary,
  maxSessionDuration: ROLE_OPTION_CHECKS.maxSessionDuration,
  description: ROLE_OPTION_CHECKS.description,
  tags: ROLE_OPTION_CHECKS.tags,
  maxTrustPolicyLength: ROLE_OPTION_CHECKS.maxTrustPolicyLength,
  managedPolicyArns: ROLE_OPTION_CHECKS.managedPolicyArns,
  policyArnsByKey: ROLE_OPTION_CHECKS.policyArnsByKey,
  inlinePolicies: ROLE_OPTION_CHECKS.inlinePolicies,
  policyStatements: ROLE_OPTION_CHECKS.policyStatements,
  extraIamActions: ROLE_OPTION_CHECKS.extraIamActions,
  maxManagedPolicies: ROLE_OPTION_CHECKS.maxManagedPolicies,
};
