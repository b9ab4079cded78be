import { EksCluster, EksClusterProps } from "../modules/eks-cluster";
import { ofType, single, synthJson, testStack } from "./helpers";

const SUBNETS = { subnetIds: ["subnet-a", "subnet-b"] };

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
        subnet_ids: ["subnet-a", "subnet-b"],
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
      expect(JSON.parse(policy.policy).Statement[0].Resource).toBe(`\${aws_kms_key.${keyId}.arn}`);
    });

    test("authenticates with access entries (API) and bootstraps the creator as admin", () => {
      expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true });
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
    const entries = ofType(synth, "aws_eks_access_entry");
    expect(entries.map(([id]) => id).join(" ")).toMatch(/admin-123456789012-role-platform-admin/);
    expect(entries.map(([, e]) => e.principal_arn).sort()).toEqual([
      "arn:aws:iam::123456789012:role/platform-admin",
      "arn:aws:iam::123456789012:user/alice",
    ]);
    const associations = ofType(synth, "aws_eks_access_policy_association");
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
      const [, trust] = ofType(synth, "aws_iam_policy_document", "data").find(([id]) => id.includes("vpc-cni"))!;
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

    test("fails when neither subnets nor a VPC are given", () => {
      expect(make({ subnetIds: undefined })).toThrow("neither subnetIds nor vpc is set: give subnetIds (at least two, in two zones) or vpc options to create a network");
    });

    test("fails when both subnets and a VPC are given", () => {
      expect(make({ vpc: {} })).toThrow("subnetIds and vpc are both set: give subnetIds to use your own network, or vpc to create one, not both");
    });

    test("fails when fewer than two subnets are given", () => {
      expect(make({ subnetIds: ["subnet-a"] })).toThrow('subnetIds ["subnet-a"] is invalid: EKS needs at least two subnets in two availability zones');
    });

    test("fails when fewer than two availability zones are asked for", () => {
      expect(make({ subnetIds: undefined, vpc: { azCount: 1 } })).toThrow("vpc.azCount 1 is invalid: must be a whole number from 2 to 6");
      expect(make({ subnetIds: undefined, vpc: { availabilityZones: ["eu-west-1a"] } })).toThrow(
        "vpc.availabilityZones.length 1 is invalid: must be a whole number from 2 to 6",
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
      expect(make({ authenticationMode: "CONFIG_MAP" as never })).toThrow('authenticationMode "CONFIG_MAP" is invalid: allowed values are API, API_AND_CONFIG_MAP');
      expect(make({ nodeGroups: { web: { capacityType: "RESERVED" as never } } })).toThrow(/nodeGroups.web.capacityType "RESERVED" is invalid/);
      expect(make({ nodeGroups: { web: { taints: [{ key: "k", effect: "NoSchedule" as never }] } } })).toThrow(
        /nodeGroups.web.taints\[0\].effect "NoSchedule" is invalid: allowed values are NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE/,
      );
    });

    test("fails when the Kubernetes version or a node group name is malformed", () => {
      expect(make({ kubernetesVersion: "v1.30" })).toThrow('kubernetesVersion "v1.30" is invalid: expected 1.<minor>, for example "1.35"');
      expect(make({ nodeGroups: { "bad name": {} } })).toThrow(/nodeGroups key "bad name" is invalid/);
    });

    test("fails when an admin principal is not an IAM ARN", () => {
      expect(make({ adminPrincipalArns: ["alice"] })).toThrow('adminPrincipalArns "alice" is invalid: expected an IAM role or user ARN');
    });
  });
});
