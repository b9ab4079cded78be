import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Testing } from "cdktf";
import { EXAMPLE_PLATFORM_CONFIG_FILE, MAX_REPORTED_ERRORS, PACKAGE_ROOT, PlatformConfigSource } from "../../modules/platform/config-file";
import { configSchemas } from "../../modules/platform/config-schema";
import { ValidationError, ValidationErrors } from "../../modules/core/errors";
import { PROTO_KEY_ALLOWED } from "../../modules/core/naming";
import { Platform } from "../../modules/platform/platform";

const EXAMPLE_TEXT = readFileSync(EXAMPLE_PLATFORM_CONFIG_FILE, "utf8");
/** The example as a mutable object, to break in one place per test. */
const example = (): any => JSON.parse(EXAMPLE_TEXT);

/** What `body` throws, as ValidationErrors; fails when it throws nothing else. */
function errorsOf(body: () => unknown): ValidationErrors {
  try {
    body();
  } catch (error) {
    if (error instanceof ValidationErrors) return error;
    throw error;
  }
  throw new Error("expected ValidationErrors");
}

/** The error lines of a configuration given as text (or an object, written as two-space JSON). */
function problems(content: string | object): string[] {
  const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
  return errorsOf(() => PlatformConfigSource.parse(text, "platform.json")).errors.map((e) => e.message);
}

/** The error lines of a configuration, or none when it is valid. */
function errorsOrNone(content: object): string[] {
  try {
    PlatformConfigSource.parse(JSON.stringify(content, null, 2), "platform.json");
    return [];
  } catch (error) {
    if (error instanceof ValidationErrors) return error.errors.map((e) => e.message);
    if (error instanceof ValidationError) return [error.message];
    throw error;
  }
}

/** The only error line of a configuration; fails when there is not exactly one. */
function problem(content: string | object): string {
  const all = problems(content);
  expect(all).toHaveLength(1);
  return all[0];
}

/** The messages without their `file:line:column: `. */
function withoutPositions(messages: readonly string[]): string[] {
  return messages.map((m) => m.replace(/^platform\.json:\d+:\d+: /, ""));
}

/** The line (from 1) of the first line of `text` holding `snippet`. */
function lineOf(text: string, snippet: string): number {
  const line = text.split("\n").findIndex((l) => l.includes(snippet));
  if (line === -1) throw new Error(`${snippet} is not in the text`);
  return line + 1;
}

/** The example with one change made by `edit` (to a copy). */
function edited(edit: (config: any) => void): object {
  const config = example();
  edit(config);
  return config;
}

describe("the example configuration", () => {
  test("is read and checked, with the positions of its fields", () => {
    const source = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE);
    expect(source.config.environments.map((e) => e.name)).toEqual(["dev", "staging", "prod"]);
    const line = EXAMPLE_TEXT.split("\n").findIndex((l) => l.includes('"clusterName": "example-staging"')) + 1;
    expect(source.positionOf("environments[1].cluster.clusterName")).toEqual({
      line,
      column: EXAMPLE_TEXT.split("\n")[line - 1].indexOf('"example-staging"') + 1,
    });
  });

  test("lives in examples/platform/, named by EXAMPLE_PLATFORM_CONFIG_FILE, apart from the user's platform.json", () => {
    expect(EXAMPLE_PLATFORM_CONFIG_FILE).toBe(join(PACKAGE_ROOT, "examples", "platform", "platform.json"));
    expect(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")).toMatch(/"name": "cdktf-eks-irsa"/);
    expect(PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config.defaultTags).toEqual({ ManagedBy: "cdktf-eks-irsa" });
  });
});

describe("which file", () => {
  test("is platform.json in the project directory, unless EKS_IRSA_CONFIG names another", () => {
    expect(PlatformConfigSource.fileChoice({}, "/work/app")).toEqual({ file: resolve("/work/app/platform.json"), fromEnvironment: false });
    expect(PlatformConfigSource.fileChoice({ EKS_IRSA_CONFIG: "" }, "/work/app")).toEqual({ file: resolve("/work/app/platform.json"), fromEnvironment: false });
    expect(PlatformConfigSource.fileChoice({ EKS_IRSA_CONFIG: "envs/prod.json" }, "/work/app")).toEqual({
      file: resolve("/work/app/envs/prod.json"),
      fromEnvironment: true,
    });
  });
});

describe("JSON syntax and duplicate keys", () => {
  test("fails at the line and column of the first syntax error", () => {
    expect(problem('{\n  "environments": [\n    { "name": "dev" "region": "eu-west-1" }\n  ]\n}')).toBe(
      `platform.json:3:21: not valid JSON: expected ',' (found "\\"region\\"")`,
    );
  });

  test("fails when a comma trails the last entry, naming it", () => {
    expect(problem('{\n  "environments": [1, 2,]\n}')).toBe("platform.json:2:25: not valid JSON: a comma before ']' (JSON allows no trailing comma)");
  });

  test("fails when the file holds comments, single quotes or nothing", () => {
    expect(problem('// the platform\n{ "environments": [] }')).toBe(
      'platform.json:1:1: not valid JSON: comments are not allowed in JSON (found "// the platform")',
    );
    expect(problem("{ 'environments': [] }")).toMatch(/^platform\.json:1:3: not valid JSON: unexpected characters/);
    expect(problem("")).toBe("platform.json:1:1: not valid JSON: expected a value (found the end of the file)");
  });

  test("fails when a key is written twice, at the second one, saying JSON would keep only the last", () => {
    const text = EXAMPLE_TEXT.replace('"nodeGroups": {\n', '"nodeGroups": {\n          "default": { "minSize": 5 },\n');
    const first = lineOf(text, '"default": { "minSize": 5 }');
    expect(problem(text)).toBe(
      `platform.json:${first + 1}:11: environments[0].cluster.nodeGroups.default is written twice (first on line ${first}): JSON keeps only the last one and would ignore the first silently; remove or rename one`,
    );
  });

  test("fails when a __proto__ key would hide a field, where it is written", () => {
    const text = EXAMPLE_TEXT.replace('"$schema"', '"__proto__": { "stateBucket": "x" },\n  "$schema"');
    expect(problems(text)).toEqual([`platform.json:2:3: key "__proto__" is invalid: ${PROTO_KEY_ALLOWED}`]);
  });
});

describe("types, formats and ranges (every error at once, in the order of the file)", () => {
  test("fails when values have the wrong type, instead of turning them into something else", () => {
    const config = edited((c) => {
      const env = c.environments[0];
      env.cluster.clusterName = null;
      env.cluster.publicAccessCidrs = "203.0.113.0/24";
      env.cluster.tags = "abc";
      env.workloads[0].policyStatements[0].actions = "s3:GetObject";
      env.workloads[0].serviceAccounts[0].stsRegionalEndpoints = "false";
    });
    expect(withoutPositions(problems(config))).toEqual([
      "environments[0].cluster.clusterName null is invalid: expected a string",
      'environments[0].cluster.publicAccessCidrs "203.0.113.0/24" is invalid: expected a list [...]',
      'environments[0].cluster.tags "abc" is invalid: expected an object {...}',
      'environments[0].workloads[0].serviceAccounts[0].stsRegionalEndpoints "false" is invalid: expected true or false (without quotes)',
      'environments[0].workloads[0].policyStatements[0].actions "s3:GetObject" is invalid: expected a list [...]',
    ]);
  });

  test("fails when kubernetesVersion is a number, showing it as written", () => {
    const text = EXAMPLE_TEXT.replace('"clusterName": "example-dev",', '"clusterName": "example-dev",\n        "kubernetesVersion": 1.30,');
    expect(problem(text)).toBe(
      `platform.json:${lineOf(text, "1.30")}:30: environments[0].cluster.kubernetesVersion 1.30 is invalid: expected a string "1.<minor>" in quotes: a number loses trailing zeros (1.30 reads as 1.3)`,
    );
  });

  test("fails when a policy statement is in AWS's own format, with one error that says how to write it", () => {
    const config = edited((c) => (c.environments[0].workloads[0].policyStatements = [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]));
    expect(problem(config)).toMatch(
      /^platform\.json:\d+:\d+: environments\[0\]\.workloads\[0\]\.policyStatements\[0\] is in AWS's policy JSON format \(Effect, Action, Resource\): write it in this project's form \{ "effect": "Allow", "actions"/,
    );
  });

  test("fails when a key is unknown, suggesting the closest known one and listing the allowed ones", () => {
    const config = edited((c) => {
      c.stateBuckt = "acme";
      c.environments[0].regoin = "eu-west-1";
      c.environments[0].cluster.publicAccesCidrs = [];
      c.environments[0].workloads[0].serviceAccounts[0].createNamspace = true;
    });
    const all = withoutPositions(problems(config));
    expect(all).toHaveLength(4);
    expect(all[0]).toMatch(/^environments\[0\]\.cluster\.publicAccesCidrs is not a known field: did you mean publicAccessCidrs\?/);
    expect(all[1]).toMatch(/^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.createNamspace is not a known field: did you mean createNamespace\?/);
    expect(all[2]).toBe("environments[0].regoin is not a known field: did you mean region? (allowed: name, region, cluster, workloads)");
    expect(all[3]).toMatch(/^stateBuckt is not a known field: did you mean stateBucket\? \(allowed: \$schema, environments, stateBucket/);
  });

  test("fails when a required field is missing, saying what to give", () => {
    expect(problems({})).toEqual(["platform.json:1:1: environments is missing: give the environments, each synthesized into its own pair of stacks"]);
    const config = edited((c) => delete c.environments[0].region);
    // At the environment, which lacks it.
    expect(problem(config)).toBe(
      `platform.json:${lineOf(JSON.stringify(config, null, 2), '"name": "dev"') - 1}:5: environments[0].region is missing: give the AWS region, for example eu-west-1`,
    );
  });

  test("fails when a value is not one of an enum's", () => {
    const config = edited((c) => (c.environments[0].cluster.nodeGroups.default.capacityType = "spot"));
    expect(problem(config)).toMatch(/nodeGroups\.default\.capacityType "spot" is invalid: allowed values are ON_DEMAND, SPOT$/);
  });

  test("fails when a count or size is not a whole number in its range", () => {
    const config = edited((c) => {
      c.environments[0].cluster.vpc.azCount = 2.5;
      c.environments[0].cluster.nodeGroups.default.maxSize = 0;
      c.environments[0].cluster.nodeGroups.default.diskSizeGib = "50";
      c.environments[0].workloads[0].maxSessionDuration = 1;
      c.environments[0].workloads[0].serviceAccounts[0].tokenExpirationSeconds = 86401;
    });
    expect(problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: environments\[0\]\./, ""))).toEqual([
      "cluster.vpc.azCount 2.5 is invalid: must be a whole number from 2 to 6",
      "cluster.nodeGroups.default.maxSize 0 is invalid: must be a whole number from 1 to 1000",
      'cluster.nodeGroups.default.diskSizeGib "50" is invalid: must be a whole number from 1 to 16384',
      "workloads[0].serviceAccounts[0].tokenExpirationSeconds 86401 is invalid: must be a whole number from 3600 to 86400",
      "workloads[0].maxSessionDuration 1 is invalid: must be a whole number from 3600 to 43200",
    ]);
  });

  test("fails when the trust policy quota is set above IAM's maximum", () => {
    const config = edited((c) => (c.environments[0].workloads[0].maxTrustPolicyLength = 10000));
    expect(problem(config)).toMatch(/workloads\[0\]\.maxTrustPolicyLength 10000 is invalid: must be a whole number from 2048 to 4096$/);
  });

  test("fails when an ARN field holds another kind of ARN or no ARN, per field type", () => {
    const config = edited((c) => {
      c.environments[0].cluster.kmsKeyArn = "arn:aws:iam::123456789012:role/key";
      c.environments[0].cluster.adminPrincipalArns = ["arn:aws:iam::123456789012:group/admins"];
      c.environments[0].cluster.existingOidcProviderArn = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
      c.environments[0].workloads[0].managedPolicyArns = ["arn:aws:iam::aws:role/ReadOnlyAccess"];
      c.environments[0].workloads[0].permissionsBoundary = "Boundary";
      c.environments[0].workloads[0].mechanism = "both";
      c.environments[0].workloads[0].podIdentity = { targetRoleArn: "arn:aws:iam::12345:role/x" };
      c.environments[0].workloads[0].kube2iamNodeRoleArns = ["arn:aws:iam::123456789012:user/node"];
    });
    const all = problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: environments\[0\]\./, ""));
    expect(all).toEqual([
      'cluster.kmsKeyArn "arn:aws:iam::123456789012:role/key" is invalid: expected a KMS key ARN arn:<partition>:kms:<region>:<12-digit account>:key/<key id>; an alias ARN does not grant use of its key',
      'cluster.adminPrincipalArns[0] "arn:aws:iam::123456789012:group/admins" is invalid: expected an IAM role or user ARN arn:<partition>:iam::<12-digit account>:role/<path/><name> or :user/<path/><name>',
      'cluster.existingOidcProviderArn "oidc.eks.eu-west-1.amazonaws.com/id/ABC" is invalid: expected an IAM OIDC provider ARN arn:<partition>:iam::<12-digit account>:oidc-provider/<issuer host>',
      'workloads[0].managedPolicyArns[0] "arn:aws:iam::aws:role/ReadOnlyAccess" is invalid: expected an IAM policy ARN arn:<partition>:iam::<aws or 12-digit account>:policy/<path/><name>',
      'workloads[0].permissionsBoundary "Boundary" is invalid: expected an IAM policy ARN arn:<partition>:iam::<aws or 12-digit account>:policy/<path/><name>',
      'workloads[0].podIdentity.targetRoleArn "arn:aws:iam::12345:role/x" is invalid: expected an IAM role ARN arn:<partition>:iam::<12-digit account>:role/<path/><name>',
      'workloads[0].kube2iamNodeRoleArns[0] "arn:aws:iam::123456789012:user/node" is invalid: expected an IAM role ARN arn:<partition>:iam::<12-digit account>:role/<path/><name>',
    ]);
  });

  test("fails when an add-on is unknown, its inputs are bad, or a setting is not its kind's, reporting them at once", () => {
    const config = edited((c) => {
      c.environments[0].cluster.addons = {
        externalDNS: {},
        externalDns: { hostedZoneArns: ["Z0EXAMPLE"] },
        loadBalancerController: { version: "v2.8.0-eksbuild.1" },
        ebsCsiDriver: { mechanism: "both" },
      };
      c.environments[0].workloads[0].addonPolicies = { velero: { bucketArns: [] } };
    });
    const all = problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: environments\[0\]\./, ""));
    expect(all).toEqual([
      expect.stringMatching(/^cluster\.addons\.externalDNS is not a known field: did you mean externalDns\? \(allowed: loadBalancerController, /),
      "cluster.addons.externalDns.hostedZoneArns[0] \"Z0EXAMPLE\" is invalid: expected a Route 53 hosted zone ARN arn:<partition>:route53:::hostedzone/<zone id> ('*' and '?' match any characters)",
      "cluster.addons.loadBalancerController.version is not a known field (allowed: vpcId, mechanism, roleSettings, serviceAccount)",
      expect.stringMatching(/^cluster\.addons\.ebsCsiDriver\.mechanism "both" is invalid/),
      expect.stringMatching(/^workloads\[0\]\.addonPolicies\.velero\.bucketArns \[\] is invalid/),
    ]);
  });

  test("enables add-ons in a few lines, and a workload's role can take a preset", () => {
    const config = edited((c) => {
      c.environments[1].cluster.addons = { cloudWatchObservability: {}, efsCsiDriver: { mechanism: "podIdentity", version: "v2.1.0-eksbuild.1" } };
      c.environments[1].workloads[0].addonPolicies = {
        externalSecrets: { secretsManagerArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-*"] },
      };
    });
    expect(errorsOrNone(config)).toEqual([]);
  });

  test("fails when an admin principal is an assumed-role session or a KMS key is given by alias, with the constructs' messages", () => {
    const config = edited((c) => {
      c.environments[0].cluster.kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:alias/eks";
      c.environments[0].cluster.adminPrincipalArns = ["arn:aws:sts::123456789012:assumed-role/Admin/alice"];
      c.environments[0].cluster.subnetIds = ["subnet-0123abcd", "subnet-a"];
      delete c.environments[0].cluster.vpc;
    });
    expect(problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: environments\[0\]\./, ""))).toEqual([
      'cluster.kmsKeyArn "arn:aws:kms:eu-west-1:123456789012:alias/eks" is invalid: expected a KMS key ARN arn:<partition>:kms:<region>:<12-digit account>:key/<key id>; an alias ARN does not grant use of its key',
      'cluster.adminPrincipalArns[0] "arn:aws:sts::123456789012:assumed-role/Admin/alice" is invalid: an assumed-role session ARN names a session, not an IAM principal: give the role\'s ARN, arn:aws:iam::123456789012:role/<path/>Admin',
      'cluster.subnetIds[1] "subnet-a" is invalid: expected a subnet ID subnet-<8 or 17 hex digits>',
    ]);
  });

  test("fails when access entries break the constructs' rules, every error at once with the constructs' messages", () => {
    const dev = "arn:aws:iam::123456789012:role/orders-dev";
    const config = edited((c) => {
      c.environments[0].cluster.adminPrincipalArns = [dev];
      c.environments[0].cluster.accessEntries = [
        { principalArn: "arn:aws:sts::123456789012:assumed-role/Admin/alice" },
        { principalArn: dev, policies: [{ policy: "AmazonEKSEditPolicy", scope: "namespace" }] },
        { principalArn: "arn:aws:iam::123456789012:role/viewer", policies: [{ policy: "View", scope: "cluster" }] },
      ];
    });
    expect(problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: environments\[0\]\./, ""))).toEqual([
      'cluster.accessEntries[0].principalArn "arn:aws:sts::123456789012:assumed-role/Admin/alice" is invalid: an assumed-role session ARN names a session, not an IAM principal: give the role\'s ARN, arn:aws:iam::123456789012:role/<path/>Admin',
      // A relation of the whole cluster (adminPrincipalArns and accessEntries), placed at the entry that repeats a principal.
      `cluster.accessEntries[1].principalArn "${dev}" is invalid: adminPrincipalArns[0] names it already: EKS gives a principal one access entry per cluster; give it every policy in one entry`,
      'cluster.accessEntries[1].policies[0].namespaces [] is invalid: a "namespace" scope needs at least one namespace: list them, or use scope "cluster" for every namespace',
      expect.stringMatching(
        /^cluster\.accessEntries\[2\]\.policies\[0\]\.policy "View" is invalid: did you mean AmazonEKSViewPolicy\? give an EKS access policy by its AWS name: /,
      ),
    ]);
  });

  test("fails when the cluster still sets bootstrapClusterCreatorAdminPermissions, saying what replaced it", () => {
    const config = edited((c) => {
      c.environments[0].cluster.bootstrapClusterCreatorAdminPermissions = true;
    });
    expect(withoutPositions(problems(config))).toEqual([
      'environments[0].cluster.bootstrapClusterCreatorAdminPermissions was replaced by clusterCreatorAccess: true was "bootstrap", false was "none"; leave both out for an ordinary, removable entry of the creator (see docs/upgrading.md)',
    ]);
  });

  test("fails when a CIDR is malformed, has a prefix out of range or host bits set", () => {
    const config = edited((c) => {
      c.environments[0].cluster.vpc.cidr = "10.3.0.0/8";
      c.environments[0].cluster.publicAccessCidrs = ["203.0.113.7/24", "300.0.0.0/8"];
    });
    expect(problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: environments\[0\]\./, ""))).toEqual([
      'cluster.vpc.cidr "10.3.0.0/8" is invalid: expected an IPv4 CIDR block a.b.c.d/n with n from 16 to 24',
      'cluster.publicAccessCidrs[0] "203.0.113.7/24" is invalid: the address has host bits set for a /24: write the network address 203.0.113.0/24',
      'cluster.publicAccessCidrs[1] "300.0.0.0/8" is invalid: expected an IPv4 CIDR block a.b.c.d/n with n from 0 to 32',
    ]);
  });

  test("fails when a string or list AWS needs a value in is empty, or a list repeats a value", () => {
    const config = edited((c) => {
      c.environments[0].cluster.nodeGroups.default.instanceTypes = [];
      c.environments[0].cluster.subnetIds = ["subnet-0123abcd"];
      delete c.environments[0].cluster.vpc;
      c.environments[0].workloads[0].policyStatements[0].resources = [];
      c.environments[0].workloads[1].roleKey = " ";
      c.environments[0].workloads[2].serviceAccounts = [];
      c.environments[1].cluster.publicAccessCidrs = ["203.0.113.0/24", "203.0.113.0/24"];
    });
    const all = problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: /, ""));
    expect(all).toEqual([
      "environments[0].cluster.nodeGroups.default.instanceTypes [] is invalid: give at least one EC2 instance type",
      'environments[0].cluster.subnetIds ["subnet-0123abcd"] is invalid: EKS needs at least two subnets in two availability zones',
      'environments[0].workloads[0].policyStatements[0].resources [] is invalid: a statement needs at least one resource ARN (or "*")',
      `environments[0].workloads[1].roleKey " " is invalid: use at most 63 lower-case letters, digits and '-', or "<namespace>_<name>" of one of the workload's service accounts (platform-jobs_cluster-lister)`,
      "environments[0].workloads[2].serviceAccounts [] is invalid: give at least one service account { namespace, name }",
      'environments[1].cluster.publicAccessCidrs[1] "203.0.113.0/24" is invalid: it repeats entry [0]: list each value once',
    ]);
  });

  test("fails when a configuration creates a namespace every cluster has", () => {
    for (const namespace of ["kube-system", "kube-public", "kube-node-lease", "default"]) {
      const config = edited((c) => (c.environments[0].workloads[0].serviceAccounts[0].namespace = namespace));
      expect(problem(config)).toMatch(
        new RegExp(
          `serviceAccounts\\[0\\]\\.namespace "${namespace}" is invalid: every cluster has ${namespace} already, so it is never created .*: leave createNamespace out$`,
        ),
      );
    }
    // Using one without creating it is fine.
    const using = edited((c) => (c.environments[0].workloads[0].serviceAccounts[0] = { namespace: "kube-system", name: "reader" }));
    expect(() => PlatformConfigSource.parse(JSON.stringify(using), "platform.json")).not.toThrow();
  });

  test("fails when tags break IAM's limits: count, key and value length, characters, the aws: prefix", () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    const config = edited((c) => {
      c.defaultTags = many;
      c.environments[0].cluster.tags = { ["k".repeat(129)]: "v" };
      c.environments[0].workloads[0].tags = { "aws:owner": "me" };
      c.environments[0].workloads[1].tags = { Team: "x".repeat(257) };
      c.environments[0].workloads[2].tags = { "Team!": "a" };
    });
    const all = problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: /, ""));
    expect(all).toEqual([
      'defaultTags "51 tags" is invalid: a resource has at most 50 tags',
      expect.stringMatching(/^environments\[0\]\.cluster\.tags key "k{129}" is invalid: a tag key has 1-128 letters/),
      `environments[0].workloads[0].tags key "aws:owner" is invalid: tag keys starting with 'aws:' are reserved for AWS`,
      expect.stringMatching(/^environments\[0\]\.workloads\[1\]\.tags\.Team "x{195}\.\.\." is invalid: a tag value has at most 256 letters/),
      expect.stringMatching(/^environments\[0\]\.workloads\[2\]\.tags key "Team!" is invalid: a tag key has 1-128 letters/),
    ]);
  });

  test("fails when a description is over IAM's 1,000 characters", () => {
    const config = edited((c) => (c.environments[0].workloads[0].description = "d".repeat(1001)));
    expect(problem(config)).toMatch(/workloads\[0\]\.description "d+\.\.\." is invalid: a description has at most 1000 characters \(this one has 1001\)$/);
  });

  test("fails when names break the EKS, IAM and Kubernetes naming rules", () => {
    const config = edited((c) => {
      c.environments[0].name = "Dev";
      c.environments[0].region = "eu-west";
      c.environments[0].cluster.nodeGroups["bad name"] = {};
      c.environments[0].cluster.nodeGroups.default.labels = { "-role": "system" };
      c.environments[0].workloads[0].roleName = "a".repeat(65);
      c.environments[0].workloads[0].serviceAccounts[0].name = "S3_Reader";
      c.environments[0].workloads[0].serviceAccounts[0].labels = { app: "a reader" };
      c.environments[0].workloads[0].serviceAccounts[0].annotations = { "owner!": "data" };
      c.environments[0].workloads[1].inlinePolicies = { "list clusters": [{ actions: ["eks:ListClusters"], resources: ["*"] }] };
    });
    const all = problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: /, ""));
    expect(all).toEqual([
      expect.stringMatching(/^environments\[0\]\.name "Dev" is invalid: use 1-31 lower-case letters/),
      'environments[0].region "eu-west" is invalid: expected an AWS region such as eu-west-1',
      expect.stringMatching(/^environments\[0\]\.cluster\.nodeGroups\.default\.labels key "-role" is invalid: a Kubernetes key is/),
      expect.stringMatching(/^environments\[0\]\.cluster\.nodeGroups key "bad name" is invalid: a node group name has 1-63 letters/),
      expect.stringMatching(
        /^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.name "S3_Reader" is invalid: a service account name is a DNS-1123 subdomain/,
      ),
      expect.stringMatching(
        /^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.labels\.app "a reader" is invalid: a Kubernetes label value has at most 63/,
      ),
      expect.stringMatching(/^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.annotations key "owner!" is invalid: a Kubernetes key is/),
      expect.stringMatching(/^environments\[0\]\.workloads\[0\]\.roleName "a{65}" is invalid: an IAM role name has 1-64 characters/),
      expect.stringMatching(/^environments\[0\]\.workloads\[1\]\.inlinePolicies key "list clusters" is invalid: an IAM policy name has 1-128 characters/),
    ]);
  });

  test("fails when actions, resources or conditions are not IAM's forms, with the policy check's messages", () => {
    const statement = { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::example-dev-reports/*"] };
    const cases: [object, RegExp][] = [
      [{ ...statement, sid: "read-reports" }, /^sid "read-reports" is invalid: a statement ID has ASCII letters and digits only/],
      [{ ...statement, actions: ["s3 GetObject"] }, /^actions\[0\] "s3 GetObject" is invalid: an action is "<service>:<action>"/],
      [{ ...statement, resources: ["example-dev-reports/*"] }, /^resources\[0\] "example-dev-reports\/\*" is invalid: a resource is "\*" or an ARN/],
      [
        { ...statement, conditions: [{ test: "StringEqual", variable: "aws:SourceVpc", values: ["v"] }] },
        /^conditions\[0\]\.test "StringEqual" is invalid: did you mean StringEquals/,
      ],
      [{ ...statement, conditions: [{ test: "StringEquals", variable: "aws:SourceVpc", values: [] }] }, /^conditions\[0\]\.values \[\] is invalid/],
    ];
    for (const [bad, message] of cases) {
      const config = edited((c) => (c.environments[0].workloads[0].policyStatements[0] = bad));
      const found = problems(config).map((p) => p.replace(/^platform\.json:\d+:\d+: environments\[0\]\.workloads\[0\]\.policyStatements\[0\]\./, ""));
      expect(found).toEqual([expect.stringMatching(message)]);
    }
  });

  test(`lists at most ${MAX_REPORTED_ERRORS} errors and says how many more there were`, () => {
    // 3 environments and 15 workloads, each with a bad role name and a bad service account name: 33 errors.
    const config = edited((c) => {
      for (const env of c.environments) {
        env.name = env.name.toUpperCase();
        for (const w of env.workloads) {
          w.roleName = "bad role name";
          for (const sa of w.serviceAccounts) sa.name = sa.name.toUpperCase();
        }
      }
    });
    const error = errorsOf(() => PlatformConfigSource.parse(JSON.stringify(config, null, 2), "platform.json"));
    expect(error.total).toBe(33);
    expect(error.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(error.message).toMatch(/^platform\.json: 33 errors\n {2}- platform\.json:\d+:\d+: environments\[0\]\.name "DEV" is invalid/);
    expect(error.message.endsWith("\n  ... and 13 more")).toBe(true);
  });
});

describe("the state bucket from the environment (EKS_IRSA_STATE_BUCKET)", () => {
  test("replaces the file's", () => {
    const source = PlatformConfigSource.parse(JSON.stringify(edited((c) => (c.stateBucket = "from-file"))), "platform.json", { stateBucket: "acme-tf-state" });
    expect(source.config.stateBucket).toBe("acme-tf-state");
  });

  test("fails when it is not a bucket name, naming the variable", () => {
    expect(() => PlatformConfigSource.parse(EXAMPLE_TEXT, "platform.json", { stateBucket: "Acme State" })).toThrow(
      /- EKS_IRSA_STATE_BUCKET "Acme State" is invalid: an S3 bucket name has 3-63 lower-case letters/,
    );
  });
});

describe("the short path of a valid file (one scanner pass, no syntax tree until a position is asked for)", () => {
  /** A valid configuration of `workloads` workloads per environment, its keys written in reverse order and with escapes. */
  const unusual = (workloads: number): string => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : typeof value === "object" && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const config = edited((c) => {
      c.defaultTags = { ...c.defaultTags, "Cost Centre": "caf\u00e9 42" };
      for (const env of c.environments) {
        env.workloads = Array.from({ length: workloads }, (_, i) => ({
          serviceAccounts: [{ namespace: `team-${Math.floor(i / 10)}`, name: `app-${i}`, labels: { "app.kubernetes.io/name": `app-${i}` } }],
          policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::bucket-${env.name}-${i}/*`] }],
          maxSessionDuration: 7200,
        }));
      }
    });
    // An escaped key and value, as a file may write them: the same strings once read.
    return JSON.stringify(reversed(config), null, 1).replace('"Cost Centre"', '"Cost \\u0043entre"');
  };

  test("gives what the schema gives: the same values, every object's keys in the schema's order", () => {
    for (const text of [EXAMPLE_TEXT, unusual(150)]) {
      const expected = configSchemas.platform.parse(JSON.parse(text));
      const config = PlatformConfigSource.parse(text, "platform.json").config;
      expect(config).toEqual(expected);
      expect(JSON.stringify(config)).toBe(JSON.stringify(expected));
    }
    expect(PlatformConfigSource.parse(unusual(1), "platform.json").config.defaultTags).toEqual({ ManagedBy: "cdktf-eks-irsa", "Cost Centre": "caf\u00e9 42" });
  });

  test("reads a valid file without loading jsonc-parser, and a broken one through it", () => {
    jest.isolateModules(() => {
      let loaded = 0;
      jest.doMock("jsonc-parser", () => {
        loaded++;
        return jest.requireActual("jsonc-parser");
      });
      const { PlatformConfigSource: Fresh } = require("../../modules/platform/config-file") as typeof import("../../modules/platform/config-file");
      expect(Fresh.parse(EXAMPLE_TEXT, "platform.json").config.environments).toHaveLength(3);
      expect(loaded).toBe(0);
      expect(() => Fresh.parse(`${EXAMPLE_TEXT}}`, "platform.json")).toThrow(/platform\.json:\d+:\d+/);
      expect(loaded).toBe(1);
    });
  });

  test("falls back to the full path for a text too large for the short path's key count (a string of 10 MB)", () => {
    const config = edited((c) => (c.$schema = "x".repeat(10_000_000)));
    const read = PlatformConfigSource.parse(JSON.stringify(config), "platform.json").config;
    expect(read.$schema).toHaveLength(10_000_000);
    expect(read.environments).toHaveLength(3);
  });

  test("places the constructs' errors as the full path does, from the text kept", () => {
    const text = unusual(2);
    const source = PlatformConfigSource.parse(text, "platform.json");
    // The last workload of the last environment: the last one written.
    const offset = text.lastIndexOf('"maxSessionDuration": 7200') + '"maxSessionDuration": '.length;
    const lines = text.slice(0, offset).split("\n");
    expect(source.positionOf("environments[2].workloads[1].maxSessionDuration")).toEqual({ line: lines.length, column: lines[lines.length - 1].length + 1 });
    expect(text.slice(offset, offset + 4)).toBe("7200");
  });
});

describe("reading a file", () => {
  const dir = mkdtempSync(join(tmpdir(), "eks-irsa-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("names the file relative to the current directory when it is inside it", () => {
    const inside = join(dir, "broken.json");
    writeFileSync(inside, "{");
    expect(() => PlatformConfigSource.read(inside, { cwd: dir })).toThrow(/^broken\.json: 1 error\n {2}- broken\.json:1:2: not valid JSON/);
    expect(() => PlatformConfigSource.read(inside, { cwd: "/" === dir ? "/tmp" : join(dir, "sub") })).toThrow(`${inside}:1:2: not valid JSON`);
  });

  test("fails when the file does not exist, saying how to make one or choose another", () => {
    expect(() => PlatformConfigSource.read(join(dir, "platform.json"), { cwd: dir })).toThrow(
      /platform\.json: cannot be read \(ENOENT, no such file\): create it \(.*platform\.json is an example\) or set EKS_IRSA_CONFIG to your configuration file$/,
    );
  });

  test("reads a file that starts with a byte order mark", () => {
    const file = join(dir, "bom.json");
    writeFileSync(file, `\uFEFF${EXAMPLE_TEXT}`);
    expect(PlatformConfigSource.read(file).config.environments).toHaveLength(3);
  });

  test("fails when the file is a directory", () => {
    mkdirSync(join(dir, "a-directory.json"));
    expect(() => PlatformConfigSource.read(join(dir, "a-directory.json"), { cwd: dir })).toThrow("a-directory.json: cannot be read (EISDIR)");
  });
});

describe("errors of the constructs, located in the file", () => {
  const build = (text: string) => {
    const source = PlatformConfigSource.parse(text, "platform.json");
    return errorsOf(() => source.locate(() => new Platform(Testing.app(), { config: source.config })));
  };

  test("are reported at the line and column of their field", () => {
    const text = EXAMPLE_TEXT.replace('"maxSize": 3,', '"maxSize": 0.5,').replace('"minSize": 1,', '"minSize": 4,');
    // The options as a whole are checked once each is valid: maxSize 0.5 is said once, by its own check.
    expect(problems(text)).toHaveLength(1);
    // The node group's options as a whole: the check ManagedNodeGroup runs, run on the file.
    const crossField = EXAMPLE_TEXT.replace('"minSize": 1,', '"minSize": 4,');
    const line = crossField.split("\n").findIndex((l) => l.includes('"minSize": 4')) + 1;
    expect(problems(crossField)).toEqual([
      `platform.json:${line}:24: environments[0].cluster.nodeGroups.default.minSize (4) must not exceed nodeGroups.default.maxSize (3)`,
    ]);
  });

  test("of the cluster's own relations, at the field", () => {
    const text = JSON.stringify(
      edited((c) => {
        c.environments[0].cluster.existingOidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        c.environments[0].cluster.oidcExtraClientIds = ["argo"];
      }),
      null,
      2,
    );
    // The file's check of the cluster as a whole is the construct's (checkClusterRelations).
    const line = lineOf(text, '"oidcExtraClientIds"');
    expect(problems(text)).toEqual([
      `platform.json:${line}:31: environments[0].cluster.oidcExtraClientIds and existingOidcProviderArn are both set: the extra client IDs and thumbprints apply to a provider the cluster creates; set them on the existing provider instead`,
    ]);
  });

  test("of a workload's session policy and of a cluster without IRSA, at their fields", () => {
    const text = JSON.stringify(
      edited((c) => {
        c.environments[0].workloads[0].serviceAccounts[0].sessionPolicy = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::example-dev-reports/*"] }];
      }),
      null,
      2,
    );
    expect(() => PlatformConfigSource.parse(text, "platform.json")).not.toThrow();
    expect(build(text).errors.map((e) => e.message.replace(/^platform\.json:\d+:\d+: /, ""))).toEqual([
      'environments[0].workloads[0].serviceAccounts[0].sessionPolicy "1 statement" is invalid: a session policy scopes a Pod Identity association: use mechanism "podIdentity" (with "irsa", IRSA hands out the role unscoped)',
    ]);
    const withoutIrsa = JSON.stringify(
      edited((c) => {
        c.environments[0].cluster.enableIrsa = false;
      }),
      null,
      2,
    );
    expect(build(withoutIrsa).errors.map((e) => e.message.replace(/^platform\.json:\d+:\d+: /, ""))).toEqual([
      'environments[0].workloads[0].mechanism "irsa" is invalid: cluster example-dev is set up without IRSA (enableIrsa false), so it has no IAM OIDC provider: use mechanism "podIdentity", or set enableIrsa true',
    ]);
  });

  test("of the Platform, all at once, each at its field", () => {
    const text = JSON.stringify(
      edited((c) => (c.environments[2].name = "dev")),
      null,
      2,
    );
    const error = build(text);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0].message).toMatch(/^platform\.json:\d+:15: environments\[2\]\.name "dev" is invalid: environments\[0\] has that name already/);
    expect(error.errors[0]).toBeInstanceOf(ValidationError);
    expect(error.errors[0].field).toBe("environments[2].name");
  });

  test("point at the nearest written parent of a field the file leaves out", () => {
    const source = PlatformConfigSource.parse(EXAMPLE_TEXT, "platform.json");
    const error = errorsOf(() =>
      source.locate(() => {
        throw ValidationError.missing("environments[0].workloads[0].roleKey", "give one");
      }),
    );
    const line = EXAMPLE_TEXT.split("\n").findIndex((l) => l.includes('"serviceAccounts": [{ "namespace": "reports"')) + 1;
    expect(error.errors[0].message).toMatch(
      new RegExp(`^platform\\.json:${line - 1}:9: environments\\[0\\]\\.workloads\\[0\\]\\.roleKey is missing: give one$`),
    );
  });

  describe("issue 20: one role per service account, unique role and cluster names", () => {
    const located = (edit: (config: any) => void) => {
      const text = JSON.stringify(edited(edit), null, 2);
      return { text, errors: build(text).errors };
    };

    test("fails when a StringLike workload matches a service account another workload binds, at the pattern's line", () => {
      const { text, errors } = located((c) =>
        c.environments[0].workloads.push({
          roleKey: "readers",
          subjectMatch: "StringLike",
          createServiceAccounts: false,
          serviceAccounts: [{ namespace: "reports", name: "s3-*" }],
        }),
      );
      expect(errors.map((e) => e.field)).toEqual(["environments[0].workloads[5].serviceAccounts[0]"]);
      expect(errors[0].message).toBe(
        `platform.json:${lineOf(text, '"name": "s3-*"') - 2}:13: environments[0].workloads[5].serviceAccounts[0] "reports/s3-*" is invalid: ` +
          "the binding at workloads-dev/reports_s3-reader already binds reports/s3-reader in the cluster at eks-dev/eks, and both match reports/s3-reader: " +
          "the pods of reports/s3-reader could assume both roles (workloads-dev/reports_s3-reader/role and workloads-dev/readers/role); " +
          "a service account is bound by one role per cluster: bind it in one place, or narrow the pattern",
      );
    });

    test("fails when a workload writes a wildcard without asking for StringLike, with the constructs' message", () => {
      const text = JSON.stringify(
        edited((c) => c.environments[0].workloads.push({ roleKey: "readers", serviceAccounts: [{ namespace: "reports", name: "s3-*" }] })),
        null,
        2,
      );
      expect(problems(text)).toEqual([
        `platform.json:${lineOf(text, '"name": "s3-*"')}:23: environments[0].workloads[5].serviceAccounts[0].name "s3-*" is invalid: a service account name is a DNS-1123 subdomain: ` +
          "at most 253 lower-case letters, digits, '-' or '.', each dot-separated part starting and ending with a letter or digit; '*' and '?' are wildcards only with subjectMatch \"StringLike\", which must be asked for explicitly",
      ]);
    });

    test("fails when a preset input's wildcard is wider than upstream's policy, unless the workload acknowledges it", () => {
      const zones = (extra: object) =>
        JSON.stringify(
          edited((c) => (c.environments[0].workloads[1].addonPolicies = { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/*"], ...extra } })),
          null,
          2,
        );
      const text = zones({});
      expect(problems(text)).toEqual([
        // Located at the value the wildcard is in.
        `platform.json:${lineOf(text, '"arn:aws:route53:::hostedzone/*"')}:17: environments[0].workloads[1].addonPolicies.externalDns.hostedZoneArns[0] "arn:aws:route53:::hostedzone/*" is invalid: ` +
          "the wildcard makes the preset wider than upstream's policy, which names the hosted zones external-dns manages, one by one (its recommended scoping): " +
          "name the resources, or set acknowledgeWideningWildcards true to accept it (the access review then lists it as wider than upstream)",
      ]);
      expect(() => PlatformConfigSource.parse(zones({ acknowledgeWideningWildcards: true }), "platform.json")).not.toThrow();
    });

    test("fails when two clusters have one name: IAM role names derived from it are global to the account", () => {
      const { errors } = located((c) => (c.environments[1].cluster.clusterName = "example-dev"));
      expect(errors.map((e) => e.field)).toEqual(["environments[1].cluster.clusterName"]);
      expect(errors[0].message).toMatch(
        /^platform\.json:\d+:\d+: environments\[1\]\.cluster\.clusterName "example-dev" is already the name of the cluster at eks-dev\/eks: .*the platform configuration names no account/,
      );
    });

    test("fails when a workload's roleName is the vpc-cni role of another environment's cluster", () => {
      const { errors } = located((c) => (c.environments[2].workloads[0].roleName = "example-dev-vpc-cni"));
      expect(errors.map((e) => e.field)).toEqual(["environments[2].workloads[0].roleName"]);
      expect(errors[0].message).toMatch(
        /environments\[2\]\.workloads\[0\]\.roleName "example-dev-vpc-cni" is already the name of the vpc-cni role of cluster example-dev \(eks-dev\/eks\/vpc-cni-role\): IAM role names are unique/,
      );
      // Taken first by an earlier environment's workload, the name is refused at the cluster that makes it, naming that workload's role.
      const earlier = located((c) => (c.environments[0].workloads[0].roleName = "example-prod-vpc-cni")).errors;
      expect(earlier.map((e) => e.field)).toEqual(["environments[2].cluster.clusterName"]);
      expect(earlier[0].message).toMatch(
        /"example-prod" names the vpc-cni role of cluster example-prod .* "example-prod-vpc-cni", already the name of the role at workloads-dev\/reports_s3-reader\/role/,
      );
    });

    test("fails when Karpenter's node role name is the cluster's node role", () => {
      const { text, errors } = located((c) => (c.environments[0].cluster.addons.karpenter = { nodeRoleName: "example-dev-node" }));
      expect(errors[0].message).toBe(
        `platform.json:${lineOf(text, '"nodeRoleName"')}:29: environments[0].cluster.addons.karpenter.nodeRoleName "example-dev-node" is already the name of the node role of cluster example-dev (eks-dev/eks/node-role): ` +
          "IAM role names are unique in an account (ignoring case), and every stack of the app is taken to deploy to one account (the platform configuration names none); give one of them another name",
      );
    });
  });

  test("other errors pass unchanged", () => {
    const source = PlatformConfigSource.parse(EXAMPLE_TEXT, "platform.json");
    expect(() =>
      source.locate(() => {
        throw new TypeError("not an input error");
      }),
    ).toThrow(new TypeError("not an input error"));
  });
});
