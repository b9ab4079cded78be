import type { Construct } from "constructs";
import { ValidationError } from "../core/errors";
import type { IOidcProvider } from "../identity/oidc-provider";
import type { ServiceAccountSubject } from "../iam/trust-policy";
import type { WorkloadIdentity, WorkloadIdentityOptions } from "../identity/workload-identity";

/** A service account that EKS or one of the cluster's managed add-ons owns: no user workload binds it. */
export interface ReservedServiceAccount extends ServiceAccountSubject {
  /** Who owns it, for the message: `the vpc-cni add-on`. */
  readonly owner: string;
  /** Where its role is set instead, for the message. */
  readonly instead: string;
}

/** Options of {@link IEksCluster.addServiceAccount}: a binding, and where it is created. */
export interface AddServiceAccountOptions extends WorkloadIdentityOptions {
  /**
   * Where the binding is created: its construct path (`<scope>/<id>/...`) and so its resources'
   * addresses and the derived role name come from here. A scope whose stack has a kubernetes provider
   * for this cluster, unless `kubernetesProvider` is given or no service account is created.
   * @default the cluster's stack
   */
  readonly scope?: Construct;
}

/**
 * An EKS cluster, as workload identities need it. A cluster this app creates (`EksCluster`) and one
 * that exists already (`EksCluster.fromClusterName`, `EksCluster.fromClusterAttributes`) both
 * implement it, so bindings accept either.
 */
export interface IEksCluster {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The cluster's ARN: Pod Identity trust is pinned to it and to its account. */
  readonly arn: string;
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
  /** Service accounts that EKS or the cluster's managed add-ons own: bindings refuse them. */
  readonly reservedServiceAccounts: readonly ReservedServiceAccount[];
  /**
   * Makes sure pods of the cluster can use EKS Pod Identity: a cluster this app creates installs the
   * `eks-pod-identity-agent` add-on; a cluster that exists already is trusted to run it.
   * @param field where the need comes from, for the message when the cluster was told not to install it
   */
  usePodIdentity(field: string): void;
  /**
   * Binds a workload identity to this cluster: a role its service accounts' pods assume, through IRSA,
   * EKS Pod Identity or both, and the service accounts.
   * @param id the binding's key: names its construct (`<scope>/<id>`) and its derived role name
   */
  addServiceAccount(id: string, options: AddServiceAccountOptions): WorkloadIdentity;
}

/** The service accounts EKS itself runs on every cluster (`kube-system/aws-node` is vpc-cni's). */
export const EKS_SYSTEM_SERVICE_ACCOUNTS: readonly ReservedServiceAccount[] = [
  {
    namespace: "kube-system",
    name: "aws-node",
    owner: "the vpc-cni add-on",
    instead: "EksCluster gives it a role of its own (vpcCniRole); on a cluster made elsewhere, set the add-on's service_account_role_arn",
  },
  { namespace: "kube-system", name: "coredns", owner: "the coredns add-on", instead: "coredns needs no AWS permissions" },
  { namespace: "kube-system", name: "kube-proxy", owner: "the kube-proxy add-on", instead: "kube-proxy needs no AWS permissions" },
  {
    namespace: "kube-system",
    name: "eks-pod-identity-agent",
    owner: "the eks-pod-identity-agent add-on",
    instead: "the agent uses the node role's eks-auth:AssumeRoleForPodIdentity permission",
  },
];

/**
 * Returns the OIDC provider of a cluster, or throws an error that says how to give it one.
 * @param field the name of the field that carried the cluster, for the message
 */
export function requireOidcProvider(field: string, cluster: IEksCluster): IOidcProvider {
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
