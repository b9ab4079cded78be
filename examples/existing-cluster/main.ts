// An application team's CDKTF app: IAM roles for its service accounts on an EKS cluster that the
// platform team created (with cdktf-eks-irsa's cluster stack or any other way), found by its name.
import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
// Providers by deep import: the package roots load every resource of the provider, slowly.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { AppSynthesis, EksCluster, WorkloadIdentity } from "cdktf-eks-irsa";

interface ReportsStackProps {
  /** The cluster's AWS region. */
  readonly region: string;
  /** The name of the existing EKS cluster. */
  readonly clusterName: string;
}

class ReportsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ReportsStackProps) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: props.region });

    // #region binding
    // data "aws_eks_cluster" and data "aws_iam_openid_connect_provider": nothing of the cluster is managed here.
    const cluster = EksCluster.fromClusterName(this, "cluster", props.clusterName);

    // The service accounts go through this stack's default kubernetes provider.
    new KubernetesProvider(this, "kubernetes", {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
      exec: [
        {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", props.clusterName, "--region", props.region],
        },
      ],
    });

    // A role that only reports/s3-reader can assume, and that service account (and its namespace), in one call.
    const reader = cluster.addServiceAccount("reports_s3-reader", {
      serviceAccounts: [{ namespace: "reports", name: "s3-reader", createNamespace: true }],
      policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::example-reports/*"] }],
    });
    // #endregion binding

    // The same binding made directly: a role trusting monitoring/cloudwatch-exporter through the OIDC
    // provider that fromClusterName looks up, and the service account annotated with the role's ARN
    // (the namespace "monitoring" exists already). Same layout and role name as addServiceAccount.
    const exporter = new WorkloadIdentity(this, "monitoring_cloudwatch-exporter", {
      cluster,
      serviceAccounts: [{ namespace: "monitoring", name: "cloudwatch-exporter" }],
      managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
    });

    // #region helm-chart-role
    // external-dns, which the team installs with Helm (its chart creates the service account): the
    // role only, with the catalogue's least-privilege policy for one hosted zone.
    const dns = cluster.addServiceAccount("external-dns", {
      serviceAccounts: [{ namespace: "external-dns", name: "external-dns" }],
      createServiceAccounts: false,
      addonPolicies: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z0EXAMPLEREPORTS"] } },
    });
    // #endregion helm-chart-role

    new TerraformOutput(this, "reader_role_arn", { value: reader.role.arn });
    new TerraformOutput(this, "external_dns_role_arn", { value: dns.role.arn });
    new TerraformOutput(this, "exporter_role_arn", { value: exporter.role.arn });
  }
}

// #region synth
// The app as cdktf runs it: a mistake (a ValidationError) is printed once, naming the field, without a
// stack trace, and no stale stack is left behind; a synth that works ends with one line per stack.
process.exitCode = new AppSynthesis().run((app) => {
  new ReportsStack(app, "reports-prod", { region: "eu-west-1", clusterName: "example-prod" });
});
// #endregion synth
