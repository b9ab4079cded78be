// A cluster made elsewhere that has no IAM OIDC identity provider yet (IRSA needs one, EKS Pod
// Identity does not): the cluster looked up by name without a provider lookup, and its provider
// created here. IAM refuses a second provider for the same issuer: do this only where none exists.
import { App, Fn, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { ClusterOidcProvider, EksCluster, WorkloadIdentity } from "cdktf-eks-irsa";

class AppsStack extends TerraformStack {
  constructor(scope: Construct, id: string, region: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region });
    // ClusterOidcProvider reads the issuer's certificate with data "tls_certificate".
    new TlsProvider(this, "tls", {});

    // #region provider
    const found = EksCluster.fromClusterName(this, "found", "example-prod", { lookupOidcProvider: false });
    const cluster = EksCluster.fromClusterAttributes(this, "cluster", {
      clusterName: found.clusterName,
      arn: found.arn,
      endpoint: found.endpoint,
      certificateAuthorityData: found.certificateAuthorityData,
      oidcIssuerUrl: found.oidcIssuerUrl,
      oidcProvider: new ClusterOidcProvider(this, "oidc-provider", { issuerUrl: found.oidcIssuerUrl }),
    });
    // #endregion provider

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

    new WorkloadIdentity(this, "apps_app", {
      cluster,
      serviceAccounts: [{ namespace: "apps", name: "app", createNamespace: true }],
      policyStatements: [{ actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::example-apps"] }],
    });
  }
}

const app = new App();
new AppsStack(app, "apps-prod", "eu-west-1");
app.synth();
