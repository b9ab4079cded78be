import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { App, Testing, TerraformStack } from "cdktf";
import { tmpdir } from "node:os";
import {
  buildApp,
  checkConfigShape,
  CLUSTER_KEYS,
  EXAMPLE_CONFIG,
  loadConfig,
  NODE_GROUP_KEYS,
  PlatformConfig,
  SERVICE_ACCOUNT_KEYS,
  synthesize,
  VPC_KEYS,
  WORKLOAD_KEYS,
} from "../main";
import type { Workload } from "../modules/workloads-stack";
import { addresses, ofType, single, Synthesized } from "./helpers";

/**
 * Synthesizes an app built from a config as `cdktf synth` does (so cross-stack references become
 * remote state and outputs), and returns every stack's JSON by stack name.
 */
function synthAll(config: PlatformConfig): Record<string, Synthesized> {
  const app = Testing.app();
  // Local state beside the (random) output directory, so that the relative state paths, and with
  // them the snapshots, do not depend on where the tests run.
  buildApp(app, { localStateDir: join(app.outdir, "..", "state"), ...config });
  app.synth();
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  const read = (name: string) => JSON.parse(readFileSync(join(app.outdir, "stacks", name, "cdk.tf.json"), "utf8"));
  const out = Object.fromEntries(stacks.map((s) => [s.node.id, read(s.node.id)]));
  rmSync(app.outdir, { recursive: true, force: true });
  return out;
}

const example = synthAll(EXAMPLE_CONFIG);
const ENVS = ["dev", "staging", "prod"];

describe("the example app", () => {
  test("has a cluster stack and a workloads stack per environment", () => {
    expect(Object.keys(example).sort()).toEqual(["eks-dev", "eks-prod", "eks-staging", "workloads-dev", "workloads-prod", "workloads-staging"]);
  });

  test.each(Object.keys(example).sort())("stack %s matches its snapshot", (name) => {
    expect(example[name]).toMatchSnapshot();
  });

  test.each(ENVS)("eks-%s wires the OIDC provider to the cluster's issuer and its root CA", (env) => {
    const synth = example[`eks-${env}`];
    const [clusterId] = single(synth, "aws_eks_cluster");
    const [certId, cert] = single(synth, "tls_certificate", "data");
    expect(cert.url).toBe(`\${aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`);
    const [, provider] = single(synth, "aws_iam_openid_connect_provider");
    expect(provider.thumbprint_list).toEqual([`\${data.tls_certificate.${certId}.certificates[0].sha1_fingerprint}`]);
    expect(provider.client_id_list).toEqual(["sts.amazonaws.com"]);
    expect(Object.keys(synth.output ?? {}).filter((o) => !o.startsWith("cross-stack")).sort()).toEqual([
      "cluster_arn",
      "cluster_certificate_authority_data",
      "cluster_endpoint",
      "cluster_name",
      "oidc_issuer_url",
      "oidc_provider_arn",
    ]);
  });

  test("environments differ in size: zones, NAT gateways and node groups", () => {
    const count = (env: string, type: string) => ofType(example[`eks-${env}`], type).length;
    expect(ENVS.map((e) => count(e, "aws_subnet"))).toEqual([4, 6, 6]);
    expect(ENVS.map((e) => count(e, "aws_nat_gateway"))).toEqual([1, 1, 3]);
    expect(ENVS.map((e) => count(e, "aws_eks_node_group"))).toEqual([1, 1, 2]);
    const [, vpc] = single(example["eks-dev"], "aws_vpc");
    expect(vpc.cidr_block).toBe("10.3.0.0/16");
    const tags = ofType(example["eks-dev"], "aws_subnet").map(([, s]) => s.tags);
    expect(tags.filter((t) => t["kubernetes.io/role/elb"] === "1")).toHaveLength(2);
    expect(tags.filter((t) => t["kubernetes.io/role/internal-elb"] === "1")).toHaveLength(2);
  });

  test("tags the instances and volumes the node groups launch with the default tags, which the provider does not", () => {
    for (const env of ENVS) {
      for (const [, template] of ofType(example[`eks-${env}`], "aws_launch_template")) {
        const expected = { ManagedBy: "cdktf-eks-irsa", Environment: env };
        expect(template.tag_specifications).toEqual([
          { resource_type: "instance", tags: expected },
          { resource_type: "volume", tags: expected },
        ]);
        expect(template.tags).toBeUndefined(); // the template itself gets the provider's default tags
      }
    }
  });

  test("keeps local state outside the output directory, where every stack's terraform finds it", () => {
    expect(example["eks-dev"].terraform!.backend).toEqual({ local: { path: "../../../state/terraform.eks-dev.tfstate" } });
    const [, remote] = single(example["workloads-dev"], "terraform_remote_state", "data");
    expect(remote).toMatchObject({ backend: "local", config: { path: "../../../state/terraform.eks-dev.tfstate" } });
  });

  test("keeps state in S3 with use_lockfile when a state bucket is configured", () => {
    const synth = synthAll(loadConfig({ EKS_IRSA_STATE_BUCKET: "acme-tf-state" }));
    expect(synth["workloads-prod"].terraform!.backend).toEqual({
      s3: { bucket: "acme-tf-state", key: "cdktf-eks-irsa/workloads-prod/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
  });

  describe.each(ENVS)("workloads-%s", (env) => {
    const synth = example[`workloads-${env}`];
    const documents = Object.fromEntries(ofType(synth, "aws_iam_policy_document", "data"));
    const roles = Object.fromEntries(ofType(synth, "aws_iam_role"));
    /** The subjects each role's trust policy allows, by role logical id. */
    const trustOf = (roleId: string) => documents[/^\$\{data\.aws_iam_policy_document\.(.+)\.json\}$/.exec(roles[roleId].assume_role_policy)![1]];
    const trusted: Record<string, string[]> = Object.fromEntries(
      Object.keys(roles)
        .map((id): [string, string[]] => [
          id,
          trustOf(id).statement.flatMap((s: any) => (s.condition ?? []).filter((c: any) => c.variable.endsWith(":sub")).flatMap((c: any) => c.values)),
        ])
        .filter(([, subjects]) => subjects.length > 0),
    );

    test("carries the default tags, as the cluster stack does", () => {
      expect(synth.provider!.aws[0].default_tags).toEqual([{ tags: { ManagedBy: "cdktf-eks-irsa", Environment: env } }]);
    });

    test("configures the kubernetes provider from the cluster stack", () => {
      const [k8s] = synth.provider!.kubernetes;
      expect(k8s.host).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-eks-.+\.outputs\..+endpoint\}$/);
      expect(k8s.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\..+certificate_authority0data\)\}$/);
      expect(k8s.exec[0].command).toBe("aws");
      expect(k8s.exec[0].args.slice(0, 3)).toEqual(["eks", "get-token", "--cluster-name"]);
      expect(single(synth, "terraform_remote_state", "data")[1].config.path).toBe(`../../../state/terraform.eks-${env}.tfstate`);
    });

    test("every web-identity trust statement carries both :sub and :aud", () => {
      const statements = Object.values(documents).flatMap((d: any) => d.statement);
      const webIdentity = statements.filter((s: any) => s.actions.includes("sts:AssumeRoleWithWebIdentity"));
      expect(webIdentity).toHaveLength(Object.keys(trusted).length);
      // Every role but the Pod Identity one (payments) trusts through IRSA.
      expect(Object.keys(trusted)).toHaveLength(Object.keys(roles).length - 1);
      for (const s of webIdentity) {
        const sub = s.condition.find((c: any) => c.variable.endsWith(":sub"));
        const aud = s.condition.find((c: any) => c.variable.endsWith(":aud"));
        expect(sub.values.every((v: string) => v.startsWith("system:serviceaccount:"))).toBe(true);
        expect(aud).toEqual(expect.objectContaining({ test: "StringEquals", values: ["sts.amazonaws.com"] }));
      }
    });

    /** Each service account's subject and the logical id of the role its annotation names. */
    const namespaces = Object.fromEntries(
      ofType(synth, "kubernetes_namespace_v1").map(([id, n]) => [`\${kubernetes_namespace_v1.${id}.metadata[0].name}`, n.metadata.name]),
    );
    const allAccounts = ofType(synth, "kubernetes_service_account_v1").map(([, sa]) => ({
      subject: `system:serviceaccount:${namespaces[sa.metadata.namespace] ?? sa.metadata.namespace}:${sa.metadata.name}`,
      roleId: /^\$\{aws_iam_role\.(.+)\.arn\}$/.exec(sa.metadata.annotations["eks.amazonaws.com/role-arn"] ?? "")?.[1],
    }));
    const accounts = allAccounts.filter((a) => a.roleId !== undefined);

    test("each IRSA service account is annotated with the ARN of a role that trusts its own subject", () => {
      expect(allAccounts).toHaveLength(6);
      expect(accounts).toHaveLength(5);
      for (const { subject, roleId } of accounts) {
        expect(roleId).toBeDefined();
        expect(trusted[roleId!]).toContain(subject);
      }
    });

    test("roles trust exactly the service accounts that carry them, and no other", () => {
      const carriers: Record<string, string[]> = {};
      for (const { subject, roleId } of accounts) (carriers[roleId!] ??= []).push(subject);
      expect(Object.keys(carriers).sort()).toEqual(Object.keys(trusted).sort());
      for (const [roleId, subjects] of Object.entries(trusted)) expect([...subjects].sort()).toEqual(carriers[roleId].sort());
    });

    test("each Pod Identity association binds a service account of the stack to a role pinned to it, the account and the cluster", () => {
      const associations = ofType(synth, "aws_eks_pod_identity_association").map(([, a]) => a);
      expect(associations.map((a) => `${a.namespace}/${a.service_account}`).sort()).toEqual(["batch/legacy-batch", "payments/payments-api"]);
      for (const a of associations) {
        expect(allAccounts.map((x) => x.subject)).toContain(`system:serviceaccount:${a.namespace}:${a.service_account}`);
        const roleId = /^\$\{aws_iam_role\.(.+)\.arn\}$/.exec(a.role_arn)![1];
        const pod = trustOf(roleId).statement.find((s: any) => s.sid === "PodIdentity");
        const pin = (key: string) => pod.condition.find((c: any) => c.variable === key)?.values;
        expect(pin("aws:RequestTag/kubernetes-namespace")).toEqual([a.namespace]);
        expect(pin("aws:RequestTag/kubernetes-service-account")).toEqual([a.service_account]);
        expect(pin("aws:SourceAccount")).toHaveLength(1);
        expect(pin("aws:RequestTag/eks-cluster-arn")).toEqual([expect.stringMatching(/^\$\{data\.terraform_remote_state\..+arn\}$/)]);
      }
    });

    test("the S3 reader may only s3:GetObject in its bucket, and two service accounts share the orders role", () => {
      const reader = Object.values(documents).find((d: any) => d["//"].metadata.path.includes("reports_s3-reader/role/policy-document"));
      expect(reader.statement).toEqual([{ actions: ["s3:GetObject"], effect: "Allow", resources: [`arn:aws:s3:::example-${env}-reports/*`] }]);
      const ordersRole = Object.entries(trusted).find(([, subjects]) => subjects.length === 2)!;
      expect(ordersRole[1]).toEqual(["system:serviceaccount:orders:orders-api", "system:serviceaccount:orders:orders-worker"]);
      expect(ofType(synth, "kubernetes_namespace_v1").map(([, n]) => n.metadata.name).sort()).toEqual(["batch", "orders", "payments", "platform-jobs", "reports"]);
    });
  });
});

describe("stable plans", () => {
  const extra: Workload = { serviceAccounts: [{ namespace: "apps", name: "new-one" }], managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"] };
  const devOnly = (workloads: (ws: readonly Workload[]) => Workload[]): PlatformConfig => ({
    environments: [{ ...EXAMPLE_CONFIG.environments[0], workloads: workloads(EXAMPLE_CONFIG.environments[0].workloads) }],
  });
  const base = synthAll(devOnly((ws) => [...ws]))["workloads-dev"];
  const newAddresses = (after: Synthesized) => addresses(after).filter((a) => !addresses(base).includes(a));
  const goneAddresses = (after: Synthesized) => addresses(base).filter((a) => !addresses(after).includes(a));

  test("adding a service account only adds that service account's resources", () => {
    const after = synthAll(devOnly((ws) => [extra, ...ws]))["workloads-dev"];
    expect(goneAddresses(after)).toEqual([]);
    const added = newAddresses(after);
    expect(added.length).toBeGreaterThan(0);
    for (const a of added) expect(a).toMatch(/\.apps_new-one_/);
    // And nothing else changed: every old resource has the same body.
    for (const kind of ["resource", "data"] as const) {
      for (const [type, items] of Object.entries(base[kind] ?? {})) {
        for (const [name, body] of Object.entries(items)) expect(after[kind]![type][name]).toEqual(body);
      }
    }
  });

  test("removing a service account only removes that service account's resources", () => {
    const after = synthAll(devOnly((ws) => ws.filter((w) => w.serviceAccounts[0].name !== "cluster-lister")))["workloads-dev"];
    expect(newAddresses(after)).toEqual([]);
    const gone = goneAddresses(after);
    expect(gone.length).toBeGreaterThan(0);
    for (const a of gone) expect(a).toMatch(/platform-jobs/);
  });

  test("a second service account under the first one's key only adds its own resources and a subject", () => {
    const isReader = (w: Workload) => w.serviceAccounts[0].name === "s3-reader";
    const after = synthAll(
      devOnly((ws) =>
        ws.map((w) =>
          isReader(w)
            ? { ...w, roleKey: "reports_s3-reader", serviceAccounts: [...w.serviceAccounts, { namespace: "reports", name: "s3-reader-batch" }] }
            : w,
        ),
      ),
    )["workloads-dev"];
    expect(goneAddresses(after)).toEqual([]);
    expect(newAddresses(after)).toEqual([expect.stringMatching(/^kubernetes_service_account_v1\.reports_s3-reader_reports_s3-reader-batch_/)]);
    // The role keeps its address and name; only its trust policy gains the subject.
    const [roleId, role] = ofType(after, "aws_iam_role").find(([, r]) => r.name === "workloads-dev_reports_s3-reader")!;
    expect(base.resource!.aws_iam_role[roleId].name).toBe(role.name);
    const changed: string[] = [];
    for (const kind of ["resource", "data"] as const) {
      for (const [type, items] of Object.entries(base[kind] ?? {})) {
        for (const [name, body] of Object.entries(items)) {
          if (JSON.stringify(after[kind]![type][name]) !== JSON.stringify(body)) changed.push(`${type}.${name}`);
        }
      }
    }
    expect(changed.sort()).toEqual([
      expect.stringMatching(/^aws_iam_policy_document\.reports_s3-reader_role_trust-policy_/),
      expect.stringMatching(/^aws_iam_role\.reports_s3-reader_role_/), // the description and tags list both accounts
    ]);
  });

  test("reordering workloads, or the service accounts of a shared role, changes nothing", () => {
    const reordered = synthAll(
      devOnly((ws) => [...ws].reverse().map((w) => ({ ...w, serviceAccounts: [...w.serviceAccounts].reverse() }))),
    )["workloads-dev"];
    expect(addresses(reordered)).toEqual(addresses(base));
    expect(JSON.stringify(reordered)).toEqual(JSON.stringify(base));
  });
});

describe("bad configuration", () => {
  const withWorkloads = (workloads: Workload[]): PlatformConfig => ({
    environments: [{ ...EXAMPLE_CONFIG.environments[0], workloads }],
  });

  test("fails when a service account is declared twice", () => {
    const sa = { namespace: "apps", name: "twice" };
    expect(() => synthAll(withWorkloads([{ serviceAccounts: [sa] }, { roleKey: "other", serviceAccounts: [sa] }]))).toThrow(
      'environments[0].workloads[1].serviceAccounts "apps/twice" is invalid: the service account is already bound by workloads-dev/apps_twice/role (and now by workloads-dev/other/role): a service account is bound once per cluster, by one role',
    );
  });

  test("fails when a shared role has no stable key", () => {
    expect(() =>
      synthAll(withWorkloads([{ serviceAccounts: [{ namespace: "a", name: "x" }, { namespace: "a", name: "y" }] }])),
    ).toThrow("environments[0].workloads[0].roleKey is missing: 2 service accounts share the role, so it needs a stable name");
  });

  test("fails when a role key names one of the stack's own parts", () => {
    expect(() => synthAll(withWorkloads([{ roleKey: "namespaces-kubernetes", serviceAccounts: [{ namespace: "a", name: "x" }] }]))).toThrow(
      'environments[0].workloads[0].roleKey "namespaces-kubernetes" is reserved',
    );
  });

  test("fails when a role key is malformed or used twice", () => {
    const two = [{ namespace: "a", name: "x" }, { namespace: "a", name: "y" }];
    expect(() => synthAll(withWorkloads([{ roleKey: "Shared_Key", serviceAccounts: two }]))).toThrow(
      `workloads[0].roleKey "Shared_Key" is invalid: use at most 63 lower-case letters, digits and '-', or "<namespace>_<name>" of one of the workload's service accounts (a_x, a_y)`,
    );
    expect(() => synthAll(withWorkloads([{ roleKey: "b_z", serviceAccounts: two }]))).toThrow(/workloads\[0\].roleKey "b_z" is invalid/);
    expect(() =>
      synthAll(withWorkloads([{ roleKey: "shared", serviceAccounts: two }, { roleKey: "shared", serviceAccounts: [{ namespace: "b", name: "z" }] }])),
    ).toThrow('workloads[1].roleKey "shared" is also the role key of workloads[0]: role keys are unique in a stack');
  });

  test("fails with the environment and workload in the message when a nested value is invalid", () => {
    expect(() => synthAll(withWorkloads([{ serviceAccounts: [{ namespace: "Apps", name: "x" }] }]))).toThrow(
      /^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.namespace "Apps" is invalid/,
    );
    expect(() => synthAll(withWorkloads([{ serviceAccounts: [{ namespace: "a", name: "x" }], maxSessionDuration: 1 }]))).toThrow(
      /^environments\[0\]\.workloads\[0\]\.maxSessionDuration 1 is invalid/,
    );
    expect(() => synthAll(withWorkloads([{ serviceAccounts: [{ namespace: "a", name: "x", tokenExpirationSeconds: 5 }] }]))).toThrow(
      /^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.tokenExpirationSeconds 5 is invalid/,
    );
    const env = EXAMPLE_CONFIG.environments[0];
    expect(() => synthAll({ environments: [env, { ...env, name: "qa", cluster: { ...env.cluster, nodeGroups: { x: { instanceTypes: ["m6i.large"], minSize: 3, maxSize: 2 } } } }] })).toThrow(
      /^environments\[1\]\.cluster\.nodeGroups/,
    );
  });

  test("the known-key lists of config files match the TypeScript types", () => {
    // The example, through JSON, passes; and each list is exactly the fields its interface declares.
    expect(() => checkConfigShape(JSON.parse(JSON.stringify(EXAMPLE_CONFIG)))).not.toThrow();
    const source = (file: string, name: string) => {
      const text = readFileSync(join(__dirname, "..", file), "utf8");
      const body = text.slice(text.indexOf(`export interface ${name}`));
      return [...body.slice(0, body.indexOf("\n}")).matchAll(/^  readonly (\w+)\??:/gm)].map((m) => m[1]).sort();
    };
    expect(source("modules/eks-cluster.ts", "EksClusterProps")).toEqual([...CLUSTER_KEYS].sort());
    expect(source("modules/vpc.ts", "EksVpcOptions")).toEqual([...VPC_KEYS].sort());
    expect(source("modules/node-group.ts", "NodeGroupOptions")).toEqual([...NODE_GROUP_KEYS].sort());
    const role = [...source("modules/workload-role.ts", "RolePermissions"), ...source("modules/workload-role.ts", "WorkloadRoleOptions")];
    const binding = source("modules/workload-identity.ts", "WorkloadIdentityOptions").filter((k) => k !== "kubernetesProvider" && k !== "extraOidcProviders");
    expect([...source("modules/workloads-stack.ts", "Workload "), ...binding, ...role].sort()).toEqual([...WORKLOAD_KEYS].sort());
    const sa = source("modules/service-account.ts", "ServiceAccountOptions").filter((k) => k !== "provider");
    expect([...source("modules/workload-identity.ts", "WorkloadServiceAccount"), ...sa].sort()).toEqual([...SERVICE_ACCOUNT_KEYS].sort());
  });

  describe("a configuration file (EKS_IRSA_CONFIG)", () => {
    const dir = mkdtempSync(join(tmpdir(), "eks-irsa-config-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
      return path;
    };
    const env0 = EXAMPLE_CONFIG.environments[0];

    test("is read, and synthesizes like the same configuration in code", () => {
      const path = file("ok.json", { environments: [env0], stateBucket: "acme" });
      expect(loadConfig({ EKS_IRSA_CONFIG: path })).toEqual({ environments: [env0], stateBucket: "acme" });
    });

    test.each([
      ["not JSON", "{ environments: [", /^EKS_IRSA_CONFIG ".*bad-json.json" is not valid JSON: /],
      ["an array", [], /: configuration \[\] is invalid: expected an object \{ environments: \[\.\.\.\] \}$/],
      ["no environments", {}, /: environments is missing: expected a non-empty array/],
      ["a misspelt key", { environments: [env0], stateBuckt: "acme" }, /: stateBuckt is not a known field: allowed are environments, stateBucket/],
      ["an environment without workloads", { environments: [{ ...env0, workloads: undefined }] }, /: environments\[0\]\.workloads is missing: expected an array/],
      ["a workload without serviceAccounts", { environments: [{ ...env0, workloads: [{}] }] }, /: environments\[0\]\.workloads\[0\]\.serviceAccounts is missing/],
      ["a number as a namespace", { environments: [{ ...env0, workloads: [{ serviceAccounts: [{ namespace: 1, name: "x" }] }] }] }, /\.serviceAccounts\[0\]\.namespace 1 is invalid: expected a string$/],
      ["a typo in an environment", { environments: [{ ...env0, regoin: "x" }] }, /: environments\[0\]\.regoin is not a known field/],
      ["a typo in the cluster", { environments: [{ ...env0, cluster: { ...env0.cluster, publicAccesCidrs: [] } }] }, /: environments\[0\]\.cluster\.publicAccesCidrs is not a known field/],
      ["a typo in a node group", { environments: [{ ...env0, cluster: { ...env0.cluster, nodeGroups: { a: { minsize: 1 } } } }] }, /: environments\[0\]\.cluster\.nodeGroups\.a\.minsize is not a known field/],
      ["a typo in a service account", { environments: [{ ...env0, workloads: [{ serviceAccounts: [{ namespace: "a", name: "b", createNamspace: true }] }] }] }, /\.serviceAccounts\[0\]\.createNamspace is not a known field/],
      ["a number as roleKey", { environments: [{ ...env0, workloads: [{ roleKey: 5, serviceAccounts: [] }] }] }, /: environments\[0\]\.workloads\[0\]\.roleKey 5 is invalid: expected a string$/],
    ])("fails when the file holds %s, with a message that names the file and the field", (name, content, message) => {
      const path = file(`${name === "not JSON" ? "bad-json" : name.replace(/ /g, "-")}.json`, content);
      expect(() => loadConfig({ EKS_IRSA_CONFIG: path })).toThrow(message);
    });

    test("fails when the file does not exist", () => {
      expect(() => loadConfig({ EKS_IRSA_CONFIG: join(dir, "missing.json") })).toThrow(/^EKS_IRSA_CONFIG ".*missing.json" cannot be read: ENOENT$/);
    });
  });

  test("fails when a workload has no service account", () => {
    expect(() => synthAll(withWorkloads([{ serviceAccounts: [] }]))).toThrow("environments[0].workloads[0].serviceAccounts [] is invalid: a workload has at least one service account");
  });

  test("fails when an environment name is reused or malformed", () => {
    const env = EXAMPLE_CONFIG.environments[0];
    expect(() => synthAll({ environments: [env, env] })).toThrow(`environments[1].name "dev" is declared twice`);
    expect(() => synthAll({ environments: [{ ...env, name: "Dev" }] })).toThrow(/environments\[0\].name "Dev" is invalid/);
  });
});

describe("synthesize", () => {
  /** A fresh output directory, removed after `body`. */
  function withOutdir(body: (outdir: string) => void): void {
    const outdir = mkdtempSync(join(tmpdir(), "eks-irsa-out-"));
    try {
      body(outdir);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  const stackJson = (outdir: string, stack: string) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));

  test("by default keeps local state in the project directory, for the stack and for the stacks that read it", () => {
    withOutdir((outdir) => {
      expect(synthesize(() => EXAMPLE_CONFIG, outdir)).toBeUndefined();
      const own = stackJson(outdir, "eks-dev").terraform.backend.local.path;
      const [, remote] = single(stackJson(outdir, "workloads-dev"), "terraform_remote_state", "data");
      // Terraform resolves both paths from the stack's own directory.
      const expected = join(process.cwd(), "terraform.eks-dev.tfstate");
      expect(resolve(outdir, "stacks", "eks-dev", own)).toBe(expected);
      expect(resolve(outdir, "stacks", "workloads-dev", remote.config.path)).toBe(expected);
    });
  });

  test("with the default output directory the state paths do not depend on the checkout", () => {
    const app = new App({ outdir: "cdktf.out", skipValidation: true });
    buildApp(app, { environments: [EXAMPLE_CONFIG.environments[0]] });
    const stack = app.node.findChild("eks-dev") as TerraformStack;
    expect(stack.toTerraform().terraform.backend).toEqual({ local: { path: "../../../terraform.eks-dev.tfstate" } });
  });

  test("fails when localStateDir is inside the output directory", () => {
    withOutdir((outdir) => {
      const sibling: PlatformConfig = { ...EXAMPLE_CONFIG, localStateDir: join(outdir, "..state") };
      expect(synthesize(() => sibling, outdir)).toMatch(/^localStateDir ".*\.\.state" is inside the synth output directory/);
      const config: PlatformConfig = { ...EXAMPLE_CONFIG, localStateDir: join(outdir, "state") };
      expect(synthesize(() => config, outdir)).toMatch(/^localStateDir ".*state" is inside the synth output directory/);
    });
  });

  test("fails when the configuration is invalid, and leaves no stack behind in the output, but keeps everything else", () => {
    withOutdir((outdir) => {
      expect(synthesize(() => EXAMPLE_CONFIG, outdir)).toBeUndefined();
      expect(existsSync(join(outdir, "stacks", "eks-dev", "cdk.tf.json"))).toBe(true);
      // What terraform leaves in a stack directory, and state an older layout kept there.
      mkdirSync(join(outdir, "stacks", "eks-dev", ".terraform"));
      writeFileSync(join(outdir, "stacks", "eks-dev", "terraform.eks-dev.tfstate"), "{}");
      const bad: PlatformConfig = {
        environments: [{ ...EXAMPLE_CONFIG.environments[0], cluster: { ...EXAMPLE_CONFIG.environments[0].cluster, clusterName: "-bad" } }],
      };
      expect(synthesize(() => bad, outdir)).toMatch(/^environments\[0\]\.cluster\.clusterName "-bad" is invalid/);
      for (const stack of ["eks-dev", "workloads-dev", "eks-prod"]) expect(existsSync(join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(false);
      expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
      expect(existsSync(join(outdir, "stacks", "eks-dev", ".terraform"))).toBe(true);
      expect(readFileSync(join(outdir, "stacks", "eks-dev", "terraform.eks-dev.tfstate"), "utf8")).toBe("{}");
    });
  });
});
