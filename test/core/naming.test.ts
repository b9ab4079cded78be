import fc from "fast-check";
import { Token } from "cdktf";
import {
  checkRule,
  derivedRoleName,
  findRepeat,
  idFromName,
  rules,
  SYSTEM_NAMESPACES,
  truncateWithHash,
  validateAnnotationKeys,
  validateClusterName,
  validateCreatedNamespace,
  validateDistinct,
  validateIpv4Cidr,
  validateLabels,
  validateNamespace,
  validateNonEmpty,
  validateNonEmptyList,
  validateRange,
  validateRegion,
  validateRoleName,
  validateServiceAccountName,
} from "../../modules/core/naming";
import { WorkloadRole } from "../../modules/identity/workload-role";
import { synthJson, testStack } from "../support/helpers";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PROVIDER = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789".split("");
const lowerChar = fc.constantFrom(...alnum);
/** A DNS-1123 label: 1-63 of [a-z0-9-], starting and ending alphanumeric. */
const label = fc.tuple(lowerChar, fc.array(fc.constantFrom(...alnum, "-"), { maxLength: 61 }), lowerChar).map(([a, mid, z]) => a + mid.join("") + z);
/** A DNS-1123 subdomain of a few labels, at most 253. */
const subdomain = fc
  .array(label, { minLength: 1, maxLength: 4 })
  .map((ls) => ls.join(".").slice(0, 253))
  .filter((s) => /[a-z0-9]$/.test(s));
const clusterName = fc
  .tuple(fc.constantFrom(..."abcXYZ019".split("")), fc.array(fc.constantFrom(..."aZ9-_".split("")), { maxLength: 99 }))
  .map(([a, rest]) => a + rest.join(""));

describe("naming rules (property-based)", () => {
  test("every generated DNS-1123 label is a valid namespace", () => {
    fc.assert(fc.property(label, (ns) => void validateNamespace("namespace", ns)));
  });

  test("every generated DNS-1123 subdomain is a valid service account name", () => {
    fc.assert(fc.property(subdomain, (name) => void validateServiceAccountName("name", name)));
  });

  test("every generated EKS cluster name is valid", () => {
    fc.assert(fc.property(clusterName, (name) => void validateClusterName("clusterName", name)));
  });

  test("fails when a namespace has a character outside [a-z0-9-], and names the field and value", () => {
    const bad = fc
      .tuple(label, fc.constantFrom("A", "_", ".", " ", "/", "*", "é"), fc.nat(64))
      .map(([ns, ch, at]) => ns.slice(0, at % (ns.length + 1)) + ch + ns.slice(at % (ns.length + 1)))
      .filter((s) => s.length <= 63);
    fc.assert(
      fc.property(bad, (ns) => {
        expect(() => validateNamespace("namespace", ns)).toThrow(`namespace ${JSON.stringify(ns)} is invalid`);
      }),
    );
  });

  test("fails when a namespace or name starts or ends with '-' or is too long", () => {
    fc.assert(
      fc.property(label, (ns) => {
        expect(() => validateNamespace("namespace", `-${ns}`)).toThrow(/is invalid/);
        expect(() => validateNamespace("namespace", `${ns}-`)).toThrow(/is invalid/);
        expect(() => validateServiceAccountName("name", `${ns}.`)).toThrow(/is invalid/);
      }),
    );
    expect(() => validateNamespace("namespace", "a".repeat(64))).toThrow(/at most 63/);
    expect(() => validateServiceAccountName("name", "a".repeat(254))).toThrow(/at most 253/);
  });

  test("wildcards are only accepted when StringLike allows them", () => {
    fc.assert(
      fc.property(label, fc.constantFrom("*", "?"), (ns, w) => {
        const pattern = `${ns}${w}`;
        expect(() => validateNamespace("namespace", pattern)).toThrow(/is invalid/);
        expect(() => validateNamespace("namespace", pattern, true)).not.toThrow();
      }),
    );
  });

  test("an WorkloadRole accepts any valid namespace/name pair and trusts exactly its subject", () => {
    fc.assert(
      fc.property(label, subdomain, (namespace, name) => {
        const { stack } = testStack();
        const role = new WorkloadRole(stack, "r", { oidcProviders: [PROVIDER], serviceAccounts: [{ namespace, name }] });
        expect(role.subjects).toEqual([`system:serviceaccount:${namespace}:${name}`]);
        const synth = synthJson(stack);
        const roleName = Object.values(synth.resource!.aws_iam_role)[0].name as string;
        expect(() => validateRoleName("roleName", roleName)).not.toThrow();
      }),
      { numRuns: 25 },
    );
  });

  test("role names of 1-64 IAM characters pass, longer ones or other characters fail", () => {
    const iamChar = fc.constantFrom(..."aZ09+=,.@_-".split(""));
    fc.assert(fc.property(fc.array(iamChar, { minLength: 1, maxLength: 64 }), (cs) => void validateRoleName("roleName", cs.join(""))));
    fc.assert(
      fc.property(fc.array(iamChar, { minLength: 65, maxLength: 100 }), (cs) => {
        expect(() => validateRoleName("roleName", cs.join(""))).toThrow(/1-64 characters/);
      }),
    );
    for (const bad of ["a/b", "a b", "a:b", "a*b", ""]) expect(() => validateRoleName("roleName", bad)).toThrow(/is invalid/);
  });

  test("truncateWithHash keeps short names and makes long ones unique within the limit", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 65, maxLength: 200 }), fc.string({ minLength: 1, maxLength: 5 }), (base, tail) => {
        const a = truncateWithHash(base, 64);
        const b = truncateWithHash(base + tail, 64);
        expect(a).toHaveLength(64);
        expect(a).not.toBe(b);
      }),
    );
    expect(truncateWithHash("short", 64)).toBe("short");
  });

  test("derivedRoleName gives distinct (namespace, name) pairs, and distinct stacks, distinct valid names", () => {
    const stackName = fc.constantFrom("workloads-dev", "workloads", "Workloads_Dev", "app/stack", "w");
    fc.assert(
      fc.property(stackName, label, subdomain, stackName, label, subdomain, (s1, ns1, n1, s2, ns2, n2) => {
        const a = derivedRoleName(s1, [ns1, n1]);
        const b = derivedRoleName(s2, [ns2, n2]);
        expect(() => validateRoleName("roleName", a)).not.toThrow();
        // Names that IAM would see as the same (it ignores case) only for the same inputs.
        if (s1 !== s2 || ns1 !== ns2 || n1 !== n2) expect(a.toLowerCase()).not.toBe(b.toLowerCase());
      }),
      { numRuns: 500 },
    );
    // The separator cases that used to collide, and a stack name that needs escaping.
    expect(derivedRoleName("workloads-dev", ["a-b", "c"])).not.toBe(derivedRoleName("workloads-dev", ["a", "b-c"]));
    expect(derivedRoleName("workloads", ["dev-a", "b"])).not.toBe(derivedRoleName("workloads-dev", ["a", "b"]));
    expect(derivedRoleName("workloads-dev", ["reports", "s3-reader"])).toBe("workloads-dev_reports_s3-reader");
    expect(derivedRoleName("Workloads_Dev", ["a", "b"])).toMatch(/^Workloads-Dev_a_b-[0-9a-f]{8}$/);
  });

  test("idFromName is stable and keeps only construct-safe characters", () => {
    fc.assert(fc.property(fc.string(), (s) => expect(idFromName(s)).toMatch(/^[A-Za-z0-9_-]*$/)));
    expect(idFromName("123456789012:role/platform-admin")).toBe("123456789012-role-platform-admin");
  });

  test("CIDR blocks must be IPv4 with a prefix in range", () => {
    expect(() => validateIpv4Cidr("vpc.cidr", "10.3.0.0/16", 16, 24)).not.toThrow();
    expect(() => validateIpv4Cidr("vpc.cidr", "10.3.0.0/8", 16, 24)).toThrow(
      'vpc.cidr "10.3.0.0/8" is invalid: expected an IPv4 CIDR block a.b.c.d/n with n from 16 to 24',
    );
    expect(() => validateIpv4Cidr("vpc.cidr", "10.300.0.0/16", 16, 24)).toThrow(/is invalid/);
    expect(() => validateIpv4Cidr("vpc.cidr", "fd00::/16", 16, 24)).toThrow(/is invalid/);
  });

  test("fails when a CIDR block has host bits set, naming the network address", () => {
    expect(() => validateIpv4Cidr("publicAccessCidrs[0]", "203.0.113.7/24", 0, 32)).toThrow(
      'publicAccessCidrs[0] "203.0.113.7/24" is invalid: the address has host bits set for a /24: write the network address 203.0.113.0/24',
    );
    expect(() => validateIpv4Cidr("c", "0.0.0.0/0", 0, 32)).not.toThrow();
    expect(() => validateIpv4Cidr("c", "198.51.100.17/32", 0, 32)).not.toThrow();
    expect(() => validateIpv4Cidr("c", "10.1.0.0/15", 0, 32)).toThrow(/write the network address 10\.0\.0\.0\/15$/);
    // Any address of a block, rounded down to the block, is that block's network address.
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), fc.integer({ min: 0, max: 32 }), (octets, prefix) => {
        const address = octets.reduce((a, o) => a * 256 + o, 0);
        const network = address - (address % 2 ** (32 - prefix));
        const text = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".");
        expect(() => validateIpv4Cidr("c", `${text}/${prefix}`, 0, 32)).not.toThrow();
      }),
    );
  });
});

describe("rule functions", () => {
  const ok = (rule: (v: string) => string | undefined, values: string[]) => values.forEach((v) => expect([v, rule(v)]).toEqual([v, undefined]));
  const bad = (rule: (v: string) => string | undefined, values: string[]) => values.forEach((v) => expect([v, typeof rule(v)]).toEqual([v, "string"]));

  test("checks skip values only known at apply time", () => {
    const token = Token.asString({ "Fn::GetAtt": ["x", "arn"] } as never);
    expect(() => validateRegion("region", token)).not.toThrow();
    expect(() => checkRule("n", Token.asNumber({ Ref: "n" } as never), () => "never")).not.toThrow();
  });

  test("regions, zones, subnets, instance types, AMI types and add-on versions have AWS's forms", () => {
    ok(rules.region, ["eu-west-1", "us-gov-west-1", "ap-southeast-4", "cn-north-1", "il-central-1", "us-isob-east-1", "eusc-de-east-1"]);
    bad(rules.region, ["eu-west", "EU-WEST-1", "euwest1", "eu-west-1a", ""]);
    ok(rules.availabilityZone, ["eu-west-1a", "us-west-2-lax-1a"]);
    bad(rules.availabilityZone, ["eu-west-1", "euw1-az1"]);
    ok(rules.subnetId, ["subnet-0123abcd", "subnet-0123456789abcdef0"]);
    bad(rules.subnetId, ["subnet-a", "sg-0123abcd", "subnet-0123ABCD"]);
    ok(rules.instanceType, ["m6i.large", "t3a.2xlarge", "u-6tb1.metal"]);
    bad(rules.instanceType, ["m6i", "M6I.LARGE", "m6i large"]);
    ok(rules.amiType, ["AL2023_x86_64_STANDARD", "BOTTLEROCKET_ARM_64"]);
    bad(rules.amiType, ["AL2023 x86", ""]);
    ok(rules.addonVersion, ["v1.19.2-eksbuild.1"]);
    bad(rules.addonVersion, ["1.19.2", "latest"]);
    ok(rules.kubernetesVersion, ["1.33", "1.9"]);
    bad(rules.kubernetesVersion, ["1.3x", "v1.33", "1.33.1"]);
  });

  test("S3 bucket names and state key prefixes are what S3 and Terraform's S3 backend accept", () => {
    ok(rules.s3BucketName, ["acme-tf-state", "a.b.c", "abc"]);
    bad(rules.s3BucketName, ["ab", "Acme", "acme_state", "-acme", "acme..state", "192.168.1.1", "a".repeat(64)]);
    ok(rules.stateKeyPrefix, ["cdktf-eks-irsa/", "", "teams/platform/"]);
    bad(rules.stateKeyPrefix, ["/state/", "a//b", "a".repeat(901)]);
  });

  test("IAM actions, resources, statement IDs and condition operators have IAM's forms", () => {
    ok(rules.policyAction, ["s3:GetObject", "s3:Get*", "ec2:Describe?nstances", "*", "execute-api:Invoke"]);
    bad(rules.policyAction, ["s3 GetObject", "GetObject", "s3:", "s3:Get Object"]);
    ok(rules.policyResource, [
      "*",
      "arn:aws:s3:::bucket/*",
      "arn:aws:sqs:*:*:queue",
      "arn:aws:s3:::bucket/${aws:username}/*",
      "arn:aws:iam::&{aws:PrincipalAccount}:role/x",
    ]);
    bad(rules.policyResource, ["bucket/*", "arn:aws:s3", "arn:aws:s3::bucket", ""]);
    ok(rules.statementId, ["ReadReports1"]);
    bad(rules.statementId, ["read-reports", ""]);
    ok(rules.conditionOperator, ["StringEquals", "ForAnyValue:StringLike", "ArnLikeIfExists", "Null", "ForAllValues:StringEqualsIgnoreCaseIfExists"]);
    bad(rules.conditionOperator, ["StringEqual", "stringequals", "ForSomeValues:StringLike"]);
    ok(rules.conditionKey, ["aws:SourceVpc", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub", "aws:PrincipalTag/team"]);
    bad(rules.conditionKey, ["SourceVpc", "aws: SourceVpc"]);
  });

  test("Kubernetes label keys and values, and annotation keys, have Kubernetes' forms", () => {
    expect(() => validateLabels("labels", { role: "system", "node.kubernetes.io/pool": "a_b.c-d", empty: "" })).not.toThrow();
    expect(() => validateLabels("labels", { "-role": "x" })).toThrow(/^labels key "-role" is invalid: a Kubernetes key is/);
    expect(() => validateLabels("labels", { "a/b/c": "x" })).toThrow(/labels key "a\/b\/c" is invalid/);
    expect(() => validateLabels("labels", { "Bad_Prefix/role": "x" })).toThrow(/is invalid: a Kubernetes key/);
    expect(() => validateLabels("labels", { role: "a".repeat(64) })).toThrow(/^labels\.role "a{64}" is invalid: a Kubernetes label value has at most 63/);
    expect(() => validateLabels("labels", { role: "x y" })).toThrow(/a Kubernetes label value/);
    expect(() => validateAnnotationKeys("annotations", { "example.com/owner": "any text: even spaces" })).not.toThrow();
    expect(() => validateAnnotationKeys("annotations", { "owner!": "x" })).toThrow(/^annotations key "owner!" is invalid/);
  });

  test("fails when a namespace every cluster has would be created", () => {
    expect(SYSTEM_NAMESPACES).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    for (const namespace of SYSTEM_NAMESPACES) {
      expect(() => validateCreatedNamespace("namespace", namespace)).toThrow(
        `namespace "${namespace}" is invalid: every cluster has ${namespace} already, so it is never created (default, kube-node-lease, kube-public, kube-system): leave createNamespace out`,
      );
    }
    expect(() => validateCreatedNamespace("namespace", "kube-system-tools")).not.toThrow();
  });

  test("fails when a string is blank, a list is empty or holds a value twice, or a number is not whole or out of range", () => {
    expect(() => validateNonEmpty("roleKey", " ")).toThrow('roleKey " " is invalid: give a non-empty value');
    expect(() => validateNonEmptyList("instanceTypes", [], "EC2 instance type")).toThrow("instanceTypes [] is invalid: give at least one EC2 instance type");
    expect(() => validateDistinct("subnetIds", ["subnet-0123abcd", "subnet-4567abcd", "subnet-0123abcd"])).toThrow(
      'subnetIds[2] "subnet-0123abcd" is invalid: it repeats entry [0]: list each value once',
    );
    expect(findRepeat([{ a: 1 }, { a: 2 }, { a: 1 }])).toEqual({ index: 2, first: 0 });
    expect(findRepeat(["a", "b"])).toBeUndefined();
    expect(() => validateRange("minSize", 1.5, 0, 10)).toThrow("minSize 1.5 is invalid: must be a whole number from 0 to 10");
    expect(() => validateRange("minSize", 11, 0, 10)).toThrow(/must be a whole number from 0 to 10/);
  });

  test("the rules that are patterns give their pattern (for the JSON Schema), and it agrees with the rule", () => {
    const samples = ["eu-west-1", "m6i.large", "subnet-0123abcd", "Reports", "reports", "a.b", "-x", "", "arn:aws:iam::123456789012:role/app"];
    for (const [name, rule] of Object.entries(rules)) {
      const pattern = (rule as { pattern?: RegExp }).pattern;
      if (!pattern) continue;
      for (const sample of samples)
        expect([name, sample, pattern.test(sample)]).toEqual([name, sample, (rule as (v: string) => unknown)(sample) === undefined]);
    }
  });
});
