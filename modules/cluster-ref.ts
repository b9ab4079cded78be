import { ValidationError } from "./errors";
import type { IOidcProvider } from "./oidc-provider";

/**
 * What IRSA needs to know about an EKS cluster. A cluster this app creates (`EksCluster`) and one
 * it only looks up (`EksCluster.fromClusterName`) both implement it, so `IrsaRole`,
 * `ServiceAccount` and `IrsaServiceAccount` accept either.
 */
export interface IEksClusterRef {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The Kubernetes API server endpoint (https URL). */
  readonly endpoint: string;
  /** The cluster's certificate authority, base64-encoded PEM (as EKS returns it). */
  readonly certificateAuthorityData: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<id>`). */
  readonly oidcIssuerUrl: string;
  /**
   * The IAM OIDC identity provider that trusts the cluster's issuer. IRSA needs it; a cluster
   * without one can be given one with `ClusterOidcProvider` or `ClusterOidcProvider.fromProviderArn`.
   */
  readonly oidcProvider?: IOidcProvider;
}

/**
 * Returns the OIDC provider of a cluster, or throws an error that says how to give it one.
 * @param field the name of the field that carried the cluster, for the message
 */
export function requireOidcProvider(field: string, cluster: IEksClusterRef): IOidcProvider {
  if (!cluster.oidcProvider) {
    throw new ValidationError(
      field,
      `has no OIDC provider: IRSA needs the cluster's IAM OIDC identity provider. ` +
        "Create one with new ClusterOidcProvider(scope, id, { issuerUrl }), import an existing one with " +
        "ClusterOidcProvider.fromProviderArn(scope, id, arn, issuerUrl), or use EksCluster (which creates it) " +
        "or EksCluster.fromClusterName (which looks it up)",
    );
  }
  return cluster.oidcProvider;
}
