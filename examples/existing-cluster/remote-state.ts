// The cluster through the outputs of cdktf-eks-irsa's cluster stack eks-prod, read from its
// Terraform state, instead of a lookup by name.
import { App, DataTerraformRemoteStateS3, Fn, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ClusterOidcProvider, EksCluster, WorkloadIdentity } from "cdktf-eks-irsa";

class PaymentsStack extends TerraformStack {
  constructor(scope: Construct, id: string, region: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region });

    // Where the platform's app keeps the state of eks-prod with stateBucket "my-terraform-state"
    // (and the default stateKeyPrefix). With local state instead:
    //   new DataTerraformRemoteStateLocal(this, "eks", {
    //     path: "/path/to/platform/terraform.eks-prod.tfstate",
    //   });
    const eks = new DataTerraformRemoteStateS3(this, "eks", {
      bucket: "my-terraform-state",
      key: "cdktf-eks-irsa/eks-prod/terraform.tfstate",
      region,
    });
    const issuerUrl = eks.getString("oidc_issuer_url");
    const cluster = EksCluster.fromClusterAttributes(this, "cluster", {
      clusterName: eks.getString("cluster_name"),
      arn: eks.getString("cluster_arn"),
      endpoint: eks.getString("cluster_endpoint"),
      certificateAuthorityData: eks.getString("cluster_certificate_authority_data"),
      oidcIssuerUrl: issuerUrl,
      // The provider the cluster stack created; never a second one for the same issuer.
      oidcProvider: ClusterOidcProvider.fromProviderArn(this, "oidc-provider", eks.getString("oidc_provider_arn"), issuerUrl),
    });

    new KubernetesProvider(this, "kubernetes", {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
      exec: [
        {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", cluster.clusterName, "--region", region],
        },
      ],
    });

    new WorkloadIdentity(this, "payments_payments-api", {
      cluster,
      serviceAccounts: [{ namespace: "payments", name: "payments-api", createNamespace: true }],
      policyStatements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:payments"] }],
    });
  }
}

const app = new App();
new PaymentsStack(app, "payments-prod", "eu-west-1");
app.synth();
