import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { addonResourceName } from "../cluster/cluster-addons";
import { EksCluster, type EksClusterProps } from "../cluster/eks-cluster";
import { AwsProviderVersion } from "../core/aws-provider-version";
import { withField } from "../core/errors";
import { validateTags } from "../iam/iam-limits";
import { validateRegion } from "../core/naming";
import { dataValue, writeAsData } from "../core/literal-text";
import { TlsProvider } from "../identity/tls";
import { configureStateBackend, type StateBackendOptions } from "./state-backend";

/** Props of {@link ClusterStack}. */
export interface ClusterStackProps extends StateBackendOptions {
  /** The AWS region of the cluster. */
  readonly region: string;
  /** The cluster. */
  readonly cluster: EksClusterProps;
  /**
   * Tags the AWS provider puts on every resource it creates; also put on the node groups'
   * instances and volumes, which the provider's default tags do not reach.
   * @default none
   */
  readonly defaultTags?: { readonly [key: string]: string };
  /**
   * The hashicorp/aws version (or constraint) written into the stack's `required_providers`, in place
   * of the one the aws provider bindings declare (`@cdktf/provider-aws` 21.22.1: 6.25.0); the synth
   * fails when a feature the stack uses needs a newer one (see `AwsProviderVersion`).
   * @default the bindings' version
   */
  readonly awsProviderVersion?: string;
}

/**
 * A stack with one EKS cluster (and its network, node groups, add-ons and OIDC provider), its
 * providers and state backend, and outputs for other stacks and apps: `cluster_name`, `cluster_arn`,
 * `cluster_endpoint`, `cluster_certificate_authority_data`, `oidc_provider_arn` (unless the cluster is set up
 * without IRSA), `oidc_issuer_url`;
 * and per add-on of the catalogue `addon_<id>_role_arn`, and for one installed with Helm
 * `addon_<id>_helm_values` (JSON: `terraform output -raw addon_external_dns_helm_values > values.json`),
 * and with Karpenter `karpenter_node_role_name`; with Auto Mode `auto_mode_node_role_arn`, with Fargate
 * profiles `fargate_pod_execution_role_arn`.
 */
export class ClusterStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: EksCluster;
  /** The region of the cluster. */
  public readonly region: string;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    if (props.awsProviderVersion !== undefined) AwsProviderVersion.use(this, props.awsProviderVersion);
    validateRegion("region", props.region);
    validateTags("defaultTags", props.defaultTags);
    this.region = props.region;
    const aws = new AwsProvider(this, "aws", {
      region: props.region,
      defaultTags: props.defaultTags ? [{ tags: { ...props.defaultTags } }] : undefined,
    });
    // What the stack writes itself is data, as what its constructs write (core/literal-text.ts).
    writeAsData(aws);
    // The tls provider reads the issuer's certificate for the OIDC provider: none without IRSA.
    if (props.cluster.enableIrsa !== false) writeAsData(new TlsProvider(this, "tls", {}));
    configureStateBackend(this, props.region, props);

    // default_tags do not reach the instances and volumes EKS launches for the node groups.
    this.cluster = withField(
      "cluster",
      () =>
        new EksCluster(this, "eks", {
          ...props.cluster,
          instanceTags: { ...props.defaultTags, ...props.cluster.instanceTags },
        }),
    );

    const output = (name: string, value: string, description: string) => {
      const o = new TerraformOutput(this, name, { value, description });
      o.overrideLogicalId(name);
      writeAsData(o);
    };
    output("cluster_name", this.cluster.clusterName, "Name of the EKS cluster");
    output("cluster_arn", this.cluster.arn, "ARN of the EKS cluster (Pod Identity trust is pinned to it)");
    output("cluster_endpoint", this.cluster.endpoint, "Kubernetes API server endpoint");
    output("cluster_certificate_authority_data", this.cluster.certificateAuthorityData, "Base64 PEM of the cluster CA");
    if (this.cluster.oidcProvider) output("oidc_provider_arn", this.cluster.oidcProvider.arn, "ARN of the IAM OIDC provider that IRSA roles trust");
    output("oidc_issuer_url", this.cluster.oidcIssuerUrl, "OIDC issuer URL of the cluster");
    // Issue 23: what NodeClasses of your own and Fargate need to know.
    if (this.cluster.autoModeNodeRoleArn !== undefined) {
      output(
        "auto_mode_node_role_arn",
        this.cluster.autoModeNodeRoleArn,
        "The role of the nodes EKS Auto Mode launches (a NodeClass's spec.role takes its name)",
      );
    }
    if (this.cluster.fargatePodExecutionRoleArn !== undefined) {
      output("fargate_pod_execution_role_arn", this.cluster.fargatePodExecutionRoleArn, "The pod execution role of the cluster's Fargate profiles");
    }
    for (const [id, addon] of Object.entries(this.cluster.catalogueAddons)) {
      const name = addonResourceName(id, "_");
      output(`addon_${name}_role_arn`, addon.role.arn, `ARN of the role of ${addon.preset.title}`);
      if (addon.karpenter) {
        output("karpenter_node_role_name", addon.karpenter.nodeRoleName, "The role of Karpenter's EC2NodeClasses (spec.role)");
      }
      if (addon.helmValues) {
        output(
          `addon_${name}_helm_values`,
          // An expression: the values' strings are written as data inside it.
          Fn.jsonencode(dataValue(addon.helmValues)),
          `Values for the ${addon.preset.helmChart?.chart ?? id} chart: its service account and the cluster (helm install -f)`,
        );
      }
    }
  }
}
