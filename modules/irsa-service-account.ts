import { Construct } from "constructs";
import { IEksClusterRef } from "./cluster-ref";
import { IrsaRole, IrsaRoleOptions } from "./irsa-role";
import { IOidcProvider } from "./oidc-provider";
import { ServiceAccount, ServiceAccountOptions } from "./service-account";
import { ValidationError } from "./errors";

/** Options of `addServiceAccount`: a service account and the IAM role its pods assume. */
export interface IrsaServiceAccountOptions extends IrsaRoleOptions, ServiceAccountOptions {
  /** The namespace (a DNS-1123 label). */
  readonly namespace: string;
  /** The service account's name (a DNS-1123 subdomain). */
  readonly name: string;
  /**
   * OIDC providers of further clusters whose pods with this namespace and name may assume the role
   * too (blue/green clusters, several regions). Only this cluster gets the service account.
   * @default none
   */
  readonly extraOidcProviders?: readonly IOidcProvider[];
}

/** Props of {@link IrsaServiceAccount}. */
export interface IrsaServiceAccountProps extends IrsaServiceAccountOptions {
  /** The cluster: an `EksCluster`, or one looked up with `EksCluster.fromClusterName`. */
  readonly cluster: IEksClusterRef;
}

/**
 * A workload's AWS identity in one call: an `IrsaRole` that trusts exactly
 * `system:serviceaccount:<namespace>:<name>` in the cluster, and the Kubernetes service account
 * annotated with that role (as AWS CDK's `addServiceAccount` and eksctl's `create iamserviceaccount` do).
 */
export class IrsaServiceAccount extends Construct {
  /** The IAM role. */
  public readonly role: IrsaRole;
  /** The Kubernetes service account. */
  public readonly serviceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: IrsaServiceAccountProps) {
    super(scope, id);
    if (props.subjectMatch === "StringLike") {
      throw new ValidationError("subjectMatch", "\"StringLike\" is not allowed here: a service account has one exact name; use IrsaRole for wildcard subjects");
    }
    this.role = new IrsaRole(this, "role", {
      ...props,
      cluster: props.cluster,
      oidcProviders: props.extraOidcProviders,
      serviceAccounts: [{ namespace: props.namespace, name: props.name }],
    });
    this.serviceAccount = new ServiceAccount(this, "service-account", {
      ...props,
      roleArn: this.role.arn,
    });
  }
}
