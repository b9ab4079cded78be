import type { IConstruct } from "constructs";
import { regionOfStack, regionRule } from "../core/arns";
import { ValidationError } from "../core/errors";
import { isToken } from "../core/naming";
import type { RoleSettings } from "../iam/role-settings";
import type { ServiceAccountSubject } from "../iam/trust-policy";
import type { IOidcProvider } from "./oidc-provider";

/** A service account that EKS or one of the cluster's managed add-ons owns: no user workload binds it. */
export interface ReservedServiceAccount extends ServiceAccountSubject {
  /** Who owns it, for the message: `the vpc-cni add-on`. */
  readonly owner: string;
  /** Where its role is set instead, for the message. */
  readonly instead: string;
}

/**
 * A cluster, as workload identities see it: what a role's trust is pinned to and what a binding
 * asks of the cluster. The cluster layer's `IEksCluster` extends it; the identity layer never
 * imports the cluster layer.
 */
export interface IWorkloadCluster {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The cluster's ARN: Pod Identity trust is pinned to it and to its account. */
  readonly arn: string;
  /**
   * The IAM OIDC identity provider that trusts the cluster's issuer. IRSA needs it; a cluster
   * without one can be given one with `ClusterOidcProvider` or `ClusterOidcProvider.fromProviderArn`.
   */
  readonly oidcProvider?: IOidcProvider;
  /**
   * Why the cluster has no OIDC provider, when it is set up without IRSA on purpose (`EksCluster`
   * with `enableIrsa` false): a binding that needs IRSA fails with it, at its `mechanism`.
   * @default none
   */
  readonly withoutIrsa?: string;
  /**
   * The permissions boundary, path and tags of every role bound to the cluster, unless the role sets
   * its own (a workload role's `permissionsBoundary`, `path`, `tags`).
   * @default none
   */
  readonly roleDefaults?: RoleSettings;
  /** Service accounts that EKS or the cluster's managed add-ons own: bindings refuse them. */
  readonly reservedServiceAccounts: readonly ReservedServiceAccount[];
  /**
   * Makes sure pods of the cluster can use EKS Pod Identity: a cluster this app creates installs the
   * `eks-pod-identity-agent` add-on (Auto Mode runs it itself); a cluster that exists already is
   * trusted to run it.
   * @param field where the need comes from, for the message when the cluster was told not to install it
   * @param serviceAccounts the service accounts whose pods will use it: a cluster refuses those whose
   *   pods it runs on Fargate, where Pod Identity does not work
   */
  usePodIdentity(field: string, serviceAccounts?: readonly ServiceAccountSubject[]): void;
}

/**
 * Returns the OIDC provider of a cluster, or throws an error that says how to give it one.
 * @param field the name of the field that carried the cluster, for the message
 */
export function requireOidcProvider(field: string, cluster: IWorkloadCluster): IOidcProvider {
  if (!cluster.oidcProvider) {
    throw new ValidationError(
      field,
      `has no OIDC provider: IRSA needs the cluster's IAM OIDC identity provider. ` +
        "Create one with new ClusterOidcProvider(scope, id, { issuerUrl }), import an existing one with " +
        "ClusterOidcProvider.fromProviderArn(scope, id, arn, issuerUrl), use EksCluster (which creates it) " +
        'or EksCluster.fromClusterName (which looks it up), or use mechanism "podIdentity"',
    );
  }
  return cluster.oidcProvider;
}

/**
 * The region of a cluster when it is known at synth: from its ARN, else from the AWS provider of the
 * stack that `scope` is in (where a role for the cluster is made). ARN inputs are checked against its
 * partition (`checkPartitions`).
 */
export function regionOfCluster(scope: IConstruct, cluster: IWorkloadCluster | undefined): string | undefined {
  if (cluster !== undefined && typeof cluster.arn === "string" && !isToken(cluster.arn)) {
    const region = cluster.arn.split(":")[3] ?? "";
    if (regionRule(region) === undefined) return region;
  }
  return regionOfStack(scope);
}
