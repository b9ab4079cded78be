import type { Construct } from "constructs";
import type { IOidcProvider } from "../identity/oidc-provider";
import type { IWorkloadCluster, ReservedServiceAccount } from "../identity/workload-cluster";
import type { RoleSettings } from "../iam/role-settings";
import type { WorkloadIdentity, WorkloadIdentityOptions } from "../identity/workload-identity";

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
 * An EKS cluster. A cluster this app creates (`EksCluster`) and one that exists already
 * (`EksCluster.fromClusterName`, `EksCluster.fromClusterAttributes`) both implement it, so bindings
 * and stacks accept either.
 */
export interface IEksCluster extends IWorkloadCluster {
  /** The Kubernetes API server endpoint (https URL). */
  readonly endpoint: string;
  /** The cluster's certificate authority, base64-encoded PEM (as EKS returns it). */
  readonly certificateAuthorityData: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<id>`). */
  readonly oidcIssuerUrl: string;
  /**
   * Binds a workload identity to this cluster: a role its service accounts' pods assume, through IRSA,
   * EKS Pod Identity or both, and the service accounts.
   * @param id the binding's key: names its construct (`<scope>/<id>`) and its derived role name
   */
  addServiceAccount(id: string, options: AddServiceAccountOptions): WorkloadIdentity;
}

/** What a cluster made elsewhere is known by, when no data source should read it. */
export interface ImportedEksClusterAttributes {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The cluster's ARN (`arn:<partition>:eks:<region>:<account>:cluster/<name>`). */
  readonly arn: string;
  /** The Kubernetes API server endpoint (https URL). */
  readonly endpoint: string;
  /** The cluster's certificate authority, base64-encoded PEM. */
  readonly certificateAuthorityData: string;
  /** The cluster's OIDC issuer URL. */
  readonly oidcIssuerUrl: string;
  /**
   * The cluster's IAM OIDC provider, for IRSA.
   * @default none: only Pod Identity bindings
   */
  readonly oidcProvider?: IOidcProvider;
  /**
   * The permissions boundary, path and tags of the workload roles bound to the cluster, unless a role sets its own.
   * @default none
   */
  readonly roleDefaults?: RoleSettings;
}

/** Options of {@link EksCluster.fromClusterName}. */
export interface ClusterLookupOptions {
  /**
   * Look up the cluster's IAM OIDC provider (`data "aws_iam_openid_connect_provider"` by issuer URL).
   * Turn off for a cluster that has none yet, and create one with `ClusterOidcProvider`.
   * @default true
   */
  readonly lookupOidcProvider?: boolean;
  /**
   * The permissions boundary, path and tags of the workload roles bound to the cluster, unless a role sets its own.
   * @default none
   */
  readonly roleDefaults?: RoleSettings;
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
