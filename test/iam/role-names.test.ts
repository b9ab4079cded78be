import { type App, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "../../modules/identity/kubernetes";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { KarpenterInfrastructure } from "../../modules/cluster/karpenter";
import { WorkloadRole } from "../../modules/identity/workload-role";
import { fakeCluster, validationErrorOf } from "../support/helpers";

// IAM role names are unique across every stack of an app, and against the roles a cluster makes for
// itself; cluster names are unique across the app (issue 20). Through the file: config-file.test.ts.

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const OIDC = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };
const SUBNETS = ["subnet-0123abcd", "subnet-4567abcd"];

function stackIn(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new KubernetesProvider(stack, "kubernetes", {});
  return stack;
}

function cluster(app: App, stack: string, props: Partial<EksClusterProps> = {}): EksCluster {
  return new EksCluster(stackIn(app, stack), "eks", { clusterName: "demo", subnetIds: SUBNETS, ...props });
}

const role = (stack: TerraformStack, id: string, roleName?: string) =>
  new WorkloadRole(stack, id, { cluster: fakeCluster({ oidcProvider: OIDC }), serviceAccounts: [{ namespace: "apps", name: id }], roleName });

describe("IAM role names across the app", () => {
  test("fails when a workload roleName is another stack's role name, ignoring case", () => {
    const app = Testing.app();
    role(stackIn(app, "workloads-dev"), "reader", "Reports");
    expect(() => role(stackIn(app, "workloads-prod"), "writer", "reports")).toThrow(
      'roleName "reports" is already the name of the role at workloads-dev/reader (spelled "Reports"): IAM role names are unique in an account (ignoring case), ' +
        "and every stack of the app is taken to deploy to one account (the platform configuration names none); give one of them another name",
    );
  });

  test("fails when a workload roleName is the vpc-cni role (or another role) a cluster of another stack makes", () => {
    const app = Testing.app();
    cluster(app, "eks-prod", { clusterName: "prod" });
    const workloads = stackIn(app, "workloads-dev");
    const error = validationErrorOf(() => role(workloads, "app", "prod-vpc-cni"));
    expect(error.field).toBe("roleName");
    expect(error.problem).toMatch(/^"prod-vpc-cni" is already the name of the vpc-cni role of cluster prod \(eks-prod\/eks\/vpc-cni-role\): IAM role names/);
    expect(() => role(workloads, "node", "PROD-NODE")).toThrow(/"PROD-NODE" is already the name of the node role of cluster prod \(eks-prod\/eks\/node-role\)/);
  });

  test("fails at the cluster when its roles' names are taken before it is made, naming the role that has the name", () => {
    const app = Testing.app();
    role(stackIn(app, "workloads-dev"), "app", "prod-cluster");
    const error = validationErrorOf(() => cluster(app, "eks-prod", { clusterName: "prod" }));
    expect(error.field).toBe("clusterName");
    expect(error.problem).toMatch(
      /^"prod" names the cluster role of cluster prod \(eks-prod\/eks\/cluster-role\) "prod-cluster", already the name of the role at workloads-dev\/app/,
    );
  });

  test("fails when Karpenter's node role name is the cluster's node role name", () => {
    const app = Testing.app();
    const error = validationErrorOf(() => cluster(app, "eks-dev", { clusterName: "dev", addons: { karpenter: { nodeRoleName: "dev-node" } } }));
    expect(error.field).toBe("addons.karpenter.nodeRoleName");
    expect(error.problem).toMatch(/^"dev-node" is already the name of the node role of cluster dev \(eks-dev\/eks\/node-role\)/);
    // Karpenter's own default is claimed too, ahead, by the cluster (its name is a reference inside the cluster).
    expect(() => role(stackIn(app, "workloads-dev"), "app", "KarpenterNodeRole-demo")).not.toThrow();
    cluster(app, "eks-other", { clusterName: "other", addons: { karpenter: {} } });
    expect(() => role(stackIn(app, "workloads-other"), "app", "karpenternoderole-other")).toThrow(/already the name of Karpenter's node role of cluster other/);
  });

  test("fails when a KarpenterInfrastructure of its own takes a role name of the app", () => {
    const app = Testing.app();
    const stack = stackIn(app, "karpenter");
    role(stack, "app", "KarpenterNodeRole-blue");
    expect(() => new KarpenterInfrastructure(stack, "karpenter", { clusterName: "blue" })).toThrow(
      /^clusterName "blue" names Karpenter's node role \(karpenter\/karpenter\) "KarpenterNodeRole-blue", already the name of the role at karpenter\/app/,
    );
  });

  test("accepts the example's names: each cluster's roles carry its name, each binding's the stack's", () => {
    const app = Testing.app();
    cluster(app, "eks-dev", { clusterName: "dev", addons: { karpenter: {}, externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"] } } });
    cluster(app, "eks-prod", { clusterName: "prod", addons: { karpenter: {}, externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"] } } });
    expect(() => role(stackIn(app, "workloads-dev"), "dev-app")).not.toThrow();
    expect(() => role(stackIn(app, "workloads-prod"), "prod-app")).not.toThrow();
  });
});

describe("cluster names across the app", () => {
  test("fails when two clusters of the app have one name, ignoring case, and says that the platform names no account", () => {
    const app = Testing.app();
    cluster(app, "eks-dev", { clusterName: "main" });
    const error = validationErrorOf(() => cluster(app, "eks-prod", { clusterName: "Main" }));
    expect(error.field).toBe("clusterName");
    expect(error.problem).toBe(
      '"Main" is already the name of the cluster at eks-dev/eks (spelled "main"): a cluster\'s IAM roles are named after it (Main-cluster, Main-node, ...), ' +
        "and IAM role names are unique in an account, ignoring case; the platform configuration names no account, so every environment is taken to deploy to one: give each cluster its own name",
    );
  });
});
