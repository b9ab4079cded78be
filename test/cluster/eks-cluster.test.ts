import { Token } from "cdktf";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { addresses, ofType, single, statementsOf, synthJson, testStack, validationErrorOf } from "../support/helpers";

const SUBNETS = { subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] };

function synthCluster(props: Partial<EksClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, ...props } as EksClusterProps);
  return { cluster, synth: synthJson(stack) };
}

function roleByName(synth: ReturnType<typeof synthJson>, name: string): [string, any] {
  const found = ofType(synth, "aws_iam_role").find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role named ${name}`);
  return found;
}

function attachmentsOf(synth: ReturnType<typeof synthJson>, roleId: string): string[] {
  return ofType(synth, "aws_iam_role_policy_attachment")
    .filter(([, a]) => a.role === `\${aws_iam_role.${roleId}.name}`)
    .map(([, a]) => a.policy_arn)
    .sort();
}

describe("EksCluster", () => {
  describe("control plane", () => {
    const { synth } = synthCluster();
    const [, cluster] = single(synth, "aws_eks_cluster");

    test("has a cluster role trusted by eks.amazonaws.com with AmazonEKSClusterPolicy", () => {
      const [roleId, role] = roleByName(synth, "demo-cluster");
      expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: "eks.amazonaws.com" });
      const [partitionId] = single(synth, "aws_partition", "data");
      expect(attachmentsOf(synth, roleId)).toEqual([`arn:\${data.aws_partition.${partitionId}.partition}:iam::aws:policy/AmazonEKSClusterPolicy`]);
      expect(cluster.role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    });

    test("keeps the private endpoint on and the public one open to 0.0.0.0/0 by default", () => {
      expect(cluster.name).toBe("demo");
      expect(cluster.version).toBe("1.35");
      expect(cluster.vpc_config).toEqual({
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: ["0.0.0.0/0"],
        subnet_ids: ["subnet-0123abcd", "subnet-4567abcd"],
      });
    });

    test("sends api, audit and authenticator logs by default", () => {
      expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator"]);
    });

    test("encrypts secrets with a rotating KMS key the cluster role may use", () => {
      const [keyId, key] = single(synth, "aws_kms_key");
      expect(key.enable_key_rotation).toBe(true);
      expect(cluster.encryption_config).toEqual({ provider: { key_arn: `\${aws_kms_key.${keyId}.arn}` }, resources: ["secrets"] });
      const [, policy] = single(synth, "aws_iam_role_policy");
      expect(statementsOf(policy.policy)[0].resources).toEqual([`\${aws_kms_key.${keyId}.arn}`]);
    });

    test("authenticates with access entries (API), without EKS's bootstrap admin, whose flag never replaces the cluster", () => {
      expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
      expect(cluster.lifecycle).toEqual({ ignore_changes: ["access_config[0].bootstrap_cluster_creator_admin_permissions"] });
    });
  });

  test("restricts the public endpoint to the given CIDRs, or turns it off", () => {
    const restricted = single(synthCluster({ publicAccessCidrs: ["203.0.113.0/24"] }).synth, "aws_eks_cluster")[1];
    expect(restricted.vpc_config.public_access_cidrs).toEqual(["203.0.113.0/24"]);
    const closed = single(synthCluster({ endpointPublicAccess: false }).synth, "aws_eks_cluster")[1];
    expect(closed.vpc_config.endpoint_public_access).toBe(false);
    expect(closed.vpc_config.public_access_cidrs).toBeUndefined();
  });

  test("uses a given KMS key instead of creating one", () => {
    const { synth } = synthCluster({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" });
    expect(ofType(synth, "aws_kms_key")).toHaveLength(0);
    expect(single(synth, "aws_eks_cluster")[1].encryption_config.provider.key_arn).toBe("arn:aws:kms:eu-west-1:123456789012:key/abc");
  });

  test("gives each admin principal an access entry with AmazonEKSClusterAdminPolicy, named after the principal", () => {
    const { synth } = synthCluster({
      authenticationMode: "API_AND_CONFIG_MAP",
      adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:user/alice"],
    });
    expect(single(synth, "aws_eks_cluster")[1].access_config.authentication_mode).toBe("API_AND_CONFIG_MAP");
    // Besides the cluster creator's entry (test/cluster/access-entries.test.ts).
    const entries = ofType(synth, "aws_eks_access_entry").filter(([id]) => !id.includes("cluster-creator"));
    expect(entries.map(([id]) => id).join(" ")).toMatch(/admin-123456789012-role-platform-admin/);
    expect(entries.map(([, e]) => e.principal_arn).sort()).toEqual(["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:user/alice"]);
    const associations = ofType(synth, "aws_eks_access_policy_association").filter(([id]) => !id.includes("cluster-creator"));
    expect(associations).toHaveLength(2);
    for (const [, a] of associations) {
      expect(a.policy_arn).toMatch(/:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
      expect(a.access_scope).toEqual({ type: "cluster" });
    }
  });

  describe("node groups", () => {
    const { synth } = synthCluster({
      nodeGroups: {
        system: { minSize: 2, maxSize: 4, labels: { role: "system" }, taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }] },
        spot: { capacityType: "SPOT", instanceTypes: ["m6i.large", "m5.large"], diskSizeGib: 80, minSize: 0, maxSize: 10, desiredSize: 1 },
      },
    });

    test("the node role has the worker and ECR policies but not the CNI policy", () => {
      const [roleId, role] = roleByName(synth, "demo-node");
      expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: "ec2.amazonaws.com" });
      const policies = attachmentsOf(synth, roleId).map((arn) => arn.split("/").pop());
      expect(policies).toEqual(["AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy"]);
    });

    test("every launch template requires IMDSv2 with hop limit 1, so pods cannot reach the instance profile", () => {
      const templates = ofType(synth, "aws_launch_template");
      expect(templates).toHaveLength(2);
      for (const [, t] of templates) {
        expect(t.metadata_options).toEqual({ http_endpoint: "enabled", http_put_response_hop_limit: 1, http_tokens: "required" });
      }
    });

    test("without tags, no empty tag blocks; with tags, instances and volumes get them, instanceTags on instances only", () => {
      for (const [, t] of ofType(synth, "aws_launch_template")) {
        expect(t.tags).toBeUndefined();
        expect(t.tag_specifications).toBeUndefined();
      }
      for (const [, g] of ofType(synth, "aws_eks_node_group")) expect(g.tags).toBeUndefined();
      const tagged = synthCluster({
        tags: { Team: "platform" },
        instanceTags: { Environment: "dev", Team: "ignored" },
        nodeGroups: { web: { tags: { Tier: "web" } } },
      }).synth;
      const [, template] = single(tagged, "aws_launch_template");
      const launched = { Environment: "dev", Team: "platform", Tier: "web" };
      expect(template.tag_specifications).toEqual([
        { resource_type: "instance", tags: launched },
        { resource_type: "volume", tags: launched },
      ]);
      expect(template.tags).toEqual({ Team: "platform", Tier: "web" });
      expect(single(tagged, "aws_eks_node_group")[1].tags).toEqual({ Team: "platform", Tier: "web" });
    });

    test("are keyed by name, with their sizes, capacity, labels, taints and disk", () => {
      const groups = Object.fromEntries(ofType(synth, "aws_eks_node_group").map(([id, g]) => [g.node_group_name, { id, g }]));
      expect(Object.keys(groups).sort()).toEqual(["spot", "system"]);
      expect(groups.system.id).toMatch(/node-group-system/);
      expect(groups.system.g.scaling_config).toEqual({ min_size: 2, max_size: 4, desired_size: 2 });
      expect(groups.system.g.capacity_type).toBe("ON_DEMAND");
      expect(groups.system.g.labels).toEqual({ role: "system" });
      expect(groups.system.g.taint).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
      expect(groups.spot.g.capacity_type).toBe("SPOT");
      expect(groups.spot.g.instance_types).toEqual(["m6i.large", "m5.large"]);
      expect(groups.spot.g.scaling_config).toEqual({ min_size: 0, max_size: 10, desired_size: 1 });
      const [, spotTemplate] = ofType(synth, "aws_launch_template").find(([id]) => id.includes("spot"))!;
      expect(spotTemplate.block_device_mappings[0].ebs.volume_size).toBe(80);
      expect(groups.spot.g.launch_template.id).toMatch(/^\$\{aws_launch_template\..*spot.*\.id\}$/);
      expect(groups.spot.g.lifecycle.ignore_changes).toEqual(["scaling_config[0].desired_size"]);
    });
  });

  describe("add-ons", () => {
    const { synth } = synthCluster({ podIdentityAgent: true, addonVersions: { vpcCni: "v1.20.0-eksbuild.1" } });
    const addons = Object.fromEntries(ofType(synth, "aws_eks_addon").map(([id, a]) => [a.addon_name, { id, a }]));

    test("installs vpc-cni, coredns, kube-proxy and, when asked, eks-pod-identity-agent", () => {
      expect(Object.keys(addons).sort()).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
      expect(addons["vpc-cni"].a.addon_version).toBe("v1.20.0-eksbuild.1");
    });

    test("binds vpc-cni to an IRSA role for kube-system/aws-node with AmazonEKS_CNI_Policy", () => {
      const [roleId] = roleByName(synth, "demo-vpc-cni");
      expect(addons["vpc-cni"].a.service_account_role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
      expect(attachmentsOf(synth, roleId).map((arn) => arn.split("/").pop())).toEqual(["AmazonEKS_CNI_Policy"]);
      const trust = { statement: statementsOf(roleByName(synth, "demo-vpc-cni")[1].assume_role_policy) };
      const sub = trust.statement[0].condition.find((c: any) => c.variable.endsWith(":sub"));
      expect(sub.values).toEqual(["system:serviceaccount:kube-system:aws-node"]);
      // EKS manages aws-node: no second Kubernetes service account for it.
      expect(ofType(synth, "kubernetes_service_account_v1")).toHaveLength(0);
    });

    test("orders vpc-cni before the nodes and coredns after them", () => {
      const [groupId, group] = single(synth, "aws_eks_node_group");
      expect(group.depends_on).toContain(`aws_eks_addon.${addons["vpc-cni"].id}`);
      expect(addons.coredns.a.depends_on).toEqual([`aws_eks_node_group.${groupId}`]);
    });
  });

  test("creates a VPC when asked instead of taking subnets", () => {
    const { stack } = testStack();
    const cluster = new EksCluster(stack, "eks", { clusterName: "demo", vpc: { cidr: "10.3.0.0/16" } });
    const synth = synthJson(stack);
    expect(cluster.vpc).toBeDefined();
    const subnetIds = single(synth, "aws_eks_cluster")[1].vpc_config.subnet_ids;
    expect(subnetIds).toHaveLength(2);
    for (const id of subnetIds) expect(id).toMatch(/^\$\{aws_subnet\..*private.*\.id\}$/);
  });

  describe("Pod Identity first: a cluster without IRSA", () => {
    const build = (props: Partial<EksClusterProps>) => {
      const { stack } = testStack();
      const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, ...props } as EksClusterProps);
      return { stack, cluster };
    };

    test("has no OIDC provider; vpc-cni and the catalogue's add-ons default to Pod Identity, so the agent is installed", () => {
      const { stack, cluster } = build({ enableIrsa: false, addons: { ebsCsiDriver: {} } });
      const synth = synthJson(stack);
      expect(cluster.oidcProvider).toBeUndefined();
      expect(ofType(synth, "aws_iam_openid_connect_provider")).toEqual([]);
      expect(ofType(synth, "tls_certificate", "data")).toEqual([]);
      const addons = Object.fromEntries(ofType(synth, "aws_eks_addon").map(([, a]) => [a.addon_name, a]));
      expect(Object.keys(addons).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
      expect(addons["aws-ebs-csi-driver"].pod_identity_association).toEqual([
        { role_arn: expect.stringMatching(/ebs-csi-driver/), service_account: "ebs-csi-controller-sa" },
      ]);
      // The vpc-cni role trusts Pod Identity only, pinned to the cluster and kube-system/aws-node.
      const [statement, ...others] = statementsOf(roleByName(synth, "demo-vpc-cni")[1].assume_role_policy);
      expect(others).toEqual([]);
      expect(statement.principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
      expect(statement.condition).toContainEqual({ test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["aws-node"] });
    });

    test("a binding that needs IRSA fails at synth, saying why; Pod Identity bindings work", () => {
      const { cluster } = build({ enableIrsa: false });
      expect(() => cluster.addServiceAccount("reader", { serviceAccounts: [{ namespace: "apps", name: "reader" }], createServiceAccounts: false })).toThrow(
        'mechanism "irsa" is invalid: cluster demo is set up without IRSA (enableIrsa false), so it has no IAM OIDC provider: use mechanism "podIdentity", or set enableIrsa true',
      );
      expect(() =>
        cluster.addServiceAccount("writer", {
          serviceAccounts: [{ namespace: "apps", name: "writer" }],
          createServiceAccounts: false,
          mechanism: "podIdentity",
        }),
      ).not.toThrow();
    });

    test("vpc-cni can use Pod Identity on a cluster with IRSA too, which keeps its provider", () => {
      const { stack } = build({ vpcCniMechanism: "podIdentity" });
      const synth = synthJson(stack);
      expect(ofType(synth, "aws_iam_openid_connect_provider")).toHaveLength(1);
      const vpcCni = ofType(synth, "aws_eks_addon").find(([, a]) => a.addon_name === "vpc-cni")![1];
      expect(vpcCni.pod_identity_association).toHaveLength(1);
      expect(vpcCni.service_account_role_arn).toBeUndefined();
    });

    test("fails when an OIDC provider setting comes without IRSA, vpc-cni asks for IRSA without it, or for Pod Identity without the agent", () => {
      expect(() =>
        build({ enableIrsa: false, existingOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" }),
      ).toThrow(
        'existingOidcProviderArn "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" is invalid: enableIrsa is false, so the cluster has no IAM OIDC provider: leave it out, or set enableIrsa true',
      );
      expect(() => build({ enableIrsa: false, oidcExtraClientIds: ["argo"] })).toThrow(/^oidcExtraClientIds \["argo"\] is invalid: enableIrsa is false/);
      expect(() => build({ enableIrsa: false, vpcCniMechanism: "irsa" })).toThrow(
        'vpcCniMechanism "irsa" is invalid: enableIrsa is false, so the cluster has no IAM OIDC provider: use "podIdentity"',
      );
      expect(() => build({ vpcCniMechanism: "podIdentity", podIdentityAgent: false })).toThrow(
        /^vpcCniMechanism "Pod Identity" is invalid: cluster test\/eks is set not to install the eks-pod-identity-agent add-on \(podIdentityAgent false\)/,
      );
      expect(() => build({ enableIrsa: false, addons: { ebsCsiDriver: { mechanism: "irsa" } } })).toThrow(
        /^addons.ebsCsiDriver.mechanism "irsa" is invalid: cluster demo is set up without IRSA/,
      );
    });
  });

  describe("IAM guardrails: a boundary, path and tags on every role", () => {
    const BOUNDARY = "arn:aws:iam::123456789012:policy/platform-boundary";
    const OTHER = "arn:aws:iam::123456789012:policy/karpenter-boundary";
    const ZONE = "arn:aws:route53:::hostedzone/Z0EXAMPLE";
    // Karpenter's node role is named after the cluster resource's name (a reference).
    const KARPENTER_NODE_ROLE = "KarpenterNodeRole-${aws_eks_cluster.eks_cluster_55B0C966.name}";
    const guarded = (props: Partial<EksClusterProps>) => {
      const { stack } = testStack();
      const cluster = new EksCluster(stack, "eks", {
        clusterName: "demo",
        ...SUBNETS,
        tags: { Team: "platform" },
        addons: { ebsCsiDriver: {}, externalDns: { hostedZoneArns: [ZONE], roleSettings: { tags: { Owner: "dns" } } }, karpenter: {} },
        ...props,
      } as EksClusterProps);
      cluster.addServiceAccount("reader", { serviceAccounts: [{ namespace: "apps", name: "reader" }], createServiceAccounts: false });
      return synthJson(stack);
    };
    const defaults = { permissionsBoundary: BOUNDARY, path: "/platform/", tags: { Guardrail: "boundary" } };
    const synth = guarded({
      roleDefaults: defaults,
      clusterRoleSettings: { path: "/platform/eks/" },
      addons: {
        ebsCsiDriver: {},
        externalDns: { hostedZoneArns: [ZONE], roleSettings: { tags: { Owner: "dns" } } },
        karpenter: { nodeRoleSettings: { permissionsBoundary: OTHER } },
      },
    });
    const roles: Record<string, any> = Object.fromEntries(ofType(synth, "aws_iam_role").map(([, r]) => [r.name, r]));

    test("every role the cluster creates, and a workload role bound to it, carries the boundary (Karpenter's node role its own)", () => {
      expect(Object.keys(roles).sort()).toEqual([
        KARPENTER_NODE_ROLE,
        "demo-cluster",
        "demo-ebs-csi-driver",
        "demo-external-dns",
        "demo-karpenter",
        "demo-node",
        "demo-vpc-cni",
        "test_reader",
      ]);
      for (const [name, role] of Object.entries(roles)) {
        expect([name, role.permissions_boundary]).toEqual([name, name === KARPENTER_NODE_ROLE ? OTHER : BOUNDARY]);
      }
    });

    test("the path is the default unless a role overrides it, and tags are merged: cluster tags, defaults, the role's own", () => {
      expect(roles["demo-cluster"].path).toBe("/platform/eks/");
      for (const name of ["demo-node", "demo-vpc-cni", "demo-external-dns", KARPENTER_NODE_ROLE, "test_reader"])
        expect([name, roles[name].path]).toEqual([name, "/platform/"]);
      expect(roles["demo-node"].tags).toEqual({ Team: "platform", Guardrail: "boundary" });
      expect(roles["demo-external-dns"].tags).toMatchObject({ Team: "platform", Guardrail: "boundary", Owner: "dns" });
      expect(roles.test_reader.tags).toMatchObject({ Guardrail: "boundary", ServiceAccountName: "reader" });
    });

    test("a workload role's own boundary, path and tags win over the cluster's defaults", () => {
      const { stack } = testStack();
      const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, roleDefaults: defaults });
      cluster.addServiceAccount("reader", {
        serviceAccounts: [{ namespace: "apps", name: "reader" }],
        createServiceAccounts: false,
        permissionsBoundary: OTHER,
        path: "/apps/",
        tags: { Guardrail: "own" },
      });
      const reader = ofType(synthJson(stack), "aws_iam_role").find(([, r]) => r.name === "test_reader")![1];
      expect([reader.permissions_boundary, reader.path, reader.tags.Guardrail]).toEqual([OTHER, "/apps/", "own"]);
    });

    test("without settings no role has a boundary or a path, as before", () => {
      for (const [, role] of ofType(guarded({}), "aws_iam_role")) {
        expect(role.permissions_boundary).toBeUndefined();
        expect(role.path).toBeUndefined();
      }
    });

    test("adding a boundary renames nothing (plan stability)", () => {
      expect(addresses(guarded({ roleDefaults: { permissionsBoundary: BOUNDARY } }))).toEqual(addresses(guarded({})));
    });

    test("fails when a boundary, path or tag of the settings is invalid, naming the field", () => {
      expect(() => guarded({ roleDefaults: { permissionsBoundary: "platform-boundary" } })).toThrow(
        /^roleDefaults.permissionsBoundary "platform-boundary" is invalid: expected an IAM policy ARN/,
      );
      expect(() => guarded({ nodeRoleSettings: { path: "/no-end" } })).toThrow(/^nodeRoleSettings.path "\/no-end" is invalid/);
      expect(() => guarded({ addons: { externalDns: { hostedZoneArns: [ZONE], roleSettings: { path: "x" } } } })).toThrow(
        /^addons.externalDns.roleSettings.path "x" is invalid/,
      );
      expect(() => guarded({ addons: { karpenter: { nodeRoleSettings: { permissionsBoundary: "x" } } } })).toThrow(
        /^addons.karpenter.nodeRoleSettings.permissionsBoundary "x" is invalid/,
      );
    });
  });

  describe("bad input", () => {
    const make = (props: Partial<EksClusterProps>) => () => synthCluster(props);

    test("fails when the cluster name is invalid", () => {
      expect(make({ clusterName: "-bad" })).toThrow(
        `clusterName "-bad" is invalid: an EKS cluster name has 1-100 characters, starts with a letter or digit, then letters, digits, '-' or '_'`,
      );
      expect(make({ clusterName: "a".repeat(101) })).toThrow(/clusterName "a{101}" is invalid/);
      expect(make({ clusterName: "has space" })).toThrow(/clusterName "has space" is invalid/);
      expect(make({ clusterName: "" })).toThrow(/clusterName "" is invalid/);
    });

    test("fails when neither subnets nor a VPC are given, naming a real field", () => {
      expect(make({ subnetIds: undefined })).toThrow(
        "subnetIds is missing: give subnetIds (at least two, in two zones) to use your own network, or vpc options to create one",
      );
      expect(validationErrorOf(() => synthCluster({ subnetIds: undefined })).field).toBe("subnetIds");
    });

    test("fails when both subnets and a VPC are given", () => {
      expect(make({ vpc: {} })).toThrow("subnetIds and vpc are both set: give subnetIds to use your own network, or vpc to create one, not both");
    });

    test("fails when fewer than two subnets are given", () => {
      expect(make({ subnetIds: ["subnet-0123abcd"] })).toThrow(
        'subnetIds ["subnet-0123abcd"] is invalid: EKS needs at least two subnets in two availability zones',
      );
    });

    test("fails when a subnet ID is malformed or listed twice", () => {
      expect(make({ subnetIds: ["subnet-0123abcd", "subnet-a"] })).toThrow(
        'subnetIds[1] "subnet-a" is invalid: expected a subnet ID subnet-<8 or 17 hex digits>',
      );
      expect(make({ subnetIds: ["subnet-0123abcd", "subnet-0123456789abcdef0", "subnet-0123abcd"] })).toThrow(
        'subnetIds[2] "subnet-0123abcd" is invalid: it repeats entry [0]: list each value once',
      );
    });

    test("fails when a public access CIDR is not an IPv4 CIDR block, the list is empty, or a block is listed twice", () => {
      expect(make({ publicAccessCidrs: ["203.0.113.0"] })).toThrow(
        'publicAccessCidrs[0] "203.0.113.0" is invalid: expected an IPv4 CIDR block a.b.c.d/n with n from 0 to 32',
      );
      expect(make({ publicAccessCidrs: ["203.0.113.7/24"] })).toThrow(
        'publicAccessCidrs[0] "203.0.113.7/24" is invalid: the address has host bits set for a /24: write the network address 203.0.113.0/24',
      );
      expect(make({ publicAccessCidrs: [] })).toThrow("publicAccessCidrs [] is invalid: give at least one CIDR block");
      expect(make({ publicAccessCidrs: ["203.0.113.0/24", "203.0.113.0/24"] })).toThrow(
        /publicAccessCidrs\[1\] "203.0.113.0\/24" is invalid: it repeats entry \[0\]/,
      );
      expect(make({ publicAccessCidrs: ["203.0.113.0/24", "198.51.100.0/24"] })).not.toThrow();
    });

    test("fails when the KMS key ARN is not a KMS key ARN, an alias included", () => {
      expect(make({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/eks" })).toThrow(
        'kmsKeyArn "arn:aws:kms:eu-west-1:123456789012:alias/eks" is invalid: expected a KMS key ARN arn:<partition>:kms:<region>:<12-digit account>:key/<key id>; an alias ARN does not grant use of its key',
      );
      expect(make({ kmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" })).toThrow(
        /^kmsKeyArn "1234abcd-12ab-34cd-56ef-1234567890ab" is invalid: expected a KMS key ARN/,
      );
      expect(make({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" })).not.toThrow();
    });

    test("fails when an add-on version is not an EKS add-on version", () => {
      expect(make({ addonVersions: { coreDns: "1.11.4" } })).toThrow(
        'addonVersions.coreDns "1.11.4" is invalid: expected an EKS add-on version such as v1.19.2-eksbuild.1',
      );
      expect(make({ addonVersions: { vpcCni: "v1.19.0-eksbuild.1" } })).not.toThrow();
    });

    test("fails when a log type is listed twice", () => {
      expect(make({ logTypes: ["api", "api"] })).toThrow('logTypes[1] "api" is invalid: it repeats entry [0]: list each value once');
    });

    test("fails when the existing OIDC provider ARN is not one, or comes with extra client IDs or thumbprints", () => {
      expect(make({ existingOidcProviderArn: "arn:aws:iam::123456789012:role/x" })).toThrow(
        'existingOidcProviderArn "arn:aws:iam::123456789012:role/x" is invalid: expected an IAM OIDC provider ARN',
      );
      const existingOidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
      expect(make({ existingOidcProviderArn, oidcExtraClientIds: ["argo"] })).toThrow(
        "oidcExtraClientIds and existingOidcProviderArn are both set: the extra client IDs and thumbprints apply to a provider the cluster creates; set them on the existing provider instead",
      );
      expect(make({ existingOidcProviderArn, oidcExtraThumbprints: ["a".repeat(40)] })).toThrow(
        /^oidcExtraThumbprints and existingOidcProviderArn are both set/,
      );
    });

    test("fails when an extra OIDC client ID is empty or listed twice, or a thumbprint is not 40 hex characters, under the cluster's field names", () => {
      expect(make({ oidcExtraClientIds: [""] })).toThrow('oidcExtraClientIds[0] "" is invalid: an OIDC client ID (audience) has 1-255 characters');
      expect(make({ oidcExtraClientIds: ["argo", "argo"] })).toThrow('oidcExtraClientIds[1] "argo" is invalid: it repeats entry [0]: list each value once');
      expect(make({ oidcExtraThumbprints: ["abc"] })).toThrow(
        'oidcExtraThumbprints[0] "abc" is invalid: a thumbprint is a SHA-1 fingerprint of 40 hex characters',
      );
      expect(make({ oidcExtraThumbprints: ["a".repeat(40), "a".repeat(40)] })).toThrow(/^oidcExtraThumbprints\[1\] "a{40}" is invalid: it repeats entry \[0\]/);
    });

    test("skips values only known at apply time", () => {
      const ref = Token.asString({ Ref: "x" });
      expect(
        make({ kmsKeyArn: ref, subnetIds: [ref, "subnet-0123abcd"], publicAccessCidrs: [ref], kubernetesVersion: ref, addonVersions: { kubeProxy: ref } }),
      ).not.toThrow();
    });

    test("fails when fewer than two availability zones are asked for", () => {
      expect(make({ subnetIds: undefined, vpc: { azCount: 1 } })).toThrow("vpc.azCount 1 is invalid: must be a whole number from 2 to 6");
      expect(make({ subnetIds: undefined, vpc: { availabilityZones: ["eu-west-1a"] } })).toThrow(
        'vpc.availabilityZones ["eu-west-1a"] is invalid: EKS needs at least two availability zones',
      );
    });

    test("fails when a node group's minSize exceeds maxSize", () => {
      expect(make({ nodeGroups: { web: { minSize: 5, maxSize: 2 } } })).toThrow("nodeGroups.web.minSize (5) must not exceed nodeGroups.web.maxSize (2)");
    });

    test("fails when a node group's desiredSize lies outside min and max", () => {
      expect(make({ nodeGroups: { web: { minSize: 1, maxSize: 3, desiredSize: 4 } } })).toThrow(
        "nodeGroups.web.desiredSize (4) must lie between minSize (1) and maxSize (3)",
      );
      expect(make({ nodeGroups: { web: { minSize: 2, maxSize: 3, desiredSize: 1 } } })).toThrow(/desiredSize \(1\) must lie between/);
    });

    test("fails when a log type is unknown", () => {
      expect(make({ logTypes: ["api", "kubelet" as never] })).toThrow(
        'logTypes[1] "kubelet" is invalid: allowed values are api, audit, authenticator, controllerManager, scheduler',
      );
    });

    test("fails when the authentication mode, capacity type or taint effect is unknown", () => {
      expect(make({ authenticationMode: "CONFIG_MAP" as never })).toThrow(
        'authenticationMode "CONFIG_MAP" is invalid: allowed values are API, API_AND_CONFIG_MAP',
      );
      expect(make({ nodeGroups: { web: { capacityType: "RESERVED" as never } } })).toThrow(/nodeGroups.web.capacityType "RESERVED" is invalid/);
      expect(make({ nodeGroups: { web: { taints: [{ key: "k", effect: "NoSchedule" as never }] } } })).toThrow(
        /nodeGroups.web.taints\[0\].effect "NoSchedule" is invalid: allowed values are NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE/,
      );
    });

    test("fails when the Kubernetes version or a node group name is malformed", () => {
      expect(make({ kubernetesVersion: "v1.30" })).toThrow(
        'kubernetesVersion "v1.30" is invalid: expected a Kubernetes version "1.<minor>", for example "1.35"',
      );
      expect(make({ nodeGroups: { "bad name": {} } })).toThrow(
        `nodeGroups key "bad name" is invalid: a node group name has 1-63 letters, digits, '-' or '_', starting with a letter or digit`,
      );
    });

    test("fails when an admin principal is not an IAM role or user ARN", () => {
      expect(make({ adminPrincipalArns: ["alice"] })).toThrow('adminPrincipalArns[0] "alice" is invalid: expected an IAM role or user ARN');
      expect(make({ adminPrincipalArns: ["arn:aws:iam::123456789012:group/admins"] })).toThrow(
        /^adminPrincipalArns\[0\] "arn:aws:iam::123456789012:group\/admins" is invalid/,
      );
    });

    test("fails when an admin principal is an assumed-role session, and suggests the role's ARN", () => {
      expect(make({ adminPrincipalArns: ["arn:aws:sts::123456789012:assumed-role/Admin/alice"] })).toThrow(
        'adminPrincipalArns[0] "arn:aws:sts::123456789012:assumed-role/Admin/alice" is invalid: an assumed-role session ARN names a session, not an IAM principal: give the role\'s ARN, arn:aws:iam::123456789012:role/<path/>Admin',
      );
    });

    test("fails when an admin principal is listed twice, or only known at apply time", () => {
      const admin = "arn:aws:iam::123456789012:role/Admin";
      expect(make({ adminPrincipalArns: [admin, admin] })).toThrow(`adminPrincipalArns[1] "${admin}" is invalid: it repeats entry [0]: list each value once`);
      expect(make({ adminPrincipalArns: [admin, Token.asString({ Ref: "x" })] })).toThrow(
        "adminPrincipalArns[1] is a reference only known at apply time: give literal ARNs, since each names its access entry",
      );
    });
  });
});
