import type { Construct } from "constructs";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { type ClusterLookupOptions, EKS_SYSTEM_SERVICE_ACCOUNTS, type ImportedEksClusterAttributes } from "../cluster";
import { validateArn } from "../../core/arns";
import { ValidationError } from "../../core/errors";
import { validateClusterName } from "../../core/naming";
import { type IOidcProvider, issuerHostOf } from "../../identity/oidc-provider";
import type { ReservedServiceAccount } from "../../identity/workload-cluster";
import { type RoleSettings, validateRoleSettings } from "../../iam/role-settings";
import { ClusterBase } from "./cluster-base";
import { writeAsData } from "../../core/literal-text";

/** Props of {@link ImportedCluster}: a name to look the cluster up by, or its attributes. */
export interface ImportedClusterProps extends ClusterLookupOptions {
  /**
   * Name of the existing cluster, read with `data "aws_eks_cluster"`. Give this or `attributes`.
   * @default none
   */
  readonly clusterName?: string;
  /**
   * The cluster's attributes, known here. Give this or `clusterName`.
   * @default none
   */
  readonly attributes?: ImportedEksClusterAttributes;
}

/**
 * An EKS cluster that exists already: read with `data "aws_eks_cluster"` (and its IAM OIDC provider
 * with `data "aws_iam_openid_connect_provider"`), or known from attributes. Made by
 * `EksCluster.fromClusterName` and `EksCluster.fromClusterAttributes`. It is trusted to run the
 * `eks-pod-identity-agent` add-on when a binding uses Pod Identity.
 */
export class ImportedCluster extends ClusterBase {
  public readonly clusterName: string;
  public readonly arn: string;
  public readonly endpoint: string;
  public readonly certificateAuthorityData: string;
  public readonly oidcIssuerUrl: string;
  public readonly oidcProvider?: IOidcProvider;
  public readonly roleDefaults?: RoleSettings;
  public readonly reservedServiceAccounts: readonly ReservedServiceAccount[] = EKS_SYSTEM_SERVICE_ACCOUNTS;
  /** The `data "aws_eks_cluster"` data source, when the cluster is looked up by name. */
  public readonly data?: DataAwsEksCluster;

  constructor(scope: Construct, id: string, props: ImportedClusterProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    if ((props.clusterName === undefined) === (props.attributes === undefined)) {
      throw ValidationError.invalid("clusterName", props.clusterName, "give either clusterName (to look the cluster up) or attributes, not both");
    }
    if (props.attributes) {
      const a = props.attributes;
      validateClusterName("attributes.clusterName", a.clusterName);
      validateArn("attributes.arn", a.arn, "eksCluster");
      validateRoleSettings("attributes.roleDefaults", a.roleDefaults);
      this.roleDefaults = a.roleDefaults;
      this.clusterName = a.clusterName;
      this.arn = a.arn;
      this.endpoint = a.endpoint;
      this.certificateAuthorityData = a.certificateAuthorityData;
      this.oidcIssuerUrl = a.oidcIssuerUrl;
      this.oidcProvider = a.oidcProvider;
      return;
    }
    validateClusterName("clusterName", props.clusterName!);
    validateRoleSettings("roleDefaults", props.roleDefaults);
    this.roleDefaults = props.roleDefaults;
    this.data = new DataAwsEksCluster(this, "cluster", { name: props.clusterName! });
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

  /** A cluster made elsewhere is trusted to run the eks-pod-identity-agent add-on (see the README). */
  public usePodIdentity(): void {}
}
