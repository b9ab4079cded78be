import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { idFromName } from "../core/naming";
import { writeAsData } from "../core/literal-text";

/** A trust policy that lets one AWS service (such as `eks.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
}

/** Props of {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** The role's name. */
  readonly name: string;
  /** The AWS service principal that assumes the role. */
  readonly service: string;
  /** Names of AWS-managed policies to attach (`AmazonEKSClusterPolicy`, ...). */
  readonly managedPolicies: readonly string[];
  /** The partition of the policy ARNs (`aws`, `aws-cn`, `aws-us-gov`), a literal or a token. */
  readonly partition: string;
  /** Tags of the role. */
  readonly tags?: { readonly [key: string]: string };
}

/** An IAM role assumed by an AWS service, with AWS-managed policies attached one resource each. */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    this.role = new IamRole(this, "role", {
      name: props.name,
      assumeRolePolicy: serviceTrustPolicy(props.service),
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
