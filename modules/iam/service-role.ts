import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { idFromName } from "../core/naming";
import type { RoleSettings } from "./role-settings";

/** A trust policy that lets one AWS service (such as `eks.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
}

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
}

/** An IAM role assumed by an AWS service, with AWS-managed policies attached one resource each. */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.name,
      path: props.path,
      assumeRolePolicy: serviceTrustPolicy(props.service),
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
