import { Construct } from "constructs";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IEksClusterRef } from "./cluster-ref";
import { IrsaServiceAccount, IrsaServiceAccountOptions } from "./irsa-service-account";
import { validateClusterName } from "./naming";
import { IOidcProvider, issuerHostOf } from "./oidc-provider";

/** Props of {@link ImportedEksCluster}. */
export interface ImportedEksClusterProps {
  /** Name of the existing cluster. */
  readonly clusterName: string;
  /**
   * Look up the cluster's IAM OIDC provider (`data "aws_iam_openid_connect_provider"` by issuer
   * URL). Turn off for a cluster that has none yet, and create one with `ClusterOidcProvider`.
   * @default true
   */
  readonly lookupOidcProvider?: boolean;
}

/**
 * An EKS cluster that exists already, read with `data "aws_eks_cluster"`, and its IAM OIDC
 * provider, read with `data "aws_iam_openid_connect_provider"`. Made by `EksCluster.fromClusterName`.
 */
export class ImportedEksCluster extends Construct implements IEksClusterRef {
  public readonly clusterName: string;
  /** The cluster's ARN. */
  public readonly arn: string;
  public readonly endpoint: string;
  public readonly certificateAuthorityData: string;
  public readonly oidcIssuerUrl: string;
  public readonly oidcProvider?: IOidcProvider;
  /** The `data "aws_eks_cluster"` data source. */
  public readonly data: DataAwsEksCluster;

  constructor(scope: Construct, id: string, props: ImportedEksClusterProps) {
    super(scope, id);
    validateClusterName("clusterName", props.clusterName);
    this.data = new DataAwsEksCluster(this, "cluster", { name: props.clusterName });
    this.clusterName = this.data.name;
    this.arn = this.data.arn;
    this.endpoint = this.data.endpoint;
    this.certificateAuthorityData = this.data.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.data.identity.get(0).oidc.get(0).issuer;
    if (props.lookupOidcProvider ?? true) {
      const provider = new DataAwsIamOpenidConnectProvider(this, "oidc-provider", { url: this.oidcIssuerUrl });
      this.oidcProvider = { arn: provider.arn, issuerUrl: this.oidcIssuerUrl, issuerHost: issuerHostOf(this.oidcIssuerUrl) };
    }
  }

  /**
   * Creates an IRSA role that trusts `<namespace>/<name>` in this cluster, and the Kubernetes
   * service account annotated with it.
   */
  public addServiceAccount(id: string, options: IrsaServiceAccountOptions & { readonly scope?: Construct }): IrsaServiceAccount {
    return new IrsaServiceAccount(options.scope ?? this, id, { ...options, cluster: this });
  }
}
