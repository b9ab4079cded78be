import { type App, ref, TerraformStack, Testing, Token } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "../../modules/identity/kubernetes";
import { EksCluster } from "../../modules/cluster/eks-cluster";
import type { IEksCluster } from "../../modules/cluster/cluster";
import { WorkloadIdentity, type WorkloadIdentityOptions } from "../../modules/identity/workload-identity";
import { type Workload, WorkloadsStack } from "../../modules/platform/workloads-stack";
import { addresses, fakeCluster, ofType, single, statementsOf, type Synthesized, synthJson, testStack, trustOf } from "../support/helpers";
import { AwsProviderVersion } from "../../modules/core/aws-provider-version";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const OIDC = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };
const CLUSTER_ARN = "arn:aws:eks:eu-west-1:123456789012:cluster/c";

function trust(synth: Synthesized, binding = "pay"): { statement: any[] } {
  return { statement: trustOf(synth, `${binding}_role`) };
}

function bind(options: Partial<WorkloadIdentityOptions> = {}, cluster: IEksCluster = fakeCluster({ oidcProvider: OIDC })) {
  const { stack } = testStack("workloads");
  const binding = new WorkloadIdentity(stack, "pay", {
    cluster,
    serviceAccounts: [{ namespace: "pay", name: "api" }],
    policyStatements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/pay"] }],
    ...options,
  });
  return { stack, binding, synth: synthJson(stack) };
}

describe("WorkloadIdentity", () => {
  test("IRSA by default: a role trusting the service account through the OIDC provider, and the service account annotated with it", () => {
    const { synth, binding } = bind();
    expect(binding.role.mechanism).toBe("irsa");
    const [roleId] = single(synth, "aws_iam_role");
    const [, sa] = single(synth, "kubernetes_service_account_v1");
    expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(trust(synth).statement).toHaveLength(1);
    expect(trust(synth).statement[0].principals).toEqual([{ type: "Federated", identifiers: [OIDC.arn] }]);
    expect(ofType(synth, "aws_eks_pod_identity_association")).toHaveLength(0);
  });

  test("Pod Identity: the pods.eks.amazonaws.com trust with both actions and the pins, one association per service account, no IRSA annotation", () => {
    const { synth } = bind({ mechanism: "podIdentity", tags: { Team: "pay" } });
    const [statement] = trust(synth).statement;
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
    expect(statement.actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(statement.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
      { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [CLUSTER_ARN] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["pay"] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["api"] },
    ]);
    const [roleId, role] = single(synth, "aws_iam_role");
    expect(role.description).toBe("EKS Pod Identity role for pay/api");
    const [id, association] = single(synth, "aws_eks_pod_identity_association");
    expect(id).toMatch(/^pay_pod-identity_pay_api/);
    expect(association).toEqual({
      cluster_name: "c",
      namespace: "pay",
      service_account: "api",
      role_arn: `\${aws_iam_role.${roleId}.arn}`,
      tags: { Team: "pay" },
    });
    const [, sa] = single(synth, "kubernetes_service_account_v1");
    expect(sa.metadata.annotations).toEqual({});
  });

  test("Pod Identity options: session tags off (only the account pin stays) and a target role, which the role may assume", () => {
    const target = "arn:aws:iam::210987654321:role/pay-data";
    const { synth } = bind({ mechanism: "podIdentity", podIdentity: { sessionTags: false, targetRoleArn: target } });
    expect(trust(synth).statement[0].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }]);
    const [, association] = single(synth, "aws_eks_pod_identity_association");
    expect(association.disable_session_tags).toBe(true);
    expect(association.target_role_arn).toBe(target);
    const [, inline] = single(synth, "aws_iam_role_policy");
    expect(inline.name).toBe("pod-identity-target-role");
    expect(statementsOf(inline.policy)).toEqual([{ actions: ["sts:AssumeRole", "sts:TagSession"], effect: "Allow", resources: [target] }]);
  });

  test("Pod Identity with session tags off warns at synth that any association in the account can hand out the role", () => {
    const { binding } = bind({ mechanism: "podIdentity", podIdentity: { sessionTags: false } });
    const warnings = binding.role.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([
      "podIdentity.sessionTags false: without session tags the Pod Identity trust can pin only the cluster's account (aws:SourceAccount), not the cluster nor the service accounts pay/api: " +
        "any EKS Pod Identity association in that account, in any cluster and for any service account, can hand out this role; leave session tags on unless a target role's session tag limit needs them off",
    ]);
    expect(bind({ mechanism: "podIdentity" }).binding.role.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
  });

  test("Pod Identity for service accounts of several namespaces: one statement per namespace with its own names, so no cross-product is admitted", () => {
    const { synth } = bind({
      mechanism: "podIdentity",
      serviceAccounts: [
        { namespace: "b", name: "y" },
        { namespace: "a", name: "x" },
        { namespace: "a", name: "w" },
      ],
    });
    const statements = trust(synth).statement;
    expect(statements.map((s: any) => [s.sid, s.condition.slice(2).map((c: any) => c.values)])).toEqual([
      ["PodIdentity", [["a"], ["w", "x"]]],
      ["PodIdentity2", [["b"], ["y"]]],
    ]);
    expect(ofType(synth, "aws_eks_pod_identity_association")).toHaveLength(3);
  });

  test("fails when exact Pod Identity statements for many namespaces exceed the trust policy quota, saying how to raise it", () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ namespace: `team-${i}`, name: "api" }));
    expect(() => bind({ mechanism: "podIdentity", serviceAccounts: many })).toThrow(
      /serviceAccounts \(6 subjects, 0 providers, mechanism podIdentity\) make a trust policy of about \d+ characters, over the 2048 allowed/,
    );
    expect(() => bind({ mechanism: "podIdentity", serviceAccounts: many, maxTrustPolicyLength: 4096 })).not.toThrow();
  });

  describe("session policies: one role for several service accounts, each association scoped down", () => {
    const BUCKET = "arn:aws:s3:::pay-reports";
    const shared = {
      mechanism: "podIdentity" as const,
      policyStatements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: [`${BUCKET}/*`] }],
      serviceAccounts: [
        { namespace: "pay", name: "reader", sessionPolicy: [{ actions: ["s3:GetObject"], resources: [`${BUCKET}/reader/*`] }] },
        { namespace: "pay", name: "writer", sessionPolicy: [{ actions: ["s3:PutObject"], resources: [`${BUCKET}/writer/*`] }] },
        { namespace: "pay", name: "admin" },
      ],
    };
    const { synth } = bind(shared);
    const associations: Record<string, any> = Object.fromEntries(ofType(synth, "aws_eks_pod_identity_association").map(([, a]) => [a.service_account, a]));

    test("each association carries its own session policy as IAM JSON, and the one without none", () => {
      expect(statementsOf(associations.reader.policy)).toEqual([{ effect: "Allow", actions: ["s3:GetObject"], resources: [`${BUCKET}/reader/*`] }]);
      expect(statementsOf(associations.writer.policy)).toEqual([{ effect: "Allow", actions: ["s3:PutObject"], resources: [`${BUCKET}/writer/*`] }]);
      expect(associations.admin.policy).toBeUndefined();
      expect(associations.reader.policy).toBe(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::pay-reports/reader/*"}]}',
      );
    });

    test("session tags are forced off on every association of the binding, and the trust keeps only the account pin", () => {
      for (const association of Object.values(associations)) expect(association.disable_session_tags).toBe(true);
      expect(trust(synth).statement[0].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }]);
    });

    test("fails at synth unless the stack's hashicorp/aws has the argument (6.57.1, newer than the bindings), and synthesizes with one that does", () => {
      const { stack } = bind(shared);
      expect(() => Testing.synth(stack, true)).toThrow(
        "pay synthesizes aws_eks_pod_identity_association.policy (a session policy), which needs hashicorp/aws 6.57.1 or newer, but this stack's required_providers.aws admits 6.25.0",
      );
      const { stack: chosen } = bind(shared);
      AwsProviderVersion.use(chosen, ">= 6.57.1");
      expect(JSON.parse(Testing.synth(chosen, true)).terraform.required_providers.aws).toEqual({ source: "aws", version: ">= 6.57.1" });
    });

    test("the association as synthesized", () => {
      expect(associations.reader).toMatchSnapshot();
    });

    test("references only known at apply time are written into the JSON as Terraform interpolations", () => {
      // A reference is a token (a resource's attribute, or ref()): a ${...} typed into a string is data.
      const reference = Token.asString(ref("aws_s3_bucket.reports.arn"));
      const { synth: withReference } = bind({
        ...shared,
        serviceAccounts: [{ namespace: "pay", name: "reader", sessionPolicy: [{ actions: ["s3:GetObject"], resources: [reference] }] }],
      });
      const [, association] = single(withReference, "aws_eks_pod_identity_association");
      expect(statementsOf(association.policy)[0].resources).toEqual(["${aws_s3_bucket.reports.arn}"]);
    });

    test("fails when a session policy is not Pod Identity's, breaks the policy check or STS's size, or comes with session tags", () => {
      const policy = [{ actions: ["s3:GetObject"], resources: [`${BUCKET}/*`] }];
      for (const mechanism of ["irsa", "both"] as const) {
        expect(() => bind({ mechanism, serviceAccounts: [{ namespace: "pay", name: "api", sessionPolicy: policy }] })).toThrow(
          `serviceAccounts[0].sessionPolicy "1 statement" is invalid: a session policy scopes a Pod Identity association: use mechanism "podIdentity" (with "${mechanism}", IRSA hands out the role unscoped)`,
        );
      }
      expect(() =>
        bind({
          mechanism: "podIdentity",
          serviceAccounts: [{ namespace: "pay", name: "api", sessionPolicy: [{ actions: ["s3:GetObjekt"], resources: ["*"] }] }],
        }),
      ).toThrow(/^serviceAccounts\[0\].sessionPolicy\[0\].actions\[0\] "s3:GetObjekt" is invalid/);
      expect(() => bind({ mechanism: "podIdentity", serviceAccounts: [{ namespace: "pay", name: "api", sessionPolicy: [] }] })).toThrow(
        "serviceAccounts[0].sessionPolicy [] is invalid: a policy has at least one statement",
      );
      const long = Array.from({ length: 60 }, (_, i) => `${BUCKET}/prefix-number-${i}/*`);
      expect(() =>
        bind({
          mechanism: "podIdentity",
          serviceAccounts: [{ namespace: "pay", name: "api", sessionPolicy: [{ actions: ["s3:GetObject"], resources: long }] }],
        }),
      ).toThrow(
        /^serviceAccounts\[0\].sessionPolicy "1 statement" is invalid: the policy takes about \d+ characters, over the 2048 STS allows a session policy/,
      );
      expect(() =>
        bind({ mechanism: "podIdentity", podIdentity: { sessionTags: true }, serviceAccounts: [{ namespace: "pay", name: "api", sessionPolicy: policy }] }),
      ).toThrow(
        "podIdentity.sessionTags true is invalid: EKS refuses session tags on an association with a session policy (serviceAccounts[0].sessionPolicy): leave sessionTags out, or set it false",
      );
    });
  });

  test("both, for a migration: IRSA and Pod Identity trust, the annotation kept and an association", () => {
    const { synth } = bind({ mechanism: "both" });
    expect(trust(synth).statement.map((s: any) => s.principals[0].type)).toEqual(["Federated", "Service"]);
    const [, sa] = single(synth, "kubernetes_service_account_v1");
    expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toBeDefined();
    expect(ofType(synth, "aws_eks_pod_identity_association")).toHaveLength(1);
    expect(single(synth, "aws_iam_role")[1].description).toBe("IRSA and EKS Pod Identity role for pay/api");
  });

  test("kube2iam migration trust: the node roles may assume the role, and the role is tagged as migration trust", () => {
    const nodes = "arn:aws:iam::123456789012:role/legacy-nodes";
    const { synth } = bind({ kube2iamNodeRoleArns: [nodes] });
    const statements = trust(synth).statement;
    expect(statements[1]).toEqual({
      sid: "Kube2iamMigration",
      effect: "Allow",
      actions: ["sts:AssumeRole"],
      principals: [{ type: "AWS", identifiers: [nodes] }],
    });
    expect(single(synth, "aws_iam_role")[1].tags.MigrationTrust).toBe("kube2iam");
  });

  test("role only, for a chart that creates its own service account (wildcards allowed there with StringLike)", () => {
    const { synth } = bind({ createServiceAccounts: false, subjectMatch: "StringLike", serviceAccounts: [{ namespace: "pay", name: "job-*" }] });
    expect(ofType(synth, "kubernetes_service_account_v1")).toHaveLength(0);
    expect(trust(synth).statement[0].condition[0]).toEqual({ test: "StringLike", variable: `${HOST}:sub`, values: ["system:serviceaccount:pay:job-*"] });
  });

  test("a created cluster installs the eks-pod-identity-agent add-on once a binding needs it", () => {
    const { stack } = testStack("eks");
    const cluster = new EksCluster(stack, "eks", { clusterName: "demo", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] });
    expect(cluster.addons["eks-pod-identity-agent"]).toBeUndefined();
    cluster.addServiceAccount("a", { serviceAccounts: [{ namespace: "a", name: "a" }], mechanism: "podIdentity" });
    cluster.addServiceAccount("b", { serviceAccounts: [{ namespace: "b", name: "b" }], mechanism: "both" });
    const agents = ofType(synthJson(stack), "aws_eks_addon").filter(([, a]) => a.addon_name === "eks-pod-identity-agent");
    expect(agents).toHaveLength(1);
  });

  describe("guardrails", () => {
    test("fails when a service account is bound twice in a stack, whatever construct declared it, naming both paths", () => {
      const { stack } = testStack("workloads");
      const cluster = fakeCluster({ oidcProvider: OIDC });
      new WorkloadIdentity(stack, "one", { cluster, serviceAccounts: [{ namespace: "dev", name: "app" }] });
      expect(() => new WorkloadIdentity(stack, "two", { cluster, serviceAccounts: [{ namespace: "dev", name: "app" }], createServiceAccounts: false })).toThrow(
        'serviceAccounts[0] "dev/app" is invalid: the binding at workloads/one already binds it in cluster c: the pods of dev/app could assume both roles (workloads/one/role and workloads/two/role)',
      );
    });

    test("fails when a user workload binds a service account EKS or an add-on owns, with a pointer to the add-on's own role", () => {
      expect(() => bind({ serviceAccounts: [{ namespace: "kube-system", name: "aws-node" }], createServiceAccounts: false })).toThrow(
        /serviceAccounts\[0\] "kube-system\/aws-node" is invalid: kube-system\/aws-node belongs to the vpc-cni add-on, which has its own role: EksCluster gives it a role of its own \(vpcCniRole\)/,
      );
      expect(() => bind({ serviceAccounts: [{ namespace: "kube-*", name: "*" }], subjectMatch: "StringLike", createServiceAccounts: false })).toThrow(
        /kube-system\/aws-node belongs to the vpc-cni add-on/,
      );
    });

    test("fails when Pod Identity is asked for wildcard subjects", () => {
      expect(() =>
        bind({ mechanism: "podIdentity", subjectMatch: "StringLike", serviceAccounts: [{ namespace: "pay", name: "*" }], createServiceAccounts: false }),
      ).toThrow('subjectMatch "StringLike" is invalid: EKS Pod Identity associations name exact service accounts');
    });

    test("fails when a service account is declared where no kubernetes provider is, and says how to give one", () => {
      const app = Testing.app();
      const stack = new TerraformStack(app, "eks");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      expect(
        () => new WorkloadIdentity(stack, "x", { cluster: fakeCluster({ oidcProvider: OIDC }), serviceAccounts: [{ namespace: "a", name: "b" }] }),
      ).toThrow(/kubernetesProvider is missing: the service accounts of eks\/x are Kubernetes resources, and stack eks has no default kubernetes provider/);
      // Role only needs none.
      expect(
        () =>
          new WorkloadIdentity(stack, "y", {
            cluster: fakeCluster({ oidcProvider: OIDC }),
            serviceAccounts: [{ namespace: "a", name: "c" }],
            createServiceAccounts: false,
          }),
      ).not.toThrow();
    });

    test("fails when a cluster is told not to install the Pod Identity agent and a binding needs it", () => {
      const { stack } = testStack("eks");
      const cluster = new EksCluster(stack, "eks", { clusterName: "demo", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"], podIdentityAgent: false });
      expect(() => cluster.addServiceAccount("a", { serviceAccounts: [{ namespace: "a", name: "a" }], mechanism: "podIdentity" })).toThrow(
        /mechanism "Pod Identity" is invalid: cluster eks\/eks is set not to install the eks-pod-identity-agent add-on \(podIdentityAgent false\)/,
      );
    });

    test("fails when the binding creates a service account with a wildcard name", () => {
      expect(() => bind({ subjectMatch: "StringLike", serviceAccounts: [{ namespace: "pay", name: "job-*" }] })).toThrow(
        'serviceAccounts[0] "pay/job-*" is invalid: a service account that the binding creates has one exact name',
      );
    });

    test("fails when kube2iam node roles or the target role are not IAM role ARNs", () => {
      expect(() => bind({ kube2iamNodeRoleArns: ["nodes"] })).toThrow('kube2iamNodeRoleArns[0] "nodes" is invalid: expected an IAM role ARN');
      expect(() => bind({ mechanism: "podIdentity", podIdentity: { targetRoleArn: "arn:aws:s3:::x" } })).toThrow(
        'podIdentity.targetRoleArn "arn:aws:s3:::x" is invalid',
      );
      expect(() => bind({ podIdentity: { sessionTags: false } })).toThrow(
        'podIdentity {"sessionTags":false} is invalid: Pod Identity options need mechanism "podIdentity" or "both"',
      );
    });
  });
});

/** A workloads stack of one workload (and its cluster stack), synthesized. */
function workloadsApp(workloads: readonly Workload[], build?: (app: App, cluster: IEksCluster) => void): Synthesized {
  const app = Testing.app();
  const eks = new TerraformStack(app, "eks");
  new AwsProvider(eks, "aws", { region: "eu-west-1" });
  const cluster = EksCluster.fromClusterAttributes(eks, "cluster", {
    clusterName: "c",
    arn: CLUSTER_ARN,
    endpoint: "https://e",
    certificateAuthorityData: "ca",
    oidcIssuerUrl: OIDC.issuerUrl,
    oidcProvider: OIDC,
  });
  if (build) {
    build(app, cluster);
    return JSON.parse(Testing.synth(app.node.findChild("workloads-dev") as TerraformStack));
  }
  const stack = new WorkloadsStack(app, "workloads-dev", { region: "eu-west-1", cluster, workloads });
  return synthJson(stack);
}

/** What changes between two synthesized stacks, by resource address. */
function planDiff(before: Synthesized, after: Synthesized): { added: string[]; removed: string[]; changed: string[] } {
  const a = addresses(before);
  const b = addresses(after);
  const body = (s: Synthesized, address: string) => {
    const [kind, type, name] = address.startsWith("data.") ? ["data", ...address.slice(5).split(".")] : ["resource", ...address.split(".")];
    return JSON.stringify((s as any)[kind][type][name]);
  };
  return {
    added: b.filter((x) => !a.includes(x)),
    removed: a.filter((x) => !b.includes(x)),
    changed: a.filter((x) => b.includes(x) && body(before, x) !== body(after, x)),
  };
}

describe("stable plans", () => {
  const api = { namespace: "pay", name: "api" };
  const worker = { namespace: "pay", name: "worker" };
  const statements = [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/pay"] }];

  test("irsa -> both -> podIdentity replaces nothing: the trust and the role's description change in place, associations come and the annotation goes", () => {
    const irsa = workloadsApp([{ serviceAccounts: [api], policyStatements: statements }]);
    const both = workloadsApp([{ serviceAccounts: [api], policyStatements: statements, mechanism: "both" }]);
    const pod = workloadsApp([{ serviceAccounts: [api], policyStatements: statements, mechanism: "podIdentity" }]);
    const first = planDiff(irsa, both);
    expect(first.removed).toEqual([]);
    expect(first.added).toEqual([expect.stringMatching(/^aws_eks_pod_identity_association\.pay_api_pod-identity_pay_api/)]);
    // The trust policy is the role's own attribute: the role changes in place, nothing else.
    expect(first.changed).toEqual([expect.stringMatching(/^aws_iam_role\./)]);
    const second = planDiff(both, pod);
    expect(second.removed).toEqual([]);
    expect(second.added).toEqual([]);
    expect(second.changed.map((a) => a.split(".").slice(0, -1).join("."))).toEqual(expect.arrayContaining(["aws_iam_role", "kubernetes_service_account_v1"]));
    const roleNames = [irsa, both, pod].map((s) => single(s, "aws_iam_role")[1].name);
    expect(new Set(roleNames).size).toBe(1);
  });

  test("adding a second service account under the first one's key renames nothing, on every entry point", () => {
    const one: Workload = { serviceAccounts: [api], policyStatements: statements };
    const two: Workload = { serviceAccounts: [api, worker], roleKey: "pay_api", policyStatements: statements };
    for (const entry of ["WorkloadsStack", "addServiceAccount", "WorkloadIdentity"] as const) {
      const build = (w: Workload) =>
        workloadsApp(
          [w],
          entry === "WorkloadsStack"
            ? undefined
            : (app, cluster) => {
                const stack = new TerraformStack(app, "workloads-dev");
                new AwsProvider(stack, "aws", { region: "eu-west-1" });
                new KubernetesProvider(stack, "kubernetes", {});
                const { roleKey, ...options } = w;
                if (entry === "addServiceAccount") cluster.addServiceAccount(roleKey ?? "pay_api", { ...options, scope: stack });
                else new WorkloadIdentity(stack, roleKey ?? "pay_api", { ...options, cluster });
              },
        );
      const diff = planDiff(build(one), build(two));
      expect(diff.removed).toEqual([]);
      expect(diff.added).toEqual([expect.stringMatching(/^kubernetes_service_account_v1\.pay_api_pay_worker/)]);
    }
  });

  test("moving a binding between entry points keeps every address and the role's name", () => {
    const workload: Workload = { serviceAccounts: [api], policyStatements: statements, mechanism: "both" };
    const viaStack = workloadsApp([workload]);
    const direct = (how: "addServiceAccount" | "WorkloadIdentity") =>
      workloadsApp([], (app, cluster) => {
        const stack = new TerraformStack(app, "workloads-dev");
        new AwsProvider(stack, "aws", { region: "eu-west-1" });
        new KubernetesProvider(stack, "kubernetes", {});
        if (how === "addServiceAccount") cluster.addServiceAccount("pay_api", { ...workload, scope: stack });
        else new WorkloadIdentity(stack, "pay_api", { ...workload, cluster });
      });
    for (const other of [direct("addServiceAccount"), direct("WorkloadIdentity")]) {
      const resources = (s: Synthesized) => addresses(s).filter((a) => !a.startsWith("data.aws_eks") && !a.startsWith("data.terraform_remote_state"));
      expect(resources(other)).toEqual(resources(viaStack));
      expect(single(other, "aws_iam_role")[1].name).toBe("workloads-dev_pay_api");
    }
  });
});
