import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { validateArn } from "../core/arns";
import { writeAsData } from "../core/literal-text";
import { checkRule, idFromName, rules } from "../core/naming";
import { documentTemplate } from "./policy-document";
import { type RoleSettings, validateRoleSettings } from "./role-settings";
import { trustPolicyDocument } from "./trust-policy";

/** A trust policy that lets one AWS service (such as `eks.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string, actions: readonly string[] = SERVICE_TRUST_ACTIONS): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions.length === 1 ? actions[0] : [...actions] }],
  });
}

/** What a service may do with its role unless told otherwise. */
const SERVICE_TRUST_ACTIONS: readonly string[] = ["sts:AssumeRole", "sts:TagSession"];

/** Props of {@link ServiceRole}: its boundary, path and tags are {@link RoleSettings}. */
export interface ServiceRoleProps extends RoleSettings {
  /** The role's name. */
  readonly name: string;
  /** The AWS service principal that assumes the role. */
  readonly service: string;
  /** Names of AWS-managed policies to attach (`AmazonEKSClusterPolicy`, ...). */
  readonly managedPolicies: readonly string[];
  /** The partition of the policy ARNs (`aws`, `aws-cn`, `aws-us-gov`), a literal or a token. */
  readonly partition: string;
  /**
   * Only requests made for resources matching this ARN pattern may assume the role (`ArnLike`
   * `aws:SourceArn`): the confused-deputy guard AWS documents for the Fargate pod execution role
   * (`arn:<partition>:eks:<region>:<account>:fargateprofile/<cluster>/*`).
   * @default no condition
   */
  readonly sourceArnLike?: string;
  /**
   * The actions the service may call on the role.
   * @default ["sts:AssumeRole", "sts:TagSession"]
   */
  readonly trustActions?: readonly string[];
}

/**
 * Options of a role the cluster makes for an AWS service (the Auto Mode node role, the Fargate pod
 * execution role): its name, and the boundary, path and tags that override the cluster's `roleDefaults`.
 */
export interface ServiceRoleOptions extends RoleSettings {
  /**
   * The role's name (at most 64 characters from letters, digits and `+=,.@_-`).
   * @default `<cluster name>-<purpose>`, shortened to 64 characters with a hash
   */
  readonly roleName?: string;
}

/** Checks the options of a service role; `field` is where they were given. */
export function validateServiceRoleOptions(field: string, options: ServiceRoleOptions | undefined): void {
  if (options === undefined) return;
  if (options.roleName !== undefined) checkRule(`${field}.roleName`, options.roleName, rules.roleName);
  validateRoleSettings(field, options);
}

/** An IAM role assumed by an AWS service, with AWS-managed policies attached one resource each. */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    if (props.path !== undefined) checkRule("path", props.path, rules.iamPath);
    if (props.permissionsBoundary !== undefined) validateArn("permissionsBoundary", props.permissionsBoundary, "iamPolicy");
    this.role = new IamRole(this, "role", {
      name: props.name,
      path: props.path,
      assumeRolePolicy:
        props.sourceArnLike === undefined
          ? serviceTrustPolicy(props.service, props.trustActions)
          : pinnedServiceTrustPolicy(props.service, props.trustActions ?? SERVICE_TRUST_ACTIONS, props.sourceArnLike),
      permissionsBoundary: props.permissionsBoundary,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.attachments = props.managedPolicies.map(
      (policy) =>
        new IamRolePolicyAttachment(this, idFromName(policy), {
          role: this.role.name,
          policyArn: `arn:${props.partition}:iam::aws:policy/${policy}`,
        }),
    );
  }
}

/** {@link serviceTrustPolicy} pinned to source ARNs, as a Terraform template (the pattern may hold references). */
function pinnedServiceTrustPolicy(service: string, actions: readonly string[], sourceArnLike: string): string {
  return documentTemplate(
    "sourceArnLike",
    trustPolicyDocument([
      {
        effect: "Allow",
        actions: [...actions],
        principals: [{ type: "Service", identifiers: [service] }],
        condition: [{ test: "ArnLike", variable: "aws:SourceArn", values: [sourceArnLike] }],
      },
    ]),
  );
}
