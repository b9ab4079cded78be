import { Token } from "cdktf";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import type { AccessEntry } from "../../modules/cluster/access-entries";
import { addresses, ofType, single, synthJson, testStack } from "../support/helpers";

const SUBNETS = { subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] };
const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const DEV = "arn:aws:iam::123456789012:role/teams/orders-dev";
const AUDITOR = "arn:aws:iam::123456789012:user/auditor";

function synthCluster(props: Partial<EksClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, ...props } as EksClusterProps);
  return { cluster, synth: synthJson(stack) };
}

type Synth = ReturnType<typeof synthJson>;

/** The access entries and their policies, by principal, as EKS would list them. */
function accessOf(synth: Synth): Record<string, { type: string; groups?: string[]; userName?: string; policies: Record<string, any> }> {
  const out: Record<string, any> = {};
  const byId: Record<string, string> = {};
  for (const [id, e] of ofType(synth, "aws_eks_access_entry")) {
    out[e.principal_arn] = {
      type: e.type,
      ...(e.kubernetes_groups ? { groups: e.kubernetes_groups } : {}),
      ...(e.user_name ? { userName: e.user_name } : {}),
      policies: {},
    };
    byId[`\${aws_eks_access_entry.${id}.principal_arn}`] = e.principal_arn;
  }
  for (const [, a] of ofType(synth, "aws_eks_access_policy_association")) {
    const principal = byId[a.principal_arn] ?? a.principal_arn;
    out[principal].policies[a.policy_arn.split("/").pop()] = a.access_scope;
  }
  return out;
}

const ENTRIES: AccessEntry[] = [
  {
    principalArn: DEV,
    kubernetesGroups: ["orders-developers"],
    userName: "orders-dev:{{SessionName}}",
    policies: [
      { policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["orders", "orders-*"] },
      { policy: "AmazonEKSViewPolicy", scope: "cluster" },
    ],
  },
  { principalArn: AUDITOR, policies: [{ policy: "AmazonEKSAdminViewPolicy", scope: "cluster" }] },
];

describe("EksCluster access entries", () => {
  describe("per principal: type, groups, user name, and access policies scoped to the cluster or to namespaces", () => {
    const { synth, cluster } = synthCluster({ accessEntries: ENTRIES, adminPrincipalArns: [ADMIN] });
    const access = accessOf(synth);

    test("each policy has its own scope: the cluster, or the listed namespaces (with EKS's * patterns)", () => {
      expect(access[DEV]).toEqual({
        type: "STANDARD",
        groups: ["orders-developers"],
        userName: "orders-dev:{{SessionName}}",
        policies: {
          AmazonEKSEditPolicy: { type: "namespace", namespaces: ["orders", "orders-*"] },
          AmazonEKSViewPolicy: { type: "cluster" },
        },
      });
      expect(access[AUDITOR]).toEqual({ type: "STANDARD", policies: { AmazonEKSAdminViewPolicy: { type: "cluster" } } });
    });

    test("adminPrincipalArns is the short form of a cluster-admin entry, named as before", () => {
      expect(access[ADMIN]).toEqual({ type: "STANDARD", policies: { AmazonEKSClusterAdminPolicy: { type: "cluster" } } });
      const ids = ofType(synth, "aws_eks_access_entry").map(([id]) => id);
      expect(ids).toContainEqual(expect.stringMatching(/^eks_admin-123456789012-role-platform-admin_/));
    });

    test("construct IDs come from the principal and the policy, and the cluster exposes the entries by principal", () => {
      const ids = ofType(synth, "aws_eks_access_policy_association").map(([id]) => id.replace(/_[0-9A-F]{8}$/, ""));
      expect(ids.sort()).toEqual([
        "eks_access-entry-123456789012-role-teams-orders-dev-AmazonEKSEditPolicy",
        "eks_access-entry-123456789012-role-teams-orders-dev-AmazonEKSViewPolicy",
        "eks_access-entry-123456789012-user-auditor-AmazonEKSAdminViewPolicy",
        "eks_admin-123456789012-role-platform-admin-policy",
        "eks_cluster-creator-policy",
      ]);
      expect(Object.keys(cluster.accessEntries).sort()).toEqual([ADMIN, DEV, AUDITOR].sort());
    });

    test("the access resources, as synthesized", () => {
      expect({
        entries: Object.fromEntries(ofType(synth, "aws_eks_access_entry")),
        policies: Object.fromEntries(ofType(synth, "aws_eks_access_policy_association")),
      }).toMatchSnapshot();
    });

    test("node roles get a node type, without groups, user name or policies", () => {
      const nodes = synthCluster({ accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/self-managed-nodes", type: "EC2_LINUX" }] }).synth;
      expect(accessOf(nodes)["arn:aws:iam::123456789012:role/self-managed-nodes"]).toEqual({ type: "EC2_LINUX", policies: {} });
    });
  });

  describe("the cluster creator", () => {
    test("by default: no bootstrap admin, an ordinary entry with AmazonEKSClusterAdminPolicy, only for a cluster created without the bootstrap admin", () => {
      const { synth, cluster } = synthCluster();
      const [clusterId, eks] = single(synth, "aws_eks_cluster");
      expect(eks.access_config.bootstrap_cluster_creator_admin_permissions).toBe(false);
      const [entryId, entry] = single(synth, "aws_eks_access_entry");
      const [, policy] = single(synth, "aws_eks_access_policy_association");
      const onlyWithoutBootstrap = `\${aws_eks_cluster.${clusterId}.access_config[0].bootstrap_cluster_creator_admin_permissions ? 0 : 1}`;
      expect(entry.count).toBe(onlyWithoutBootstrap);
      expect(policy.count).toBe(onlyWithoutBootstrap);
      const [sessionId, session] = single(synth, "aws_iam_session_context", "data");
      const [callerId] = single(synth, "aws_caller_identity", "data");
      expect(session.arn).toBe(`\${data.aws_caller_identity.${callerId}.arn}`);
      expect(entry.principal_arn).toBe(`\${data.aws_iam_session_context.${sessionId}.issuer_arn}`);
      expect(policy.principal_arn).toBe(entry.principal_arn);
      expect(policy.policy_arn).toMatch(/:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
      expect(policy.access_scope).toEqual({ type: "cluster" });
      expect(policy.depends_on).toEqual([`aws_eks_access_entry.${entryId}`]);
      // Whoever runs Terraform later, the entry stays the creator's.
      expect(entry.lifecycle).toEqual({ ignore_changes: ["principal_arn"] });
      expect(policy.lifecycle).toEqual({ ignore_changes: ["principal_arn"] });
      expect(cluster.creatorAccessEntry).toBeDefined();
    });

    test("with a principal listed, a creator listed too fails at plan instead of as a duplicate at apply", () => {
      const { synth } = synthCluster({ adminPrincipalArns: [ADMIN] });
      const creator = ofType(synth, "aws_eks_access_entry").find(([id]) => id.includes("cluster-creator"))![1];
      expect(creator.lifecycle.postcondition).toEqual([
        {
          condition: `\${!contains(["${ADMIN}"], self.principal_arn)}`,
          error_message: expect.stringMatching(
            /^clusterCreatorAccess: the cluster creator \$\{self.principal_arn\} has an entry in accessEntries or adminPrincipalArns too/,
          ),
        },
      ]);
    });

    test('"accessEntry" always makes the entry: for moving a cluster off the bootstrap admin (with an import)', () => {
      const { synth } = synthCluster({ clusterCreatorAccess: "accessEntry" });
      expect(single(synth, "aws_eks_access_entry")[1].count).toBeUndefined();
      expect(single(synth, "aws_eks_access_policy_association")[1].count).toBeUndefined();
      expect(single(synth, "aws_eks_cluster")[1].access_config.bootstrap_cluster_creator_admin_permissions).toBe(false);
    });

    test('"bootstrap" is EKS\'s bootstrap admin, "none" no access: neither makes an entry or looks up the caller', () => {
      for (const [mode, flag] of [
        ["bootstrap", true],
        ["none", false],
      ] as const) {
        const { synth, cluster } = synthCluster({ clusterCreatorAccess: mode });
        expect(single(synth, "aws_eks_cluster")[1].access_config.bootstrap_cluster_creator_admin_permissions).toBe(flag);
        expect(ofType(synth, "aws_eks_access_entry")).toEqual([]);
        expect(ofType(synth, "aws_iam_session_context", "data")).toEqual([]);
        expect(cluster.creatorAccessEntry).toBeUndefined();
      }
    });

    test("switching the creator's access never replaces the cluster: the flag is ignored after creation", () => {
      for (const mode of ["bootstrap", "none", "accessEntry", undefined] as const) {
        expect(single(synthCluster({ clusterCreatorAccess: mode }).synth, "aws_eks_cluster")[1].lifecycle).toEqual({
          ignore_changes: ["access_config[0].bootstrap_cluster_creator_admin_permissions"],
        });
      }
    });
  });

  describe("plan stability", () => {
    test("adding an access entry, or a policy to one, renames nothing", () => {
      const before = addresses(synthCluster({ accessEntries: [ENTRIES[1]], adminPrincipalArns: [ADMIN] }).synth);
      const added = addresses(synthCluster({ accessEntries: [ENTRIES[0], ENTRIES[1]], adminPrincipalArns: [ADMIN] }).synth);
      // The entry and its two policies.
      expect(added.filter((a) => !before.includes(a))).toHaveLength(3);
      expect(before.filter((a) => !added.includes(a))).toEqual([]);
      const morePolicies = addresses(
        synthCluster({
          accessEntries: [{ ...ENTRIES[1], policies: [{ policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["a"] }, ...ENTRIES[1].policies!] }],
          adminPrincipalArns: [ADMIN],
        }).synth,
      );
      expect(before.filter((a) => !morePolicies.includes(a))).toEqual([]);
    });
  });

  describe("bad input", () => {
    const make =
      (accessEntries: AccessEntry[], props: Partial<EksClusterProps> = {}) =>
      () =>
        synthCluster({ accessEntries, ...props });

    test("fails when a principal is listed twice, in accessEntries or beside adminPrincipalArns", () => {
      expect(make([{ principalArn: DEV }, { principalArn: DEV }])).toThrow(
        `accessEntries[1].principalArn "${DEV}" is invalid: accessEntries[0] names it already: EKS gives a principal one access entry per cluster; give it every policy in one entry`,
      );
      expect(make([{ principalArn: ADMIN }], { adminPrincipalArns: [ADMIN] })).toThrow(
        `accessEntries[0].principalArn "${ADMIN}" is invalid: adminPrincipalArns[0] names it already`,
      );
    });

    test("fails when a principal is an assumed-role session, and gives the role's ARN", () => {
      expect(make([{ principalArn: "arn:aws:sts::123456789012:assumed-role/Admin/alice" }])).toThrow(
        'accessEntries[0].principalArn "arn:aws:sts::123456789012:assumed-role/Admin/alice" is invalid: an assumed-role session ARN names a session, not an IAM principal: give the role\'s ARN, arn:aws:iam::123456789012:role/<path/>Admin',
      );
    });

    test("fails when a namespace scope has no namespaces, or a cluster scope has some", () => {
      expect(make([{ principalArn: DEV, policies: [{ policy: "AmazonEKSEditPolicy", scope: "namespace" }] }])).toThrow(
        'accessEntries[0].policies[0].namespaces [] is invalid: a "namespace" scope needs at least one namespace: list them, or use scope "cluster" for every namespace',
      );
      expect(make([{ principalArn: DEV, policies: [{ policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: [] }] }])).toThrow(
        /^accessEntries\[0\].policies\[0\].namespaces \[\] is invalid: a "namespace" scope needs at least one namespace/,
      );
      expect(make([{ principalArn: DEV, policies: [{ policy: "AmazonEKSViewPolicy", scope: "cluster", namespaces: ["orders"] }] }])).toThrow(
        'accessEntries[0].policies[0].namespaces ["orders"] is invalid: a "cluster" scope covers every namespace: leave namespaces out, or use scope "namespace"',
      );
    });

    test("fails when a policy is associated twice, is not an EKS access policy, or a namespace is malformed", () => {
      expect(
        make([
          {
            principalArn: DEV,
            policies: [
              { policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["a"] },
              { policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["b"] },
            ],
          },
        ]),
      ).toThrow(
        'accessEntries[0].policies[1].policy "AmazonEKSEditPolicy" is invalid: policies[0] associates it already: each policy is associated once, with one scope (list its namespaces together)',
      );
      expect(make([{ principalArn: DEV, policies: [{ policy: "Edit" as never, scope: "cluster" }] }])).toThrow(
        /^accessEntries\[0\].policies\[0\].policy "Edit" is invalid: did you mean AmazonEKSEditPolicy\? give an EKS access policy by its AWS name: /,
      );
      expect(make([{ principalArn: DEV, policies: [{ policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["Orders"] }] }])).toThrow(
        /^accessEntries\[0\].policies\[0\].namespaces\[0\] "Orders" is invalid: a namespace is a DNS-1123 label/,
      );
    });

    test("fails when a node entry has groups, a user name, policies or a user ARN", () => {
      const nodes = "arn:aws:iam::123456789012:role/nodes";
      expect(make([{ principalArn: nodes, type: "EC2_LINUX", kubernetesGroups: ["ops"] }])).toThrow(
        'accessEntries[0].kubernetesGroups ["ops"] is invalid: EKS sets the Kubernetes identity of a EC2_LINUX entry itself: give kubernetesGroups to STANDARD entries only',
      );
      expect(make([{ principalArn: nodes, type: "FARGATE_LINUX", userName: "x" }])).toThrow(
        /^accessEntries\[0\].userName "x" is invalid: EKS sets the Kubernetes identity/,
      );
      expect(make([{ principalArn: nodes, type: "EC2_LINUX", policies: [{ policy: "AmazonEKSViewPolicy", scope: "cluster" }] }])).toThrow(
        'accessEntries[0].policies ["AmazonEKSViewPolicy"] is invalid: EKS associates access policies with STANDARD and EC2 entries only (it grants EC2_LINUX entries what nodes need)',
      );
      expect(make([{ principalArn: AUDITOR, type: "HYBRID_LINUX" }])).toThrow(
        `accessEntries[0].principalArn "${AUDITOR}" is invalid: a HYBRID_LINUX entry is for the IAM role of nodes: give a role ARN, or make it a STANDARD entry`,
      );
      expect(make([{ principalArn: nodes, type: "EC2", policies: [{ policy: "AmazonEKSAutoNodePolicy", scope: "cluster" }] }])).not.toThrow();
      expect(make([{ principalArn: nodes, type: "EC2_MAC" as never }])).toThrow(
        /^accessEntries\[0\].type "EC2_MAC" is invalid: allowed values are STANDARD, EC2, /,
      );
    });

    test("fails when a group is a system: group, or a user name is reserved or puts {{SessionName}} before any ':'", () => {
      expect(make([{ principalArn: DEV, kubernetesGroups: ["system:masters"] }])).toThrow(
        'accessEntries[0].kubernetesGroups[0] "system:masters" is invalid: group names starting with system: are Kubernetes\' own (system:masters would bypass every access policy): bind your own group with RBAC',
      );
      expect(make([{ principalArn: DEV, userName: "eks:admin" }])).toThrow(
        'accessEntries[0].userName "eks:admin" is invalid: a user name may not start with system:, eks:, aws:, amazon:, iam:: EKS reserves them',
      );
      expect(make([{ principalArn: DEV, userName: "dev{{SessionName}}" }])).toThrow(
        "accessEntries[0].userName \"dev{{SessionName}}\" is invalid: a user name with {{SessionName}} or {{SessionNameRaw}} needs a ':' before it, for example admin:{{SessionName}}",
      );
    });

    test("fails when a principal is only known at apply time (it names the entry), or the creator's access is unknown", () => {
      expect(make([{ principalArn: Token.asString({ Ref: "x" }) }])).toThrow(
        "accessEntries[0].principalArn is a reference only known at apply time: give literal ARNs, since each names its access entry",
      );
      expect(() => synthCluster({ clusterCreatorAccess: "creator" as never })).toThrow(
        'clusterCreatorAccess "creator" is invalid: allowed values are accessEntry, bootstrap, none',
      );
    });
  });
});
