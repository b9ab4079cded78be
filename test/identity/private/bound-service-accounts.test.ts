import { type App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "../../../modules/identity/kubernetes";
import { EksCluster } from "../../../modules/cluster/eks-cluster";
import type { ServiceAccountSubject } from "../../../modules/iam/trust-policy";
import { WorkloadIdentity } from "../../../modules/identity/workload-identity";
import { WorkloadRole } from "../../../modules/identity/workload-role";
import { WorkloadsStack } from "../../../modules/platform/workloads-stack";
import { fakeCluster, validationErrorOf } from "../../support/helpers";

// Each service account of a cluster is reachable by one role (issue 20): exact names and StringLike
// patterns are compared across bindings, entry points and stacks of one app.

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const OIDC = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };
const GREEN_HOST = "oidc.eks.us-east-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210";
const GREEN = { arn: `arn:aws:iam::123456789012:oidc-provider/${GREEN_HOST}`, issuerUrl: `https://${GREEN_HOST}`, issuerHost: GREEN_HOST };

function stackIn(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new KubernetesProvider(stack, "kubernetes", {});
  return stack;
}

/** An app with a cluster stack (an EksCluster) and two workloads stacks. */
function platform() {
  const app = Testing.app();
  const eks = stackIn(app, "eks");
  const cluster = new EksCluster(eks, "eks", { clusterName: "demo", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] });
  return { app, eks, cluster, one: stackIn(app, "workloads-one"), two: stackIn(app, "workloads-two") };
}

const exact = (namespace: string, name: string): ServiceAccountSubject => ({ namespace, name });
const like = { subjectMatch: "StringLike" as const, createServiceAccounts: false };

describe("one role per service account and cluster", () => {
  test("fails when a pattern matches a service account another binding of the stack binds exactly (the issue's reader/read*)", () => {
    const { cluster, eks } = platform();
    cluster.addServiceAccount("reader", { serviceAccounts: [exact("apps", "reader")], createServiceAccounts: false });
    const error = validationErrorOf(() => cluster.addServiceAccount("readers", { serviceAccounts: [exact("apps", "read*")], ...like }));
    expect(error.field).toBe("serviceAccounts[0]");
    expect(error.message).toBe(
      'serviceAccounts[0] "apps/read*" is invalid: the binding at eks/reader already binds apps/reader in the cluster at eks/eks, and both match apps/reader: ' +
        "the pods of apps/reader could assume both roles (eks/reader/role and eks/readers/role); a service account is bound by one role per cluster: bind it in one place, or narrow the pattern",
    );
    expect(eks.node.tryFindChild("readers")?.node.tryFindChild("role")?.node.tryFindChild("role")).toBeUndefined();
  });

  test("fails when an exact service account is matched by a pattern bound earlier, in another stack and through another entry point", () => {
    const { cluster, one, two } = platform();
    new WorkloadRole(one, "jobs", { cluster, serviceAccounts: [exact("batch", "job-*")], subjectMatch: "StringLike" });
    expect(
      validationErrorOf(() => new WorkloadIdentity(two, "nightly", { cluster, serviceAccounts: [exact("batch", "job-nightly")], createServiceAccounts: false }))
        .message,
    ).toMatch(
      /^serviceAccounts\[0\] "batch\/job-nightly" is invalid: the role at workloads-one\/jobs already binds batch\/job-\* in the cluster at eks\/eks, and both match batch\/job-nightly: the pods of batch\/job-nightly could assume both roles \(workloads-one\/jobs and workloads-two\/nightly\/role\)/,
    );
  });

  test("fails when two patterns overlap, naming a service account both match", () => {
    const { cluster, one, two } = platform();
    new WorkloadRole(one, "api", { cluster, serviceAccounts: [exact("orders-*", "*-api")], subjectMatch: "StringLike" });
    const error = validationErrorOf(() => new WorkloadRole(two, "worker", { cluster, serviceAccounts: [exact("*", "orders-*")], subjectMatch: "StringLike" }));
    expect(error.message).toMatch(
      /already binds orders-\*\/\*-api in the cluster at eks\/eks, and both match orders-x\/orders--api: the pods of orders-x\/orders--api could assume both roles \(workloads-one\/api and workloads-two\/worker\)/,
    );
  });

  test("fails when two stacks bind the same exact service account, whatever the mechanism", () => {
    const { cluster, one, two } = platform();
    new WorkloadsStack(one.node.scope!, "workloads-three", {
      region: "eu-west-1",
      cluster,
      workloads: [{ serviceAccounts: [exact("pay", "api")], mechanism: "podIdentity" }],
    });
    expect(() => new WorkloadIdentity(two, "pay", { cluster, serviceAccounts: [exact("pay", "api")] })).toThrow(
      'serviceAccounts[0] "pay/api" is invalid: the binding at workloads-three/pay_api already binds it in the cluster at eks/eks',
    );
  });

  test("fails when a user binding matches an add-on's or vpc-cni's service account, naming its owner", () => {
    const app = Testing.app();
    const eks = stackIn(app, "eks");
    const cluster = new EksCluster(eks, "eks", {
      clusterName: "demo",
      subnetIds: ["subnet-0123abcd", "subnet-4567abcd"],
      addons: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"], serviceAccount: exact("dns", "external-dns") } },
    });
    const workloads = stackIn(app, "workloads");
    expect(() => new WorkloadIdentity(workloads, "dns", { cluster, serviceAccounts: [exact("dns", "*")], ...like })).toThrow(
      /serviceAccounts\[0\] "dns\/\*" is invalid: dns\/external-dns belongs to the external-dns \(Route 53\) add-on/,
    );
    expect(() => new WorkloadRole(workloads, "cni", { cluster, serviceAccounts: [exact("kube-*", "aws-*")], subjectMatch: "StringLike" })).toThrow(
      /kube-system\/aws-node belongs to the vpc-cni add-on/,
    );
  });

  test("fails when a role trusts another cluster's OIDC provider for a service account that cluster's own binding has (blue/green)", () => {
    const app = Testing.app();
    const stack = stackIn(app, "workloads");
    const green = fakeCluster({ clusterName: "green", arn: "arn:aws:eks:us-east-1:123456789012:cluster/green", oidcProvider: GREEN });
    const blue = fakeCluster({ clusterName: "blue", oidcProvider: OIDC });
    new WorkloadRole(stack, "green-api", { cluster: green, serviceAccounts: [exact("shop", "api")] });
    expect(() => new WorkloadRole(stack, "blue-api", { cluster: blue, oidcProviders: [GREEN], serviceAccounts: [exact("shop", "api")] })).toThrow(
      /the role at workloads\/green-api already binds it in cluster green/,
    );
  });

  test("accepts the same service account in other clusters, patterns that do not overlap, and several of one role", () => {
    const app = Testing.app();
    const stack = stackIn(app, "workloads");
    const blue = fakeCluster({ clusterName: "blue", oidcProvider: OIDC });
    const green = fakeCluster({ clusterName: "green", arn: "arn:aws:eks:us-east-1:123456789012:cluster/green", oidcProvider: GREEN });
    new WorkloadRole(stack, "a", { cluster: blue, serviceAccounts: [exact("shop", "api")] });
    expect(() => new WorkloadRole(stack, "b", { cluster: green, serviceAccounts: [exact("shop", "api")] })).not.toThrow();
    expect(() => new WorkloadRole(stack, "c", { cluster: blue, serviceAccounts: [exact("shop", "web-*")], subjectMatch: "StringLike" })).not.toThrow();
    expect(() => new WorkloadRole(stack, "d", { cluster: blue, serviceAccounts: [exact("shop", "worker-?")], subjectMatch: "StringLike" })).not.toThrow();
    expect(
      () => new WorkloadRole(stack, "e", { cluster: blue, serviceAccounts: [exact("jobs", "*"), exact("jobs", "nightly")], subjectMatch: "StringLike" }),
    ).not.toThrow();
  });

  test("compares names only known at apply time with nothing", () => {
    const app = Testing.app();
    const stack = stackIn(app, "workloads");
    const cluster = fakeCluster({ oidcProvider: OIDC });
    const namespace = new TerraformVariable(stack, "namespace", { type: "string" }).stringValue;
    new WorkloadRole(stack, "a", { cluster, serviceAccounts: [exact("apps", "*")], subjectMatch: "StringLike" });
    expect(() => new WorkloadRole(stack, "b", { cluster, serviceAccounts: [exact(namespace, "x")] })).not.toThrow();
  });
});
