import fc from "fast-check";
import { FULL_PLATFORM } from "../support/full-platform";
import { disagreement, platformInputs, prunedFor, schemaVerdict, typescriptVerdict, valuesFor, withValue } from "../support/agreement";

/**
 * One rule per input: a value in a configuration file and the same value given in TypeScript are
 * accepted or refused alike, with the same field and the same words, because the schema runs the
 * constructs' own checks. test/platform/one-rule.slow.test.ts walks every input; this file holds
 * the drifts found before, and a sample.
 */

/** The full platform's first environment, with its first workload only (small, so each build is quick). */
function withWorkload(edit: (workload: any, config: any) => void): any {
  const input = platformInputs(FULL_PLATFORM).find((i) => i.field === "environments[0].workloads[0].roleName")!;
  const { config } = prunedFor(FULL_PLATFORM as any, input);
  edit(config.environments[0].workloads[0], config);
  return config;
}

describe("the drifts between the file and TypeScript, resolved", () => {
  test.each<[string, (workload: any, config: any) => void, "accepted" | RegExp]>([
    [
      'subjectMatch "StringLike" with a wildcard (the file refused it, telling to set StringLike)',
      (w) =>
        Object.assign(w, {
          serviceAccounts: [{ namespace: "jobs-*", name: "runner" }],
          subjectMatch: "StringLike",
          createServiceAccounts: false,
          mechanism: "irsa",
          podIdentity: undefined,
        }),
      "accepted",
    ],
    [
      "a condition operator NullIfExists (the file took it, the constructs refused it)",
      (w) => (w.policyStatements[0].conditions = [{ test: "NullIfExists", variable: "aws:TagKeys", values: ["true"] }]),
      /policyStatements\[0\]\.conditions\[0\]\.test "NullIfExists" is invalid: IAM's condition operators/,
    ],
    [
      "duplicate actions (the file refused them, the constructs wrote them once)",
      (w) => (w.policyStatements[0].actions = ["s3:GetObject", "s3:GetObject"]),
      "accepted",
    ],
    [
      "a condition key ':x' (the file refused it, the constructs took it)",
      (w) => (w.policyStatements[0].conditions = [{ test: "StringEquals", variable: ":x", values: ["a"] }]),
      "accepted",
    ],
    [
      'a permissions boundary "AdminBoundary" (the file refused it, the constructs took it)',
      (w) => (w.permissionsBoundary = "AdminBoundary"),
      /permissionsBoundary "AdminBoundary" is invalid: expected an IAM policy ARN/,
    ],
    ["an empty kube2iam list (the file refused it, the constructs took it)", (w) => (w.kube2iamNodeRoleArns = []), "accepted"],
    [
      "a node group's desiredSize out of range (only the file checked it)",
      (_w, c) => (c.environments[0].cluster = { ...c.environments[0].cluster, nodeGroups: { web: { desiredSize: 2000 } } }),
      /nodeGroups\.web\.desiredSize 2000 is invalid: must be a whole number from 0 to 1000/,
    ],
    [
      "an add-on input outside its preset's values (the messages differed)",
      (w) => (w.addonPolicies = { mountpointS3CsiDriver: { bucketArns: ["arn:aws:s3:::b"], access: "write" } }),
      /access "write" is invalid: allowed values are read, readWrite, readWriteDelete/,
    ],
  ])("%s", (_what, edit, expected) => {
    const config = withWorkload(edit);
    expect(disagreement(config)).toBeUndefined();
    const verdict = typescriptVerdict(config);
    if (expected === "accepted") expect(verdict).toBe("accepted");
    else expect(verdict === "accepted" ? "accepted" : `${verdict[0].field} ${verdict[0].problem}`).toMatch(expected);
    expect(schemaVerdict(config) === "accepted").toBe(expected === "accepted");
  });
});

describe("any value of any input, the file and TypeScript agree (a sample; the slow suite walks all)", () => {
  // Every 25th input of the full platform: names, ARNs, numbers, keys of maps, enums.
  const sample = platformInputs(FULL_PLATFORM).filter((_input, i) => i % 25 === 0);

  test.each(sample.map((input) => [input.field + (input.isKey ? " (a key)" : ""), input] as const))("%s", (_field, input) => {
    const { config, input: at } = prunedFor(FULL_PLATFORM as any, input);
    fc.assert(
      fc.property(valuesFor(at), (value) => {
        const problem = disagreement(withValue(config, at, value));
        if (problem !== undefined) throw new Error(problem);
      }),
      { numRuns: 2, seed: 20 },
    );
  });
});
