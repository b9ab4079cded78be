// Karpenter on a cluster made elsewhere (eksctl, another Terraform configuration): its AWS side
// (the node role and its access entry, the interruption queue and its rules) and the controller's
// role with the catalogue's least-privilege policy, which may pass only that node role and read
// only that queue. Tag the cluster's private subnets karpenter.sh/discovery: <cluster> yourself.
import { App, Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksCluster, KarpenterInfrastructure } from "cdktf-eks-irsa";

class KarpenterStack extends TerraformStack {
  constructor(scope: Construct, id: string, region: string, clusterName: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region });
    const cluster = EksCluster.fromClusterName(this, "cluster", clusterName);

    // #region infrastructure
    const karpenter = new KarpenterInfrastructure(this, "karpenter-infrastructure", { clusterName: cluster.clusterName });
    // The chart creates the service account kube-system/karpenter; the binding makes its role only.
    const controller = cluster.addServiceAccount("karpenter", {
      serviceAccounts: [{ namespace: "kube-system", name: "karpenter" }],
      createServiceAccounts: false,
      addonPolicies: { karpenter: karpenter.controllerInputs },
    });
    new TerraformOutput(this, "karpenter_helm_values", {
      value: Fn.jsonencode({
        ...karpenter.chartSettings,
        serviceAccount: { name: "karpenter", annotations: { "eks.amazonaws.com/role-arn": controller.role.arn } },
      }),
    });
    new TerraformOutput(this, "karpenter_node_role_name", { value: karpenter.nodeRoleName });
    // #endregion infrastructure
  }
}

const app = new App();
new KarpenterStack(app, "karpenter-prod", "eu-west-1", "example-prod");
app.synth();
