import fc from "fast-check";
import {
  derivedRoleName,
  idFromName,
  truncateWithHash,
  validateClusterName,
  validateIpv4Cidr,
  validateNamespace,
  validateRoleName,
  validateServiceAccountName,
} from "../modules/naming";
import { WorkloadRole } from "../modules/workload-role";
import { synthJson, testStack } from "./helpers";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PROVIDER = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789".split("");
const lowerChar = fc.constantFrom(...alnum);
/** A DNS-1123 label: 1-63 of [a-z0-9-], starting and ending alphanumeric. */
const label = fc
  .tuple(lowerChar, fc.array(fc.constantFrom(...alnum, "-"), { maxLength: 61 }), lowerChar)
  .map(([a, mid, z]) => a + mid.join("") + z);
/** A DNS-1123 subdomain of a few labels, at most 253. */
const subdomain = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join(".").slice(0, 253)).filter((s) => /[a-z0-9]$/.test(s));
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
    expect(() => validateIpv4Cidr("vpc.cidr", "10.3.0.0/8", 16, 24)).toThrow('vpc.cidr "10.3.0.0/8" is invalid: expected an IPv4 CIDR block a.b.c.d/n with n from 16 to 24');
    expect(() => validateIpv4Cidr("vpc.cidr", "10.300.0.0/16", 16, 24)).toThrow(/is invalid/);
    expect(() => validateIpv4Cidr("vpc.cidr", "fd00::/16", 16, 24)).toThrow(/is invalid/);
  });
});
