// The target account of a cross-account EKS Pod Identity binding (podIdentity.targetRoleArn): the
// role EKS assumes with the binding's role, trusting that role only through the association's
// external ID, read from the workloads stack's output.
import { App, DataTerraformRemoteStateS3, Fn, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PodIdentityTargetRole } from "cdktf-eks-irsa";

class OrdersDataStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: { readonly region: string; readonly bucket: string }) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: props.region });
    // #region target-role
    const workloads = new DataTerraformRemoteStateS3(this, "workloads-prod", {
      bucket: props.bucket,
      key: "cdktf-eks-irsa/workloads-prod/terraform.tfstate",
      region: props.region,
    });
    new PodIdentityTargetRole(this, "orders-data", {
      roleName: "orders-data",
      sources: [
        {
          roleArn: "arn:aws:iam::111122223333:role/workloads-prod_orders_api",
          externalIds: [Fn.lookup(workloads.get("pod_identity_external_ids"), "orders/api", "")],
        },
      ],
      policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::orders-data/*"] }],
    });
    // #endregion target-role
  }
}

const app = new App();
new OrdersDataStack(app, "orders-data", { region: "eu-west-1", bucket: "my-terraform-state" });
app.synth();
