/**
 * The runnable examples (examples/<scenario>/): every platform file and app of test/support/examples.ts
 * is synthesized here as a user runs it (a platform file read with `PlatformConfigSource.read`, an
 * app importing "cdktf-eks-irsa" run as `cdktf synth` runs it), with a snapshot of each stack and
 * assertions of what the example is there to show. test/docs.test.ts holds the docs' code blocks
 * to these files, and the README's first platform is synthesized here from the README itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { review } from "../tools/review";
import { PlatformConfigSource } from "../modules/platform/config-file";
import { REPO } from "./support/compiled-app";
import { FIRST_PLATFORM_FILE, markedBlocks } from "./support/docs";
import { EXAMPLE_SCENARIOS, OTHER_EXAMPLES, runExampleApp, type SynthesizedExample, synthPlatform } from "./support/examples";
import { ofType, policyOf, single, statementsOf, type Synthesized, trustOf } from "./support/helpers";

/** How each role of a stack lets pods in, by role name: `irsa`, `podIdentity` or `both`. */
function mechanisms(synth: Synthesized): Record<string, string> {
  return Object.fromEntries(
    ofType(synth, "aws_iam_role").map(([, role]) => {
      const statements = statementsOf(role.assume_role_policy);
      const irsa = statements.some((s) => s.actions.includes("sts:AssumeRoleWithWebIdentity"));
      const pods = statements.some((s) => s.principals?.some((p: any) => p.identifiers.includes("pods.eks.amazonaws.com")));
      return [role.name, irsa && pods ? "both" : irsa ? "irsa" : pods ? "podIdentity" : "other"];
    }),
  );
}

/** The subjects (`system:serviceaccount:<namespace>:<name>`) the IRSA statements of a role trust. */
function subjects(role: any): string[] {
  return statementsOf(role.assume_role_policy).flatMap((s) =>
    (s.condition ?? []).filter((c: any) => c.variable.endsWith(":sub")).flatMap((c: any) => c.values),
  );
}

/** Every resource, data source and output of a stack by address, without cdktf's metadata. */
function byAddress(synth: Synthesized): Map<string, any> {
  const out = new Map<string, any>();
  for (const kind of ["resource", "data"] as const) {
    for (const [type, items] of Object.entries(synth[kind] ?? {})) {
      for (const [name, body] of Object.entries(items)) {
        const { "//": _metadata, ...rest } = body as Record<string, unknown>;
        out.set(`${kind === "data" ? "data." : ""}${type}.${name}`, rest);
      }
    }
  }
  for (const [name, body] of Object.entries(synth.output ?? {})) out.set(`output.${name}`, body);
  return out;
}

/**
 * What changes between two syntheses of a stack, as Terraform plans it: addresses added and
 * removed, and for each address in both, the top-level attributes that differ.
 */
function planOf(before: Synthesized, after: Synthesized): { added: string[]; removed: string[]; changed: Record<string, string[]> } {
  const a = byAddress(before);
  const b = byAddress(after);
  const changed: Record<string, string[]> = {};
  for (const [address, body] of a) {
    const next = b.get(address);
    if (next === undefined) continue;
    const keys = [...new Set([...Object.keys(body), ...Object.keys(next)])].filter((k) => JSON.stringify(body[k]) !== JSON.stringify(next[k]));
    if (keys.length > 0) changed[address] = keys.sort();
  }
  return { added: [...b.keys()].filter((k) => !a.has(k)).sort(), removed: [...a.keys()].filter((k) => !b.has(k)).sort(), changed };
}

/** The address of the stack's one resource of `type` whose body satisfies `match`. */
function addressOf(synth: Synthesized, type: string, match: (body: any) => boolean): string {
  const found = ofType(synth, type).filter(([, body]) => match(body));
  if (found.length !== 1) throw new Error(`expected one ${type} that matches, found ${found.length}`);
  return `${type}.${found[0][0]}`;
}

const snapshotEach = (file: string, example: { readonly stacks: { readonly [name: string]: Synthesized } }) =>
  test.each(Object.keys(example.stacks).sort())(`${file} stack %s matches its snapshot`, (name) => {
    expect(example.stacks[name]).toMatchSnapshot();
  });

describe("examples/", () => {
  test("holds the scenarios the tests synthesize, each with the files listed for it, and the review's workflow", () => {
    const dirs = readdirSync(join(REPO, "examples"), { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(dirs.map((d) => `examples/${d.name}`).sort()).toEqual([...EXAMPLE_SCENARIOS.map((s) => s.dir), ...Object.keys(OTHER_EXAMPLES)].sort());
    for (const scenario of EXAMPLE_SCENARIOS) {
      const listed = [...scenario.platforms, ...scenario.apps, ...scenario.files].sort();
      expect(`${scenario.dir}: ${readdirSync(join(REPO, scenario.dir)).sort().join(", ")}`).toBe(`${scenario.dir}: ${listed.join(", ")}`);
    }
  });

  test("the TypeScript examples import the package by its name, the providers by deep path, and nothing of this repository", () => {
    const imports = EXAMPLE_SCENARIOS.flatMap((s) => s.apps.map((app) => `${s.dir}/${app}`)).flatMap((file) =>
      [...readFileSync(join(REPO, file), "utf8").matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]),
    );
    expect(imports.length).toBeGreaterThan(20);
    expect(
      imports.filter((spec) => !/^(node:\w+|cdktf|constructs|cdktf-eks-irsa(\/speed)?|@cdktf\/provider-(aws|tls|kubernetes)\/lib\/[a-z0-9-]+)$/.test(spec)),
    ).toEqual([]);
  });
});

describe("the README's first platform (platform.json, as the README shows it)", () => {
  const [block] = markedBlocks(join(REPO, "README.md")).filter((b) => b.file === FIRST_PLATFORM_FILE);
  const first = synthPlatform("README.md", block.text);
  snapshotEach("README.md", first);

  test("is one environment with one IRSA workload, one EKS Pod Identity workload and one add-on", () => {
    expect(Object.keys(first.stacks).sort()).toEqual(["eks-dev", "workloads-dev"]);
    expect(mechanisms(first.stacks["workloads-dev"])).toEqual({
      "workloads-dev_reports_s3-reader": "irsa",
      "workloads-dev_payments_payments-api": "podIdentity",
    });
    const [, association] = single(first.stacks["workloads-dev"], "aws_eks_pod_identity_association");
    expect([association.namespace, association.service_account]).toEqual(["payments", "payments-api"]);
    const addons = ofType(first.stacks["eks-dev"], "aws_eks_addon").map(([, a]) => a.addon_name);
    // The EBS CSI driver, and the Pod Identity Agent that the Pod Identity workload needs, beside EKS's own.
    expect(addons.sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
  });
});

describe("examples/platform", () => {
  const platform = synthPlatform("examples/platform/platform.json");
  snapshotEach("examples/platform/platform.json", platform);

  test("platform.json: three environments, each with IRSA, EKS Pod Identity and migrating (both) workloads, add-ons in dev", () => {
    expect(Object.keys(platform.stacks).sort()).toEqual(["eks-dev", "eks-prod", "eks-staging", "workloads-dev", "workloads-prod", "workloads-staging"]);
    for (const env of ["dev", "staging", "prod"]) {
      expect(Object.values(mechanisms(platform.stacks[`workloads-${env}`])).sort()).toEqual(["both", "irsa", "irsa", "irsa", "podIdentity"]);
      // The role shared by two service accounts trusts both, and only them.
      const [, orders] = ofType(platform.stacks[`workloads-${env}`], "aws_iam_role").find(([, r]) => r.name === `workloads-${env}_orders`)!;
      expect(subjects(orders)).toEqual(["system:serviceaccount:orders:orders-api", "system:serviceaccount:orders:orders-worker"]);
    }
    const roles = Object.values(mechanisms(platform.stacks["eks-dev"]));
    expect(
      Object.keys(mechanisms(platform.stacks["eks-dev"])).filter((name) => /(load-balancer-controller|external-dns|ebs-csi-driver|karpenter)$/.test(name)),
    ).toHaveLength(4);
    expect(roles).toContain("irsa");
  });

  test("main.ts: the same platform from a user's app, only prod, the same stacks but for where the local state lives", () => {
    const app = runExampleApp("examples/platform/main.ts");
    expect(Object.keys(app.stacks).sort()).toEqual(["eks-prod", "workloads-prod"]);
    // Local state in the app's project directory, relative to each stack's directory, as cdktf synth leaves it.
    expect(app.stacks["eks-prod"].terraform!.backend).toEqual({ local: { path: "../../../terraform.eks-prod.tfstate" } });
    const withoutState = (synth: Synthesized) => {
      const copy = JSON.parse(JSON.stringify(synth));
      delete copy["//"].metadata.version; // Testing.app's stub, and cdktf's version in an app
      delete copy.terraform.backend;
      for (const remote of Object.values<any>(copy.data?.terraform_remote_state ?? {})) delete remote.config.path;
      return copy;
    };
    for (const stack of ["eks-prod", "workloads-prod"]) expect(withoutState(app.stacks[stack])).toEqual(withoutState(platform.stacks[stack]));
  });
});

describe("examples/existing-cluster", () => {
  const reports = runExampleApp("examples/existing-cluster/main.ts").stacks["reports-prod"];
  const payments = runExampleApp("examples/existing-cluster/remote-state.ts").stacks["payments-prod"];
  const apps = runExampleApp("examples/existing-cluster/without-oidc-provider.ts").stacks["apps-prod"];
  snapshotEach("examples/existing-cluster/main.ts", { stacks: { "reports-prod": reports } });
  snapshotEach("examples/existing-cluster/remote-state.ts", { stacks: { "payments-prod": payments } });
  snapshotEach("examples/existing-cluster/without-oidc-provider.ts", { stacks: { "apps-prod": apps } });

  test("main.ts: reads the cluster and its OIDC provider by name and creates neither; each role trusts exactly its service account", () => {
    const [clusterId, cluster] = single(reports, "aws_eks_cluster", "data");
    const [providerId] = single(reports, "aws_iam_openid_connect_provider", "data");
    expect(cluster.name).toBe("example-prod");
    expect(ofType(reports, "aws_eks_cluster")).toEqual([]);
    expect(ofType(reports, "aws_iam_openid_connect_provider")).toEqual([]);
    const host = `\${replace(data.aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer, "https://", "")}`;
    for (const [binding, namespace, name] of [
      ["reports_s3-reader", "reports", "s3-reader"],
      ["monitoring_cloudwatch-exporter", "monitoring", "cloudwatch-exporter"],
      ["external-dns_role", "external-dns", "external-dns"],
    ]) {
      expect(trustOf(reports, binding)).toEqual([
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [`\${data.aws_iam_openid_connect_provider.${providerId}.arn}`] }],
          condition: [
            { test: "StringEquals", variable: `${host}:sub`, values: [`system:serviceaccount:${namespace}:${name}`] },
            { test: "StringEquals", variable: `${host}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ]);
    }
    // external-dns's chart makes its service account: the binding makes the role only.
    expect(
      ofType(reports, "kubernetes_service_account_v1")
        .map(([, sa]) => sa.metadata.name)
        .sort(),
    ).toEqual(["cloudwatch-exporter", "s3-reader"]);
    expect(policyOf(reports, "addon-externalDns").find((s) => s.sid === "ChangeRecords").resources).toEqual(["arn:aws:route53:::hostedzone/Z0EXAMPLEREPORTS"]);
  });

  test("remote-state.ts: trusts the OIDC provider and issuer the cluster stack outputs, with no lookup", () => {
    const [remoteId, remote] = single(payments, "terraform_remote_state", "data");
    expect(remote).toMatchObject({ backend: "s3", config: { bucket: "my-terraform-state", key: "cdktf-eks-irsa/eks-prod/terraform.tfstate" } });
    expect(ofType(payments, "aws_eks_cluster", "data")).toEqual([]);
    const [statement] = trustOf(payments);
    expect(statement.principals).toEqual([{ type: "Federated", identifiers: [`\${data.terraform_remote_state.${remoteId}.outputs.oidc_provider_arn}`] }]);
    expect(statement.condition[0].values).toEqual(["system:serviceaccount:payments:payments-api"]);
  });

  test("without-oidc-provider.ts: creates the provider for the issuer of the cluster it looked up, and the role trusts it", () => {
    const [clusterId] = single(apps, "aws_eks_cluster", "data");
    expect(ofType(apps, "aws_iam_openid_connect_provider", "data")).toEqual([]);
    const [providerId, provider] = single(apps, "aws_iam_openid_connect_provider");
    expect(provider.url).toBe(`\${data.aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`);
    expect(provider.client_id_list).toEqual(["sts.amazonaws.com"]);
    expect(single(apps, "tls_certificate", "data")[1].url).toBe(provider.url);
    expect(trustOf(apps)[0].principals).toEqual([{ type: "Federated", identifiers: [`\${aws_iam_openid_connect_provider.${providerId}.arn}`] }]);
  });

  test("the project around the apps: the package's peer ranges, the compiled app, and a build that stops on a type error", () => {
    const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    const consumer = JSON.parse(readFileSync(join(REPO, "examples/existing-cluster/package.json"), "utf8"));
    for (const [name, range] of Object.entries<string>(manifest.peerDependencies)) {
      // A range of the package's own, or the exact version this repository pins, which lies in it.
      expect([range, manifest.devDependencies[name]]).toContain(consumer.dependencies[name]);
    }
    expect(consumer.dependencies["cdktf-eks-irsa"]).toBe(`^${manifest.version}`);
    expect(JSON.parse(readFileSync(join(REPO, "examples/existing-cluster/cdktf.json"), "utf8")).app).toBe("node dist/main.js");
    const tsconfig = JSON.parse(readFileSync(join(REPO, "examples/existing-cluster/tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, noEmitOnError: true, outDir: "dist" });
  });
});

describe("examples/karpenter", () => {
  const karpenter = synthPlatform("examples/karpenter/platform.json");
  const existing = runExampleApp("examples/karpenter/existing-cluster.ts");
  snapshotEach("examples/karpenter/platform.json", karpenter);
  snapshotEach("examples/karpenter/existing-cluster.ts", existing);
  const eks = karpenter.stacks["eks-dev"];
  const [clusterId, cluster] = single(eks, "aws_eks_cluster");
  /** A value with the cluster's name reference written as the name, as Terraform resolves it. */
  const resolved = (value: string) => value.split(`\${aws_eks_cluster.${clusterId}.name}`).join(cluster.name);
  const [nodeRoleId, nodeRole] = ofType(eks, "aws_iam_role").find(([id]) => id.includes("karpenter-infrastructure_node-role"))!;
  const [queueId] = single(eks, "aws_sqs_queue");

  test("platform.json: the node role (without the CNI policy) with its EC2_LINUX access entry, the queue and its five rules", () => {
    expect(resolved(nodeRole.name)).toBe("KarpenterNodeRole-karpenter-dev");
    const attached = ofType(eks, "aws_iam_role_policy_attachment")
      .filter(([, a]) => a.role === `\${aws_iam_role.${nodeRoleId}.name}`)
      .map(([, a]) => a.policy_arn.replace(/^.*:policy\//, ""));
    expect(attached.sort()).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"]);
    const nodeEntries = ofType(eks, "aws_eks_access_entry").filter(([, e]) => e.type !== "STANDARD");
    expect(nodeEntries.map(([, e]) => e)).toEqual([expect.objectContaining({ type: "EC2_LINUX", principal_arn: `\${aws_iam_role.${nodeRoleId}.arn}` })]);
    const targets = ofType(eks, "aws_cloudwatch_event_target").map(([, t]) => t.arn);
    expect(targets).toEqual(Array(5).fill(`\${aws_sqs_queue.${queueId}.arn}`));
  });

  test("platform.json: the controller, bound through EKS Pod Identity, may pass only the node role and read only the queue", () => {
    expect(mechanisms(eks)["karpenter-dev-karpenter"]).toBe("podIdentity");
    const [, association] = single(eks, "aws_eks_pod_identity_association");
    expect([association.namespace, association.service_account]).toEqual(["kube-system", "karpenter"]);
    expect(ofType(eks, "aws_eks_addon").map(([, a]) => a.addon_name)).toContain("eks-pod-identity-agent");
    const passRole = policyOf(eks, "addon-karpenter-iam-integration").find((s) => s.actions.includes("iam:PassRole"));
    expect(passRole.resources).toEqual([`\${aws_iam_role.${nodeRoleId}.arn}`]);
    const sqs = policyOf(eks, "addon-karpenter-interruption").filter((s) => s.actions.some((a: string) => a.startsWith("sqs:")));
    expect(sqs.map((s) => s.resources)).toEqual([[`\${aws_sqs_queue.${queueId}.arn}`]]);
    // The chart's values: its service account without a role annotation (Pod Identity), and the cluster's settings.
    expect(eks.output!.addon_karpenter_helm_values.value).toBe(
      `\${jsonencode({"serviceAccount" = {"create" = true, "name" = "karpenter"}, "settings" = {"clusterName" = aws_eks_cluster.${clusterId}.name, "interruptionQueue" = aws_sqs_queue.${queueId}.name}})}`,
    );
  });

  test("ec2nodeclass.yaml names the node role the stack makes, and finds the subnets and security group by the tags they carry", () => {
    const [nodeClass, nodePool] = parseAllDocuments(readFileSync(join(REPO, "examples/karpenter/ec2nodeclass.yaml"), "utf8")).map((d) => d.toJS());
    expect(nodeClass.kind).toBe("EC2NodeClass");
    expect(nodeClass.spec.role).toBe(resolved(nodeRole.name));
    expect(eks.output!.karpenter_node_role_name.value).toBe(`\${aws_iam_role.${nodeRoleId}.name}`);
    const [subnetTags] = nodeClass.spec.subnetSelectorTerms.map((t: any) => t.tags);
    const tagged = ofType(eks, "aws_subnet").filter(([, s]) => Object.entries(subnetTags).every(([k, v]) => s.tags[k] === v));
    expect(tagged.map(([id]) => id.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
      "eks_network_private-az0",
      "eks_network_private-az1",
      "eks_network_private-az2",
    ]);
    expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([{ tags: { "aws:eks:cluster-name": cluster.name } }]);
    expect(nodeClass.spec.metadataOptions).toEqual({ httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(nodePool.kind).toBe("NodePool");
    expect(nodePool.spec.template.spec.nodeClassRef).toEqual({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: nodeClass.metadata.name });
  });

  test("existing-cluster.ts: the same AWS side for a cluster looked up by name, and the controller's role and chart values", () => {
    const stack = existing.stacks["karpenter-prod"];
    const [lookupId] = single(stack, "aws_eks_cluster", "data");
    const [roleId] = ofType(stack, "aws_iam_role").find(([id]) => id.includes("node-role"))!;
    expect(ofType(stack, "aws_eks_cluster")).toEqual([]);
    expect(single(stack, "aws_eks_access_entry")[1].type).toBe("EC2_LINUX");
    expect(ofType(stack, "aws_cloudwatch_event_rule")).toHaveLength(5);
    const passRole = policyOf(stack, "addon-karpenter-iam-integration").find((s) => s.actions.includes("iam:PassRole"));
    expect(passRole.resources).toEqual([`\${aws_iam_role.${roleId}.arn}`]);
    expect(subjects(ofType(stack, "aws_iam_role").find(([id]) => id.startsWith("karpenter_role"))![1])).toEqual([
      "system:serviceaccount:kube-system:karpenter",
    ]);
    expect(stack.output!.karpenter_helm_values.value).toContain(`"settings" = {"clusterName" = data.aws_eks_cluster.${lookupId}.name, "interruptionQueue" = `);
  });
});

describe("examples/irsa-to-pod-identity", () => {
  const steps = ["1-irsa", "2-both", "3-pod-identity"].map((step) => ({ step, ...synthPlatform(`examples/irsa-to-pod-identity/${step}.json`) }));
  for (const { step, stacks } of steps) snapshotEach(`examples/irsa-to-pod-identity/${step}.json`, { stacks });
  const [irsa, both, podIdentity] = steps.map((s) => s.stacks["workloads-dev"]);
  const role = addressOf(irsa, "aws_iam_role", (r) => r.name === "workloads-dev_orders_orders-api");
  const serviceAccount = addressOf(irsa, "kubernetes_service_account_v1", (sa) => sa.metadata.name === "orders-api");
  const reviewed = (base: SynthesizedExample, head: SynthesizedExample) =>
    JSON.parse(review({ out: head.outdir, base: base.outdir, format: "json" }).stdout).changes.map((c: any) => `${c.severity} ${c.type} ${c.target.name}`);

  test("the steps differ in the migrating workload's mechanism only, and the cluster runs the Pod Identity Agent from the first", () => {
    const texts = steps.map(({ step }) => readFileSync(join(REPO, `examples/irsa-to-pod-identity/${step}.json`), "utf8"));
    expect(texts.map((t) => t.replace(/"mechanism": "\w+"/, '"mechanism": …'))).toEqual(
      Array(3).fill(texts[0].replace(/"mechanism": "\w+"/, '"mechanism": …')),
    );
    expect(steps.map(({ stacks }) => mechanisms(stacks["workloads-dev"]))).toEqual(
      ["irsa", "both", "podIdentity"].map((m) => ({ "workloads-dev_orders_orders-api": m, "workloads-dev_reports_s3-reader": "irsa" })),
    );
    expect(ofType(steps[0].stacks["eks-dev"], "aws_eks_addon").map(([, a]) => a.addon_name)).toContain("eks-pod-identity-agent");
  });

  test("irsa -> both: adds the association and widens the role's trust in place; the service account keeps its annotation", () => {
    const association = addressOf(both, "aws_eks_pod_identity_association", (a) => a.service_account === "orders-api");
    expect(planOf(irsa, both)).toEqual({ added: [association], removed: [], changed: { [role]: ["assume_role_policy", "description"] } });
    expect(byAddress(both).get(serviceAccount).metadata.annotations["eks.amazonaws.com/role-arn"]).toBeDefined();
    // The cluster stack gains one output only: its ARN, which the Pod Identity trust is pinned to.
    expect(planOf(steps[0].stacks["eks-dev"], steps[1].stacks["eks-dev"])).toEqual({
      added: [expect.stringMatching(/^output\.cross-stack-output-aws_eks_cluster.*arn$/)],
      removed: [],
      changed: {},
    });
    // The access review of the pull request: the role gains a mechanism, and the association hands it out.
    expect(reviewed(steps[0], steps[1])).toEqual(["widened carrierAdded orders/orders-api", "widened mechanismAdded workloads-dev_orders_orders-api"]);
  });

  test("both -> podIdentity: drops the OIDC trust and the annotation in place; nothing is added, removed or replaced", () => {
    expect(planOf(both, podIdentity)).toEqual({
      added: [],
      removed: [],
      changed: { [role]: ["assume_role_policy", "description"], [serviceAccount]: ["metadata"] },
    });
    expect(byAddress(podIdentity).get(serviceAccount).metadata.annotations).toEqual({});
    expect(byAddress(podIdentity).get(role).name).toBe("workloads-dev_orders_orders-api");
    expect(planOf(steps[1].stacks["eks-dev"], steps[2].stacks["eks-dev"])).toEqual({ added: [], removed: [], changed: {} });
    // The review: IRSA and its subject leave the role, and the annotation (IRSA's carrier) leaves the service account.
    expect(reviewed(steps[1], steps[2])).toEqual([
      "other carrierRemoved orders/orders-api",
      "narrowed mechanismRemoved workloads-dev_orders_orders-api",
      "narrowed subjectRemoved workloads-dev_orders_orders-api",
    ]);
  });
});
describe("examples/compute", () => {
  const COMPUTE = PlatformConfigSource.read(join(REPO, "examples", "compute", "platform.json")).config;
  const platform = synthPlatform("examples/compute/platform.json");
  const compute = platform.stacks;
  snapshotEach("examples/compute/platform.json", platform);

  test("has an Auto Mode environment and a Fargate-only one, each with its two stacks", () => {
    expect(COMPUTE.environments.map((e) => e.name)).toEqual(["auto", "fargate"]);
    expect(Object.keys(compute).sort()).toEqual(["eks-auto", "eks-fargate", "workloads-auto", "workloads-fargate"]);
  });

  test("auto runs in EKS Auto Mode: the cluster's capabilities and policies, a node role, none of the add-ons Auto Mode runs, an add-on by name with a Pod Identity role", () => {
    const synth = compute["eks-auto"];
    const [, cluster] = single(synth, "aws_eks_cluster");
    expect(cluster.compute_config).toMatchObject({ enabled: true, node_pools: ["general-purpose", "system"] });
    expect(cluster.storage_config).toEqual({ block_storage: { enabled: true } });
    expect(cluster.kubernetes_network_config).toEqual({ elastic_load_balancing: { enabled: true } });
    expect(cluster).toMatchObject({ deletion_protection: true, zonal_shift_config: { enabled: true }, bootstrap_self_managed_addons: false });
    expect(single(synth, "aws_cloudwatch_log_group")[1]).toMatchObject({ name: "/aws/eks/example-auto/cluster", retention_in_days: 30 });
    const addons = Object.fromEntries(ofType(synth, "aws_eks_addon").map(([, a]) => [a.addon_name, a]));
    // Not vpc-cni, kube-proxy, coredns or the Pod Identity agent (its Pod Identity workload binds all the same).
    expect(Object.keys(addons).sort()).toEqual(["external-dns", "metrics-server"]);
    const roles = Object.fromEntries(ofType(synth, "aws_iam_role").map(([id, r]) => [r.name, id]));
    expect(Object.keys(roles).sort()).toEqual(["example-auto-auto-node", "example-auto-cluster", "example-auto-external-dns"]);
    expect(addons["external-dns"].pod_identity_association).toEqual([
      { role_arn: `\${aws_iam_role.${roles["example-auto-external-dns"]}.arn}`, service_account: "external-dns" },
    ]);
    expect(ofType(synth, "aws_eks_node_group")).toEqual([]);
    expect(Object.keys(synth.output ?? {}).filter((o) => !o.startsWith("cross-stack"))).toContain("auto_mode_node_role_arn");
    expect(ofType(compute["workloads-auto"], "aws_eks_pod_identity_association").map(([, a]) => a.namespace)).toEqual(["payments"]);
  });

  test("fargate runs Karpenter's controller, coredns and a namespace on Fargate, the controller through IRSA", () => {
    const synth = compute["eks-fargate"];
    const profiles = Object.fromEntries(ofType(synth, "aws_eks_fargate_profile").map(([, p]) => [p.fargate_profile_name, p.selector]));
    expect(profiles).toEqual({
      coredns: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }],
      karpenter: [{ namespace: "karpenter" }],
      reports: [{ namespace: "reports" }],
    });
    const roles = Object.fromEntries(ofType(synth, "aws_iam_role").map(([, r]) => [r.name, r]));
    expect(roles["example-fargate-fargate-pods"].path).toBe("/eks/");
    const subjects = statementsOf(roles["example-fargate-karpenter"].assume_role_policy).flatMap((st: any) =>
      st.condition.filter((c: any) => c.variable.endsWith(":sub")).flatMap((c: any) => c.values),
    );
    expect(subjects).toEqual(["system:serviceaccount:karpenter:karpenter"]);
    const addons = Object.fromEntries(ofType(synth, "aws_eks_addon").map(([, a]) => [a.addon_name, a]));
    expect(JSON.parse(addons.coredns.configuration_values)).toEqual({ computeType: "Fargate" });
    expect(ofType(synth, "aws_eks_node_group")).toEqual([]);
    // The chart's service account (in namespace karpenter, where the chart is installed) carries the IRSA role.
    const [karpenterRoleId] = ofType(synth, "aws_iam_role").find(([, r]) => r.name === "example-fargate-karpenter")!;
    expect(synth.output!.addon_karpenter_helm_values.value).toContain(
      `"serviceAccount" = {"create" = true, "name" = "karpenter", "annotations" = {"eks.amazonaws.com/role-arn" = aws_iam_role.${karpenterRoleId}.arn}}`,
    );
  });
});

describe("examples/cross-account", () => {
  const app = runExampleApp("examples/cross-account/target-account.ts");
  snapshotEach("examples/cross-account/target-account.ts", app);

  test("target-account.ts: the target role trusts the binding's role only with the association's external ID, read from the workloads stack", () => {
    const synth = app.stacks["orders-data"];
    const [, role] = single(synth, "aws_iam_role");
    expect(role.name).toBe("orders-data");
    const [assume] = statementsOf(role.assume_role_policy).filter((s: any) => s.actions.includes("sts:AssumeRole"));
    const tests = Object.fromEntries(assume.condition.map((c: any) => [c.variable, c]));
    expect(tests["aws:PrincipalARN"]).toMatchObject({ test: "ArnEquals", values: ["arn:aws:iam::111122223333:role/workloads-prod_orders_api"] });
    expect(tests["sts:ExternalId"].test).toBe("StringEquals");
    expect(tests["sts:ExternalId"].values[0]).toContain("data.terraform_remote_state.workloads-prod.outputs.pod_identity_external_ids");
  });
});
