import { TerraformVariable, Token, ref } from "cdktf";
import { resolveAddonPreset } from "../../modules/addons/catalogue";
import { checkPolicyStatements } from "../../modules/iam/policy-check";
import { WorkloadRole, type WorkloadRoleProps } from "../../modules/identity/workload-role";
import { ClusterOidcProvider, type IOidcProvider } from "../../modules/identity/oidc-provider";
import { fakeCluster, ofType, single, statementsOf, synthJson, testStack, trustOf } from "../support/helpers";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const BLUE: IOidcProvider = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };
const GREEN_HOST = "oidc.eks.us-east-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210";
const GREEN: IOidcProvider = {
  arn: `arn:aws:iam::123456789012:oidc-provider/${GREEN_HOST}`,
  issuerUrl: `https://${GREEN_HOST}`,
  issuerHost: GREEN_HOST,
};

function synthRole(props: Partial<WorkloadRoleProps> = {}, id = "reader") {
  const { stack } = testStack("workloads");
  const role = new WorkloadRole(stack, id, {
    oidcProviders: [BLUE],
    serviceAccounts: [{ namespace: "apps", name: "reader" }],
    ...props,
  });
  return { role, synth: synthJson(stack) };
}

function trustStatements(synth: ReturnType<typeof synthJson>): any[] {
  return trustOf(synth);
}

describe("WorkloadRole", () => {
  test("trusts exactly one service account through the cluster's OIDC provider, with sub and aud", () => {
    const { role, synth } = synthRole();
    const [statement] = trustStatements(synth);
    expect(statement).toEqual({
      actions: ["sts:AssumeRoleWithWebIdentity"],
      effect: "Allow",
      principals: [{ type: "Federated", identifiers: [BLUE.arn] }],
      condition: [
        { test: "StringEquals", variable: `${HOST}:sub`, values: ["system:serviceaccount:apps:reader"] },
        { test: "StringEquals", variable: `${HOST}:aud`, values: ["sts.amazonaws.com"] },
      ],
    });
    expect(role.subjects).toEqual(["system:serviceaccount:apps:reader"]);
    // IAM JSON in the role itself, as IAM stores it: no data source, no white space.
    const [, iamRole] = single(synth, "aws_iam_role");
    expect(ofType(synth, "aws_iam_policy_document", "data")).toEqual([]);
    expect(iamRole.assume_role_policy).toBe(role.trustPolicy);
    expect(iamRole.assume_role_policy).toBe(
      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${BLUE.arn}"},"Action":"sts:AssumeRoleWithWebIdentity",` +
        `"Condition":{"StringEquals":{"${HOST}:sub":"system:serviceaccount:apps:reader","${HOST}:aud":"sts.amazonaws.com"}}}]}`,
    );
  });

  test("builds the condition keys in Terraform when the issuer is only known at apply time", () => {
    const { stack } = testStack();
    const provider = new ClusterOidcProvider(stack, "oidc", { issuerUrl: "https://oidc.example" });
    new WorkloadRole(stack, "r", { oidcProviders: [provider], serviceAccounts: [{ namespace: "a", name: "b" }] });
    const synth = synthJson(stack);
    const [providerId] = single(synth, "aws_iam_openid_connect_provider");
    const [statement] = trustStatements(synth);
    const host = `\${replace(aws_iam_openid_connect_provider.${providerId}.url, "https://", "")}`;
    expect(statement.condition.map((c: any) => c.variable)).toEqual([`${host}:sub`, `${host}:aud`]);
    expect(statement.principals[0].identifiers).toEqual([`\${aws_iam_openid_connect_provider.${providerId}.arn}`]);
  });

  test("several providers make one statement each, every one with sub and aud", () => {
    const { synth } = synthRole({
      oidcProviders: [BLUE, GREEN],
      serviceAccounts: [
        { namespace: "apps", name: "a" },
        { namespace: "jobs", name: "b" },
      ],
    });
    const statements = trustStatements(synth);
    expect(statements.map((s) => s.principals[0].identifiers[0])).toEqual([BLUE.arn, GREEN.arn]);
    for (const s of statements) {
      const keys = s.condition.map((c: any) => c.variable.split(":").pop());
      expect(keys).toEqual(["sub", "aud"]);
      expect(s.condition[0].values).toEqual(["system:serviceaccount:apps:a", "system:serviceaccount:jobs:b"]);
    }
  });

  test("StringLike, when asked for, applies to sub only and allows wildcards; aud stays StringEquals", () => {
    const { synth } = synthRole({ subjectMatch: "StringLike", serviceAccounts: [{ namespace: "team-*", name: "runner-?" }] }, "runners");
    const [statement] = trustStatements(synth);
    expect(statement.condition).toEqual([
      { test: "StringLike", variable: `${HOST}:sub`, values: ["system:serviceaccount:team-*:runner-?"] },
      { test: "StringEquals", variable: `${HOST}:aud`, values: ["sts.amazonaws.com"] },
    ]);
    const [, role] = single(synth, "aws_iam_role");
    expect(role.name).toBe("workloads_runners"); // no wildcard in a role name
    expect(role.tags.ServiceAccountName).toBe("runner-_");
  });

  test("derives a role name from the stack and its construct path, and tags the service account", () => {
    const { synth } = synthRole({}, "apps_reader");
    const [, role] = single(synth, "aws_iam_role");
    expect(role.name).toBe("workloads_apps_reader");
    expect(role.tags).toEqual({ ServiceAccountNameSpace: "apps", ServiceAccountName: "reader" });
    expect(role.description).toBe("IRSA role for apps/reader");
  });

  test("derives distinct names for subjects that differ only in where '-' splits them", () => {
    const { stack } = testStack("workloads");
    const a = new WorkloadRole(stack, "a-b_c", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "a-b", name: "c" }] });
    const b = new WorkloadRole(stack, "a_b-c", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "a", name: "b-c" }] });
    const c = new WorkloadRole(stack, "a_b.c", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "a", name: "b.c" }] });
    const names = ofType(synthJson(stack), "aws_iam_role").map(([, r]) => r.name);
    expect(names.sort()).toEqual(["workloads_a-b_c", "workloads_a_b-c", "workloads_a_b.c"]);
    expect([a, b, c].every((r) => typeof r.name === "string")).toBe(true);
  });

  test("trusts a cluster's OIDC provider given as the cluster, before further providers", () => {
    const cluster = fakeCluster({ oidcIssuerUrl: BLUE.issuerUrl, oidcProvider: BLUE });
    const { synth } = synthRole({ oidcProviders: [GREEN], cluster });
    expect(trustStatements(synth).map((s) => s.principals[0].identifiers[0])).toEqual([BLUE.arn, GREEN.arn]);
  });

  test("shortens a long derived name to 64 characters with a hash", () => {
    const { synth } = synthRole({ serviceAccounts: [{ namespace: "n".repeat(40), name: "s".repeat(40) }] }, `${"n".repeat(40)}_${"s".repeat(40)}`);
    const [, role] = single(synth, "aws_iam_role");
    expect(role.name).toHaveLength(64);
    expect(role.name).toMatch(/^workloads_n+_s+-[0-9a-f]{8}$/);
  });

  test("passes name, path, description, boundary, session duration and tags through", () => {
    const { synth } = synthRole({
      roleName: "custom-role",
      path: "/irsa/",
      description: "reads reports",
      permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
      maxSessionDuration: 7200,
      tags: { Team: "data" },
    });
    const [, role] = single(synth, "aws_iam_role");
    expect(role).toMatchObject({
      name: "custom-role",
      path: "/irsa/",
      description: "reads reports",
      permissions_boundary: "arn:aws:iam::123456789012:policy/boundary",
      max_session_duration: 7200,
      tags: { Team: "data", ServiceAccountNameSpace: "apps", ServiceAccountName: "reader" },
    });
  });

  test("attaches managed policies one resource each, inline policies by name and a policy from statements", () => {
    const { synth, role } = synthRole({
      managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team/custom"],
      // A reference (a token): what policyArnsByKey is for.
      policyArnsByKey: { dynamic: Token.asString(ref("aws_iam_policy.other.arn")) },
      inlinePolicies: { "list-clusters": [{ actions: ["eks:ListClusters"], resources: ["*"] }] },
      policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-bucket/*"] }],
    });
    const [roleId] = single(synth, "aws_iam_role");
    const attachments = ofType(synth, "aws_iam_role_policy_attachment");
    expect(attachments.map(([id]) => id.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
      "reader_attach-AmazonS3ReadOnlyAccess",
      "reader_attach-dynamic",
      "reader_attach-policy",
      "reader_attach-team-custom",
    ]);
    for (const [, a] of attachments) expect(a.role).toBe(`\${aws_iam_role.${roleId}.name}`);
    const [, inline] = single(synth, "aws_iam_role_policy");
    expect(inline.name).toBe("list-clusters");
    const [policyId, policy] = single(synth, "aws_iam_policy");
    expect(policy.name).toBe("workloads_reader-policy");
    expect(attachments.find(([id]) => id.includes("attach-policy"))![1].policy_arn).toBe(`\${aws_iam_policy.${policyId}.arn}`);
    expect(statementsOf(policy.policy)).toEqual([{ actions: ["s3:GetObject"], effect: "Allow", resources: ["arn:aws:s3:::my-bucket/*"] }]);
    expect(statementsOf(inline.policy)).toEqual([expect.objectContaining({ actions: ["eks:ListClusters"] })]);
    expect(role.policy).toBeDefined();
  });

  test("takes a list only known at apply time as a whole list of resources, through the policy check", () => {
    const { stack } = testStack("workloads");
    const arns = new TerraformVariable(stack, "bucket_arns", { type: "list(string)" }).listValue;
    new WorkloadRole(stack, "reader", {
      oidcProviders: [BLUE],
      serviceAccounts: [{ namespace: "apps", name: "reader" }],
      policyStatements: [{ actions: ["s3:GetObject"], resources: arns }],
    });
    const [, policy] = single(synthJson(stack), "aws_iam_policy");
    expect(policy.policy).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":${jsonencode(var.bucket_arns)}}]}');
  });

  describe("permissions: the policy check and add-on policies", () => {
    const CLUSTER = fakeCluster({ oidcIssuerUrl: BLUE.issuerUrl, oidcProvider: BLUE });
    const warningsOf = (role: WorkloadRole): string[] => role.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));

    test("fails when an action does not exist, suggesting the nearest one, in policyStatements and inline policies", () => {
      expect(() => synthRole({ policyStatements: [{ actions: ["s3:GetObjekt"], resources: ["arn:aws:s3:::b/*"] }] })).toThrow(
        /^policyStatements\[0\]\.actions\[0\] "s3:GetObjekt" .*s3:GetObject/,
      );
      expect(() => synthRole({ inlinePolicies: { read: [{ actions: ["sqs:RecieveMessage"], resources: ["*"] }] } })).toThrow(
        /^inlinePolicies\.read\[0\]\.actions\[0\] "sqs:RecieveMessage" .*sqs:ReceiveMessage/,
      );
    });

    test("fails when a resource is not an ARN of the statement's services", () => {
      expect(() => synthRole({ policyStatements: [{ actions: ["s3:GetObject"], resources: ["my-bucket/*"] }] })).toThrow(
        /^policyStatements\[0\]\.resources\[0\] "my-bucket\/\*"/,
      );
    });

    test("takes an action the pinned catalogue does not list when extraIamActions names it", () => {
      const statements = [{ actions: ["s3:GetObjectFromTheFuture"], resources: ["arn:aws:s3:::b/*"] }];
      expect(() => synthRole({ policyStatements: statements })).toThrow(/s3:GetObjectFromTheFuture/);
      expect(() => synthRole({ policyStatements: statements, extraIamActions: ["s3:GetObjectFromTheFuture"] })).not.toThrow();
    });

    test("warns on the role about write actions granted on every resource", () => {
      const { role } = synthRole({ policyStatements: [{ actions: ["sqs:DeleteQueue"], resources: ["*"] }] });
      expect(warningsOf(role)).toEqual([expect.stringMatching(/^policyStatements\[0\]\.resources\[0\] "\*" grants write actions on every resource/)]);
    });

    test("fails when more managed policies are attached than the quota, which maxManagedPolicies raises up to IAM's maximum", () => {
      const managedPolicyArns = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::123456789012:policy/P${i}`);
      const statements = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }];
      expect(() => synthRole({ managedPolicyArns, policyStatements: statements })).toThrow(
        /^managedPolicyArns attach 11 managed policies to one role .* over the 10 allowed/,
      );
      expect(() => synthRole({ managedPolicyArns, policyStatements: statements, maxManagedPolicies: 11 })).not.toThrow();
      expect(() => synthRole({ managedPolicyArns, maxManagedPolicies: 26 })).toThrow(/^maxManagedPolicies 26 is invalid/);
    });

    test("makes one policy per add-on preset, named after the role and the preset, scoped to the cluster", () => {
      const { synth } = synthRole({ cluster: CLUSTER, oidcProviders: undefined, addonPolicies: { clusterAutoscaler: {} } });
      const [, policy] = single(synth, "aws_iam_policy");
      expect(policy.name).toBe("workloads_reader-clusterAutoscaler");
      const scale = statementsOf(policy.policy).find((st: any) => st.sid === "ScaleDiscoveredGroups");
      expect(JSON.stringify(scale.condition)).toContain("k8s.io/cluster-autoscaler/c");
      const [, attachment] = ofType(synth, "aws_iam_role_policy_attachment").find(([id]) => id.includes("attach-addon-clusterAutoscaler"))!;
      expect(attachment.policy_arn).toContain("aws_iam_policy.");
    });

    test("scopes add-on policies through an aws_arn data source of the cluster's ARN when it is only known at apply time", () => {
      const { stack } = testStack("workloads");
      const arn = new TerraformVariable(stack, "cluster_arn", { type: "string" }).stringValue;
      const role = new WorkloadRole(stack, "autoscaler", {
        cluster: fakeCluster({ arn, oidcProvider: BLUE }),
        serviceAccounts: [{ namespace: "kube-system", name: "autoscaler" }],
        addonPolicies: { clusterAutoscaler: {} },
      });
      const synth = synthJson(stack);
      const [arnId, data] = single(synth, "aws_arn", "data");
      expect(data.arn).toBe("${var.cluster_arn}");
      expect(role.presetContext?.region).toBeDefined();
      const [, policy] = single(synth, "aws_iam_policy");
      expect(JSON.stringify(statementsOf(policy.policy))).toContain(`\${data.aws_arn.${arnId}.partition}`);
    });

    test("attaches the AWS-managed policies a preset prescribes, once even when listed by the role too", () => {
      const { synth } = synthRole({
        cluster: CLUSTER,
        oidcProviders: undefined,
        managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
        addonPolicies: { cloudWatchObservability: {} },
      });
      expect(ofType(synth, "aws_iam_policy")).toEqual([]);
      expect(
        ofType(synth, "aws_iam_role_policy_attachment")
          .map(([, a]) => a.policy_arn)
          .sort(),
      ).toEqual(["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]);
    });

    test("warns at synth when the role grants no permissions at all", () => {
      const { role } = synthRole();
      expect(warningsOf(role)).toEqual([
        "the role grants no permissions: give it managedPolicyArns, policyArnsByKey, inlinePolicies, policyStatements or addonPolicies, or remove the binding",
      ]);
      expect(warningsOf(synthRole({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }).role)).toEqual([]);
    });

    test("does not warn about the write actions on every resource that a preset's upstream policy grants", () => {
      const { role } = synthRole({ cluster: CLUSTER, oidcProviders: undefined, addonPolicies: { loadBalancerController: {} } });
      expect(warningsOf(role)).toEqual([]);
      // ... which it does grant: the same statements checked on their own are warned about.
      const ctx = { partition: "aws", region: "eu-west-1", accountId: "123456789012", clusterName: "c" };
      expect(checkPolicyStatements("s", resolveAddonPreset("loadBalancerController", {}, ctx).statements).length).toBeGreaterThan(0);
    });

    test("fails when add-on policies have no cluster to scope them to", () => {
      expect(() => synthRole({ addonPolicies: { clusterAutoscaler: {} } })).toThrow(/^cluster is missing: addonPolicies scope their ARNs/);
    });

    test("fails when an add-on preset is unknown or its inputs are bad, naming the field", () => {
      expect(() => synthRole({ cluster: CLUSTER, oidcProviders: undefined, addonPolicies: { externalDNS: {} } as never })).toThrow(
        /^addonPolicies "externalDNS" is invalid: known add-on presets are/,
      );
      expect(() => synthRole({ cluster: CLUSTER, oidcProviders: undefined, addonPolicies: { externalDns: { hostedZoneArns: ["Z1"] } } })).toThrow(
        /^addonPolicies\.externalDns\.hostedZoneArns\[0\] "Z1" is invalid/,
      );
    });
  });

  describe("bad input", () => {
    test("fails when the subject list is empty", () => {
      expect(() => synthRole({ serviceAccounts: [] })).toThrow("serviceAccounts [] is invalid: give at least one service account { namespace, name }");
    });

    test("fails when no OIDC provider is given", () => {
      expect(() => synthRole({ oidcProviders: [] })).toThrow(
        "oidcProviders [] is invalid: IRSA needs the cluster, or the OIDC provider of at least one cluster in oidcProviders",
      );
    });

    test("fails when an OIDC provider entry is missing, with how to give one", () => {
      const unset = fakeCluster({ oidcIssuerUrl: "u" });
      // What a consumer passes from a cluster without a provider: [cluster.oidcProvider].
      expect(() => synthRole({ oidcProviders: [unset as any].map((c) => c.oidcProvider) })).toThrow(
        /^oidcProviders\[0\] undefined: give an IOidcProvider \{ arn, issuerUrl, issuerHost \}, from new ClusterOidcProvider/,
      );
      expect(() => synthRole({ oidcProviders: [BLUE, {} as IOidcProvider] })).toThrow(/^oidcProviders\[1\] is not an OIDC provider/);
      expect(() => synthRole({ oidcProviders: undefined, cluster: unset })).toThrow(/^cluster has no OIDC provider: IRSA needs/);
    });

    test("fails when the same provider is trusted twice", () => {
      const cluster = fakeCluster({ oidcIssuerUrl: BLUE.issuerUrl, oidcProvider: BLUE });
      expect(() => synthRole({ cluster, oidcProviders: [GREEN, BLUE] })).toThrow(
        `oidcProviders "${BLUE.arn}" is given twice (in cluster and oidcProviders together)`,
      );
      expect(() => synthRole({ oidcProviders: [BLUE, BLUE] })).toThrow(`oidcProviders "${BLUE.arn}" is given twice (in oidcProviders)`);
      // A provider only known at apply time: the same reference twice.
      const { stack } = testStack("workloads");
      const created = new ClusterOidcProvider(stack, "oidc", { issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" });
      const withCreated = fakeCluster({ oidcIssuerUrl: created.issuerUrl, oidcProvider: created });
      expect(() => new WorkloadRole(stack, "r", { cluster: withCreated, oidcProviders: [created], serviceAccounts: [{ namespace: "a", name: "b" }] })).toThrow(
        "oidcProviders the same provider reference is given twice (in cluster and oidcProviders together)",
      );
    });

    test("fails when a namespace is not a DNS-1123 label", () => {
      expect(() => synthRole({ serviceAccounts: [{ namespace: "Apps", name: "x" }] })).toThrow(
        `serviceAccounts[0].namespace "Apps" is invalid: a namespace is a DNS-1123 label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit`,
      );
      expect(() => synthRole({ serviceAccounts: [{ namespace: "a".repeat(64), name: "x" }] })).toThrow(/namespace "a{64}" is invalid/);
    });

    test("fails when a service account name is not a DNS-1123 subdomain", () => {
      expect(() => synthRole({ serviceAccounts: [{ namespace: "apps", name: "under_score" }] })).toThrow(
        /serviceAccounts\[0\].name "under_score" is invalid: a service account name is a DNS-1123 subdomain/,
      );
      expect(() => synthRole({ serviceAccounts: [{ namespace: "apps", name: "a".repeat(254) }] })).toThrow(/name "a{195}\.\.\." is invalid/);
    });

    test("fails when the same namespace/name is declared twice", () => {
      expect(() =>
        synthRole({
          serviceAccounts: [
            { namespace: "apps", name: "x" },
            { namespace: "apps", name: "x" },
          ],
        }),
      ).toThrow('serviceAccounts[1] "apps/x" is invalid: entry [0] is the same service account: list each once');
    });

    test("fails when a wildcard is used without StringLike, and says how to ask for it", () => {
      expect(() => synthRole({ serviceAccounts: [{ namespace: "apps", name: "*" }] })).toThrow(
        /serviceAccounts\[0\].name "\*" is invalid: .*'\*' and '\?' are wildcards only with subjectMatch "StringLike"/,
      );
      expect(() => synthRole({ serviceAccounts: [{ namespace: "team-*", name: "x" }] })).toThrow(/serviceAccounts\[0\].namespace "team-\*" is invalid/);
    });

    test("fails when two roles of a stack get the same name, given or derived, ignoring case", () => {
      const { stack } = testStack("workloads");
      new WorkloadRole(stack, "one", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "apps", name: "reader" }], roleName: "Shared" });
      expect(
        () => new WorkloadRole(stack, "two", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "apps", name: "writer" }], roleName: "shared" }),
      ).toThrow(
        'roleName "shared" is already the name of the role at workloads/one (spelled "Shared"): IAM role names are unique in an account (ignoring case)',
      );
      new WorkloadRole(stack, "apps_x", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "apps", name: "x" }] });
      expect(
        () => new WorkloadRole(stack, "four", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "apps", name: "y*" }], subjectMatch: "StringLike" }),
      ).not.toThrow();
      expect(
        () => new WorkloadRole(stack, "five", { oidcProviders: [BLUE], serviceAccounts: [{ namespace: "other", name: "y" }], roleName: "workloads_apps_x" }),
      ).toThrow(/roleName "workloads_apps_x" is already the name of the role at workloads\/apps_x/);
    });

    test("fails when a preset's ARN input holds a wildcard wider than upstream's policy, unless acknowledged; then the policy is tagged for the review", () => {
      const cluster = fakeCluster({ oidcProvider: BLUE });
      const everyRole = "arn:aws:iam::123456789012:role/*";
      expect(() => synthRole({ cluster, oidcProviders: undefined, addonPolicies: { karpenter: { nodeRoleArns: [everyRole] } } })).toThrow(
        `addonPolicies.karpenter.nodeRoleArns[0] "${everyRole}" is invalid: the wildcard makes the preset wider than upstream's policy, which names the one KarpenterNodeRole its template creates: ` +
          "name the resources, or set acknowledgeWideningWildcards true to accept it (the access review then lists it as wider than upstream)",
      );
      const { synth } = synthRole({
        cluster,
        oidcProviders: undefined,
        addonPolicies: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/*"], acknowledgeWideningWildcards: true } },
      });
      const [, policy] = single(synth, "aws_iam_policy");
      expect(policy.tags).toMatchObject({ AddonPreset: "externalDns", AddonWiderThanUpstream: "hostedZoneArns" });
    });

    test("fails when the role name is over 64 characters or has characters IAM refuses", () => {
      expect(() => synthRole({ roleName: "r".repeat(65) })).toThrow(
        `roleName "${"r".repeat(65)}" is invalid: an IAM role name has 1-64 characters from letters, digits and '+=,.@_-'`,
      );
      expect(() => synthRole({ roleName: "bad/name" })).toThrow(/roleName "bad\/name" is invalid/);
    });

    test("fails when the trust policy would exceed IAM's 2048-character quota", () => {
      const many = Array.from({ length: 40 }, (_, i) => ({ namespace: "apps", name: `service-account-${i}` }));
      expect(() => synthRole({ serviceAccounts: many })).toThrow(
        /serviceAccounts \(40 subjects, 1 providers, mechanism irsa\) make a trust policy of about \d+ characters, over the 2048 allowed: IAM's quota "Role trust policy length"/,
      );
      // The same role fits once the quota is raised and declared.
      expect(() => synthRole({ serviceAccounts: many, maxTrustPolicyLength: 4096 })).not.toThrow();
    });

    test("fails when the path, session duration or a policy statement is invalid", () => {
      expect(() => synthRole({ path: "irsa" })).toThrow(/path "irsa" is invalid/);
      expect(() => synthRole({ maxSessionDuration: 60 })).toThrow("maxSessionDuration 60 is invalid: must be a whole number from 3600 to 43200");
      expect(() => synthRole({ policyStatements: [{ actions: [], resources: ["*"] }] })).toThrow(
        "policyStatements[0].actions [] is invalid: a statement needs at least one action",
      );
      expect(() => synthRole({ managedPolicyArns: ["AmazonS3ReadOnlyAccess"] })).toThrow(/managedPolicyArns\[0\] "AmazonS3ReadOnlyAccess" is invalid/);
    });

    test("fails when a managed policy ARN is not an IAM policy ARN of a known partition, by the shared ARN rule", () => {
      expect(() => synthRole({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:role/ReadOnlyAccess"] })).toThrow(
        'managedPolicyArns[1] "arn:aws:iam::aws:role/ReadOnlyAccess" is invalid: expected an IAM policy ARN arn:<partition>:iam::<aws or 12-digit account>:policy/<path/><name>',
      );
      expect(() => synthRole({ managedPolicyArns: ["arn:aws-mars:iam::aws:policy/ReadOnlyAccess"] })).toThrow(
        /managedPolicyArns\[0\] "arn:aws-mars:iam::aws:policy\/ReadOnlyAccess" is invalid/,
      );
    });
  });
});
