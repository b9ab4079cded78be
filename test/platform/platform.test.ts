import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App, Testing, TerraformStack } from "cdktf";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import type { PlatformConfig, WorkloadConfig } from "../../modules/platform/config";
import { ValidationError, ValidationErrors } from "../../modules/core/errors";
import { Platform } from "../../modules/platform/platform";
import { addresses, ofType, single, statementsOf, type Synthesized } from "../support/helpers";

const EXAMPLE = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

/**
 * Synthesizes the Platform of a configuration as `cdktf synth` does (so cross-stack references
 * become remote state and outputs), and returns every stack's JSON by stack name.
 */
function synthAll(config: PlatformConfig): Record<string, Synthesized> {
  const app = Testing.app();
  // Local state beside the (random) output directory, so that the relative state paths, and with
  // them the snapshots, do not depend on where the tests run.
  new Platform(app, { config: { localStateDir: join(app.outdir, "..", "state"), ...config } });
  app.synth();
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  const read = (name: string) => JSON.parse(readFileSync(join(app.outdir, "stacks", name, "cdk.tf.json"), "utf8"));
  const out = Object.fromEntries(stacks.map((s) => [s.node.id, read(s.node.id)]));
  rmSync(app.outdir, { recursive: true, force: true });
  return out;
}

/** What `body` throws; fails when it throws nothing. */
function caught(body: () => unknown): unknown {
  try {
    body();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

/** The message of what `body` throws. */
function thrown(body: () => unknown): string {
  return (caught(body) as Error).message;
}

const example = synthAll(EXAMPLE);
const ENVS = ["dev", "staging", "prod"];

describe("the example app", () => {
  test("platform.json has the three environments, each with IRSA, Pod Identity and migrating workloads", () => {
    expect(EXAMPLE.environments.map((e) => e.name)).toEqual(ENVS);
    for (const env of EXAMPLE.environments) {
      expect(env.workloads.map((w) => w.mechanism ?? "irsa")).toEqual(["irsa", "irsa", "irsa", "podIdentity", "both"]);
    }
  });

  test("has a cluster stack and a workloads stack per environment", () => {
    expect(Object.keys(example).sort()).toEqual(["eks-dev", "eks-prod", "eks-staging", "workloads-dev", "workloads-prod", "workloads-staging"]);
  });

  // Each stack's snapshot is test/examples.test.ts's, with the other examples'.

  test.each(ENVS)("eks-%s wires the OIDC provider to the cluster's issuer and its root CA", (env) => {
    const synth = example[`eks-${env}`];
    const [clusterId] = single(synth, "aws_eks_cluster");
    const [certId, cert] = single(synth, "tls_certificate", "data");
    expect(cert.url).toBe(`\${aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`);
    const [, provider] = single(synth, "aws_iam_openid_connect_provider");
    expect(provider.thumbprint_list).toEqual([`\${data.tls_certificate.${certId}.certificates[0].sha1_fingerprint}`]);
    expect(provider.client_id_list).toEqual(["sts.amazonaws.com"]);
    const addonOutputs =
      env === "dev"
        ? [
            "addon_ebs_csi_driver_role_arn",
            "addon_external_dns_helm_values",
            "addon_external_dns_role_arn",
            "addon_karpenter_helm_values",
            "addon_karpenter_role_arn",
            "addon_load_balancer_controller_helm_values",
            "addon_load_balancer_controller_role_arn",
            "karpenter_node_role_name",
          ]
        : env === "staging"
          ? ["fargate_pod_execution_role_arn"]
          : [];
    expect(
      Object.keys(synth.output ?? {})
        .filter((o) => !o.startsWith("cross-stack"))
        .sort(),
    ).toEqual(
      [...addonOutputs, "cluster_arn", "cluster_certificate_authority_data", "cluster_endpoint", "cluster_name", "oidc_issuer_url", "oidc_provider_arn"].sort(),
    );
  });

  test("dev runs the Load Balancer Controller, external-dns, the EBS CSI driver (EKS add-on) and Karpenter, each with its own role", () => {
    const synth = example["eks-dev"];
    const roles = Object.fromEntries(ofType(synth, "aws_iam_role").map(([id, r]) => [r.name, id]));
    // The EBS CSI driver is an EKS add-on bound to its role through service_account_role_arn: no
    // Kubernetes service account of ours.
    const ebs = ofType(synth, "aws_eks_addon").find(([, a]) => a.addon_name === "aws-ebs-csi-driver");
    expect(ebs?.[1].service_account_role_arn).toBe(`\${aws_iam_role.${roles["example-dev-ebs-csi-driver"]}.arn}`);
    expect(ebs?.[1].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_node_group\./)]));
    // The Helm add-ons' roles trust their chart's service account only.
    const trusted = (roleName: string): string[] => {
      const role = synth.resource!.aws_iam_role[roles[roleName]];
      return statementsOf(role.assume_role_policy).flatMap((st: any) =>
        st.condition.filter((c: any) => c.variable.endsWith(":sub")).flatMap((c: any) => c.values),
      );
    };
    expect(trusted("example-dev-load-balancer-controller")).toEqual(["system:serviceaccount:kube-system:aws-load-balancer-controller"]);
    expect(trusted("example-dev-external-dns")).toEqual(["system:serviceaccount:external-dns:external-dns"]);
    expect(trusted("example-dev-karpenter")).toEqual(["system:serviceaccount:kube-system:karpenter"]);
    expect(trusted("example-dev-ebs-csi-driver")).toEqual(["system:serviceaccount:kube-system:ebs-csi-controller-sa"]);
    // Karpenter's side: node role with its access entry, the interruption queue and its rules.
    // (Besides the cluster creator's and the developers' STANDARD entries.)
    expect(Object.fromEntries(ofType(synth, "aws_eks_access_entry").map(([id, e]) => [id.replace(/_[0-9A-F]{8}$/, ""), e.type]))).toEqual({
      "eks_access-entry-111122223333-role-example-orders-developers": "STANDARD",
      "eks_cluster-creator": "STANDARD",
      "eks_karpenter-infrastructure_node-access-entry": "EC2_LINUX",
    });
    expect(ofType(synth, "aws_sqs_queue")).toHaveLength(1);
    expect(ofType(synth, "aws_cloudwatch_event_rule")).toHaveLength(5);
    // No Kubernetes service account is declared for any add-on: charts and EKS make them.
    expect(ofType(synth, "kubernetes_service_account_v1")).toEqual([]);
  });

  test("every IAM role of every stack carries the platform's permissions boundary", () => {
    const boundary = EXAMPLE.roleDefaults?.permissionsBoundary;
    expect(boundary).toBe("arn:aws:iam::111122223333:policy/example-platform-boundary");
    const roles = Object.entries(example).flatMap(([stack, synth]) =>
      ofType(synth, "aws_iam_role").map(([id, role]) => [`${stack} ${id}`, role.permissions_boundary]),
    );
    // dev: the cluster, node and vpc-cni roles, four add-ons' and Karpenter's node role; staging: the
    // cluster, node, vpc-cni and Fargate pod execution roles; prod: the cluster, node and vpc-cni
    // roles; five workload roles per environment.
    expect(roles).toHaveLength(8 + 4 + 3 + 3 * 5);
    expect(roles.filter(([, b]) => b !== boundary)).toEqual([]);
  });

  test("dev's and prod's orders developers have access to the orders namespace only: edit in dev, view in prod", () => {
    const scoped = (env: string) =>
      ofType(example[`eks-${env}`], "aws_eks_access_policy_association")
        .filter(([id]) => id.includes("orders-developers"))
        .map(([, a]) => [a.policy_arn.split("/").pop(), a.access_scope]);
    expect(scoped("dev")).toEqual([["AmazonEKSEditPolicy", { type: "namespace", namespaces: ["orders"] }]]);
    expect(scoped("prod")).toEqual([["AmazonEKSViewPolicy", { type: "namespace", namespaces: ["orders"] }]]);
    expect(scoped("staging")).toEqual([]);
  });

  test("its boundary and access entries rename nothing: without them, every address is the same, and they only add entries", () => {
    const plain: PlatformConfig = {
      ...EXAMPLE,
      roleDefaults: undefined,
      environments: EXAMPLE.environments.map((e) => ({ ...e, cluster: { ...e.cluster, accessEntries: undefined } })),
    };
    const without = synthAll(plain);
    for (const name of Object.keys(example)) {
      const before = addresses(without[name]);
      const after = addresses(example[name]);
      expect([name, before.filter((a) => !after.includes(a))]).toEqual([name, []]);
      expect([name, after.filter((a) => !before.includes(a) && !/^aws_eks_access_(entry|policy_association)\.eks_access-entry-/.test(a))]).toEqual([name, []]);
    }
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

  test("every cluster writes its control plane's logs to a log group it made first, with a retention", () => {
    for (const env of ENVS) {
      const synth = example[`eks-${env}`];
      const [groupId, group] = single(synth, "aws_cloudwatch_log_group");
      expect(group).toEqual(expect.objectContaining({ name: `/aws/eks/example-${env}/cluster`, retention_in_days: 90 }));
      expect(single(synth, "aws_eks_cluster")[1].depends_on).toContain(`aws_cloudwatch_log_group.${groupId}`);
    }
  });

  test("staging runs the reports namespace on Fargate (IRSA only there), configures vpc-cni and coredns, and installs add-ons by name", () => {
    const synth = example["eks-staging"];
    const [, profile] = single(synth, "aws_eks_fargate_profile");
    expect(profile).toMatchObject({ fargate_profile_name: "reports", selector: [{ namespace: "reports" }] });
    const [, role] = ofType(synth, "aws_iam_role").find(([, r]) => r.name === "example-staging-fargate-pods")!;
    expect(statementsOf(role.assume_role_policy)[0].principals).toEqual([{ type: "Service", identifiers: ["eks-fargate-pods.amazonaws.com"] }]);
    const addons = Object.fromEntries(ofType(synth, "aws_eks_addon").map(([, a]) => [a.addon_name, a]));
    expect(JSON.parse(addons["vpc-cni"].configuration_values).env).toEqual({ ENABLE_PREFIX_DELEGATION: "true" });
    expect(JSON.parse(addons.coredns.configuration_values)).toEqual({ replicaCount: 3 });
    expect(Object.keys(addons)).toEqual(expect.arrayContaining(["metrics-server", "snapshot-controller"]));
    // The Fargate namespace's workload uses IRSA.
    expect(EXAMPLE.environments[1].workloads[0].serviceAccounts[0].namespace).toBe("reports");
    expect(EXAMPLE.environments[1].workloads[0].mechanism).toBeUndefined();
  });

  test("tags every resource of the cluster stacks with ManagedBy and the environment", () => {
    for (const env of ENVS) {
      expect(example[`eks-${env}`].provider!.aws[0].default_tags).toEqual([{ tags: { ManagedBy: "cdktf-eks-irsa", Environment: env } }]);
    }
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
    const synth = synthAll({ ...EXAMPLE, stateBucket: "acme-tf-state" });
    expect(synth["workloads-prod"].terraform!.backend).toEqual({
      s3: { bucket: "acme-tf-state", key: "cdktf-eks-irsa/workloads-prod/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
  });

  describe.each(ENVS)("workloads-%s", (env) => {
    const synth = example[`workloads-${env}`];
    const roles = Object.fromEntries(ofType(synth, "aws_iam_role"));
    /** A role's trust policy, by role logical id. */
    const trustOf = (roleId: string) => ({ statement: statementsOf(roles[roleId].assume_role_policy) });
    const trusted: Record<string, string[]> = Object.fromEntries(
      Object.keys(roles)
        .map((id): [string, string[]] => [
          id,
          trustOf(id).statement.flatMap((s: any) => (s.condition ?? []).filter((c: any) => c.variable.endsWith(":sub")).flatMap((c: any) => c.values)),
        ])
        .filter(([, subjects]) => subjects.length > 0),
    );

    test("configures the kubernetes provider from the cluster stack", () => {
      const [k8s] = synth.provider!.kubernetes;
      expect(k8s.host).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-eks-.+\.outputs\..+endpoint\}$/);
      expect(k8s.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\..+certificate_authority0data\)\}$/);
      expect(k8s.exec[0].command).toBe("aws");
      expect(k8s.exec[0].args.slice(0, 3)).toEqual(["eks", "get-token", "--cluster-name"]);
      expect(single(synth, "terraform_remote_state", "data")[1].config.path).toBe(`../../../state/terraform.eks-${env}.tfstate`);
    });

    test("every web-identity trust statement carries both :sub and :aud", () => {
      const statements = Object.keys(roles).flatMap((id) => trustOf(id).statement);
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
      const [, reader] = ofType(synth, "aws_iam_policy").find(([, p]) => p["//"].metadata.path.includes("reports_s3-reader/role/policy"))!;
      expect(statementsOf(reader.policy)).toEqual([{ actions: ["s3:GetObject"], effect: "Allow", resources: [`arn:aws:s3:::example-${env}-reports/*`] }]);
      const ordersRole = Object.entries(trusted).find(([, subjects]) => subjects.length === 2)!;
      expect(ordersRole[1]).toEqual(["system:serviceaccount:orders:orders-api", "system:serviceaccount:orders:orders-worker"]);
      expect(
        ofType(synth, "kubernetes_namespace_v1")
          .map(([, n]) => n.metadata.name)
          .sort(),
      ).toEqual(["batch", "orders", "payments", "platform-jobs", "reports"]);
    });
  });
});

describe("stable plans", () => {
  const extra: WorkloadConfig = {
    serviceAccounts: [{ namespace: "apps", name: "new-one" }],
    managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"],
  };
  const devOnly = (workloads: (ws: readonly WorkloadConfig[]) => WorkloadConfig[]): PlatformConfig => ({
    environments: [{ ...EXAMPLE.environments[0], workloads: workloads(EXAMPLE.environments[0].workloads) }],
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
    const isReader = (w: WorkloadConfig) => w.serviceAccounts[0].name === "s3-reader";
    const after = synthAll(
      devOnly((ws) =>
        ws.map((w) =>
          isReader(w) ? { ...w, roleKey: "reports_s3-reader", serviceAccounts: [...w.serviceAccounts, { namespace: "reports", name: "s3-reader-batch" }] } : w,
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
    // The trust policy, the description and the tags (both accounts) are the role's own attributes.
    expect(changed).toEqual([expect.stringMatching(/^aws_iam_role\.reports_s3-reader_role_/)]);
    expect(statementsOf(role.assume_role_policy)[0].condition[0].values).toEqual([
      "system:serviceaccount:reports:s3-reader",
      "system:serviceaccount:reports:s3-reader-batch",
    ]);
  });

  test("reordering workloads, or the service accounts of a shared role, changes nothing", () => {
    const reordered = synthAll(devOnly((ws) => [...ws].reverse().map((w) => ({ ...w, serviceAccounts: [...w.serviceAccounts].reverse() }))))["workloads-dev"];
    expect(addresses(reordered)).toEqual(addresses(base));
    expect(JSON.stringify(reordered)).toEqual(JSON.stringify(base));
  });
});

describe("Platform", () => {
  const dev = EXAMPLE.environments[0];
  const withWorkloads = (workloads: WorkloadConfig[]): PlatformConfig => ({ environments: [{ ...dev, workloads }] });
  /** Builds (without synthesizing) a Platform in a fresh app; returns it. */
  const build = (config: PlatformConfig, environments?: readonly string[]) => new Platform(Testing.app(), { config, environments });

  test("exposes each environment's two stacks by name, and can add only some environments", () => {
    const platform = build(EXAMPLE, ["staging"]);
    expect(Object.keys(platform.environments)).toEqual(["staging"]);
    expect(platform.environments.staging.clusterStack.node.id).toBe("eks-staging");
    expect(platform.environments.staging.workloadsStack.node.id).toBe("workloads-staging");
  });

  test("Platform.addEnvironment adds one environment's stacks to any app, with the default tags", () => {
    const app = Testing.app();
    const stacks = Platform.addEnvironment(app, dev, { defaultTags: { Team: "platform" }, localStateDir: join(app.outdir, "..", "state") });
    const synth = JSON.parse(Testing.synth(stacks.clusterStack));
    expect(synth.provider.aws[0].default_tags).toEqual([{ tags: { ManagedBy: "cdktf-eks-irsa", Team: "platform", Environment: "dev" } }]);
  });

  test("a workload using EKS Pod Identity installs the Pod Identity Agent on its cluster", () => {
    const podIdentity: WorkloadConfig = { serviceAccounts: [{ namespace: "payments", name: "api" }], mechanism: "podIdentity" };
    const platform = build(withWorkloads([podIdentity]));
    const synth = JSON.parse(Testing.synth(platform.environments.dev.clusterStack));
    expect(ofType(synth, "aws_eks_addon").map(([, a]) => a.addon_name)).toContain("eks-pod-identity-agent");
    const irsaOnly = build(withWorkloads([{ serviceAccounts: [{ namespace: "payments", name: "api" }] }]));
    expect(ofType(JSON.parse(Testing.synth(irsaOnly.environments.dev.clusterStack)), "aws_eks_addon").map(([, a]) => a.addon_name)).not.toContain(
      "eks-pod-identity-agent",
    );
  });

  test("fails when a workload uses Pod Identity in a namespace Fargate takes whole, naming the workload", () => {
    const staging = EXAMPLE.environments[1];
    const onFargate: WorkloadConfig = { serviceAccounts: [{ namespace: "reports", name: "exporter" }], mechanism: "podIdentity" };
    expect(() => build({ environments: [{ ...staging, workloads: [...staging.workloads, onFargate] }] })).toThrow(
      'environments[0].workloads[5].mechanism "Pod Identity" is invalid: pods of reports/exporter run on Fargate (Fargate profile reports of cluster eks-staging/eks takes every pod of namespace reports), where EKS Pod Identity does not work: use mechanism "irsa"',
    );
  });

  test("fails when a cluster turns the Pod Identity Agent off that a workload needs", () => {
    const config: PlatformConfig = {
      environments: [
        {
          ...dev,
          cluster: { ...dev.cluster, podIdentityAgent: false },
          workloads: dev.workloads.filter((w) => w.mechanism !== "podIdentity"),
        },
      ],
    };
    expect(() => build(config)).toThrow(
      'environments[0].cluster.podIdentityAgent false is invalid: workloads[3] uses mechanism "both", and EKS Pod Identity needs the eks-pod-identity-agent add-on: leave podIdentityAgent out (it is then installed) or set it to true',
    );
  });

  test("fails when an environment name is reused or malformed, with every such error at once", () => {
    const error = caught(() => build({ environments: [dev, dev, { ...dev, name: "Dev", region: "europe" }] }));
    expect(error).toBeInstanceOf(ValidationErrors);
    expect((error as ValidationErrors).errors.map((e) => e.message)).toEqual([
      `environments[1].name "dev" is invalid: environments[0] has that name already: each environment names its own stacks`,
      `environments[2].name "Dev" is invalid: use 1-31 lower-case letters, digits or '-', starting with a letter or digit (it names the stacks eks-<name> and workloads-<name>)`,
      `environments[2].region "europe" is invalid: expected an AWS region such as eu-west-1`,
    ]);
  });

  test("fails when there are no environments, or a chosen environment is not configured", () => {
    expect(() => build({ environments: [] })).toThrow("environments [] is invalid: give at least one environment { name, region, cluster, workloads }");
    expect(() => build(EXAMPLE, ["qa"])).toThrow('environments "qa" is invalid: not an environment of the configuration (dev, staging, prod)');
  });

  test("fails when localStateDir is inside the output directory, or the state backend options are malformed", () => {
    const app = Testing.app();
    expect(() => new Platform(app, { config: { ...EXAMPLE, localStateDir: join(app.outdir, "state") } })).toThrow(
      /^localStateDir ".*state" is inside the synth output directory/,
    );
    expect(() => build({ ...EXAMPLE, stateBucket: "Acme_State" })).toThrow(/^stateBucket "Acme_State" is invalid: an S3 bucket name has 3-63/);
    expect(() => build({ ...EXAMPLE, stateBucket: "acme", stateKeyPrefix: "/state/" })).toThrow(
      `stateKeyPrefix "/state/" is invalid: a state key prefix has at most 900 characters, does not start with '/' and holds no '//'`,
    );
  });

  test("fails when a service account is declared twice", () => {
    const sa = { namespace: "apps", name: "twice" };
    expect(() => build(withWorkloads([{ serviceAccounts: [sa] }, { roleKey: "other", serviceAccounts: [sa] }]))).toThrow(
      'environments[0].workloads[1].serviceAccounts[0] "apps/twice" is invalid: the binding at workloads-dev/apps_twice already binds it in the cluster at eks-dev/eks: ' +
        "the pods of apps/twice could assume both roles (workloads-dev/apps_twice/role and workloads-dev/other/role); a service account is bound by one role per cluster",
    );
  });

  test("fails when a shared role has no stable key", () => {
    expect(() =>
      build(
        withWorkloads([
          {
            serviceAccounts: [
              { namespace: "a", name: "x" },
              { namespace: "a", name: "y" },
            ],
          },
        ]),
      ),
    ).toThrow("environments[0].workloads[0].roleKey is missing: 2 service accounts share the role, so it needs a stable name");
  });

  test("fails when a role key names one of the stack's own parts, is malformed or is used twice", () => {
    const two = [
      { namespace: "a", name: "x" },
      { namespace: "a", name: "y" },
    ];
    expect(() => build(withWorkloads([{ roleKey: "namespaces-kubernetes", serviceAccounts: [{ namespace: "a", name: "x" }] }]))).toThrow(
      'environments[0].workloads[0].roleKey "namespaces-kubernetes" is invalid: aws, kubernetes, backend and namespaces* name the stack\'s own parts',
    );
    expect(() => build(withWorkloads([{ roleKey: "Shared_Key", serviceAccounts: two }]))).toThrow(
      `workloads[0].roleKey "Shared_Key" is invalid: use at most 63 lower-case letters, digits and '-', or "<namespace>_<name>" of one of the workload's service accounts (a_x, a_y)`,
    );
    expect(() =>
      build(
        withWorkloads([
          { roleKey: "shared", serviceAccounts: two },
          { roleKey: "shared", serviceAccounts: [{ namespace: "b", name: "z" }] },
        ]),
      ),
    ).toThrow('workloads[1].roleKey "shared" is invalid: workloads[0] has the same role key: role keys');
  });

  test("fails with the environment and its field in the message when a construct refuses a value", () => {
    expect(thrown(() => build(withWorkloads([{ serviceAccounts: [{ namespace: "Apps", name: "x" }] }])))).toMatch(
      /^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.namespace "Apps" is invalid/,
    );
    expect(thrown(() => build(withWorkloads([{ serviceAccounts: [{ namespace: "a", name: "x" }], maxSessionDuration: 1 }])))).toMatch(
      /^environments\[0\]\.workloads\[0\]\.maxSessionDuration 1 is invalid/,
    );
    const qa = {
      ...dev,
      name: "qa",
      cluster: { ...dev.cluster, clusterName: "example-qa", nodeGroups: { x: { instanceTypes: ["m6i.large"], minSize: 3, maxSize: 2 } } },
    };
    expect(thrown(() => build({ environments: [dev, qa] }))).toBe("environments[1].cluster.nodeGroups.x.minSize (3) must not exceed nodeGroups.x.maxSize (2)");
    expect(thrown(() => build({ environments: [{ ...dev, cluster: { ...dev.cluster, clusterName: "-bad" } }] }))).toMatch(
      /^environments\[0\]\.cluster\.clusterName "-bad" is invalid/,
    );
    expect(thrown(() => build({ environments: [{ ...dev, cluster: { ...dev.cluster, vpc: { cidr: "10.0.0.1/16" } } }] }))).toBe(
      `environments[0].cluster.vpc.cidr "10.0.0.1/16" is invalid: the address has host bits set for a /16: write the network address 10.0.0.0/16`,
    );
  });

  test("with the default output directory the state paths do not depend on the checkout", () => {
    const app = new App({ outdir: "cdktf.out", skipValidation: true });
    new Platform(app, { config: { environments: [dev] } });
    const stack = app.node.findChild("eks-dev") as TerraformStack;
    expect(stack.toTerraform().terraform.backend).toEqual({ local: { path: "../../../terraform.eks-dev.tfstate" } });
  });

  test("errors are ValidationErrors carrying the field apart from the message", () => {
    const error = caught(() => build({ environments: [{ ...dev, cluster: { ...dev.cluster, clusterName: "-bad" } }] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("environments[0].cluster.clusterName");
  });
});
