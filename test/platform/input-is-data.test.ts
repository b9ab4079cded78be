import { ref, Testing, Token } from "cdktf";
import { PlatformConfigSource } from "../../modules/platform/config-file";
import { Platform } from "../../modules/platform/platform";
import { WorkloadIdentity } from "../../modules/identity/workload-identity";
import { fakeCluster, liveSequences, ofType, single, synthJson, testStack } from "../support/helpers";

/**
 * Input is data (issue 20): a `${...}` or `%{...}` written in platform.json or in a plain
 * TypeScript string reaches AWS and Kubernetes as written, and Terraform evaluates none of it.
 * test/platform/input-is-data.slow.test.ts walks every string field; these are the fields the issue names.
 */

const READ_FILE = '${file("/etc/passwd")}';
const DIRECTIVE = "%{ if true }x%{ endif }";
const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const OIDC = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };

/** The synthesized stacks of a configuration read from a file. */
function synthFromFile(config: object): Record<string, any> {
  const source = PlatformConfigSource.parse(JSON.stringify(config), "platform.json");
  const platform = source.locate(() => new Platform(Testing.app(), { config: source.config }));
  const [stacks] = Object.values(platform.environments);
  return { cluster: JSON.parse(Testing.synth(stacks.clusterStack)), workloads: JSON.parse(Testing.synth(stacks.workloadsStack)) };
}

describe("from platform.json", () => {
  const planted = `${READ_FILE} ${DIRECTIVE}`;
  const synth = synthFromFile({
    localStateDir: "state-${x}",
    environments: [
      {
        name: "dev",
        region: "eu-west-1",
        cluster: {
          clusterName: "dev",
          vpc: {},
          addons: { ebsCsiDriver: { configurationValues: { [`k ${planted}`]: `v ${planted}` } } },
        },
        workloads: [
          {
            serviceAccounts: [{ namespace: "apps", name: "reader", annotations: { "example.com/note": `a ${planted}` } }],
            description: `d ${planted}`,
            policyStatements: [
              {
                actions: ["s3:GetObject"],
                resources: ["arn:aws:s3:::b/home/${aws:username}/*"],
                conditions: [{ test: "StringEquals", variable: "aws:PrincipalTag/team", values: [`v ${planted}`] }],
              },
            ],
          },
        ],
      },
    ],
  });

  test("nothing written in the file is live in the synthesized stacks", () => {
    const fromInput = liveSequences(synth).filter((s) => /file|endif|if true|aws:username|\$\{x\}/.test(s));
    expect(fromInput).toEqual([]);
  });

  test("a description, an annotation and configuration values reach AWS and Kubernetes as written", () => {
    const [, role] = single(synth.workloads, "aws_iam_role");
    expect(role.description).toBe('d $${file("/etc/passwd")} %%{ if true }x%%{ endif }');
    const [, account] = single(synth.workloads, "kubernetes_service_account_v1");
    expect(account.metadata.annotations["example.com/note"]).toBe('a $${file("/etc/passwd")} %%{ if true }x%%{ endif }');
    const addon = ofType(synth.cluster, "aws_eks_addon").find(([, a]) => a.addon_name === "aws-ebs-csi-driver")![1];
    expect(addon.configuration_values).toBe(JSON.stringify({ [`k ${planted}`]: `v ${planted}` }).replace(/([$%])\{/g, "$1$1{"));
    expect(synth.workloads.terraform.backend.local.path).toMatch(/state-\$\$\{x\}\/terraform\.workloads-dev\.tfstate$/);
  });

  test("an IAM policy variable written ${aws:username} in the file reaches IAM as written", () => {
    const [, policy] = single(synth.workloads, "aws_iam_policy");
    // Terraform reads $${ as a literal ${: IAM gets "arn:aws:s3:::b/home/${aws:username}/*".
    expect(policy.policy).toContain('"Resource":"arn:aws:s3:::b/home/$${aws:username}/*"');
    expect(policy.policy).toContain(`"v $\${file(\\"/etc/passwd\\")} %%{ if true }x%%{ endif }"`);
  });
});

describe("from TypeScript", () => {
  test("a ${...} typed into a plain string is written as data; a cdktf token stays a live reference", () => {
    const { stack } = testStack("workloads");
    new WorkloadIdentity(stack, "app", {
      cluster: fakeCluster({ oidcProvider: OIDC }),
      serviceAccounts: [{ namespace: "apps", name: "reader", annotations: { "example.com/note": "${var.note}" } }],
      description: `${READ_FILE} for ${Token.asString(ref("var.team"))}`,
      policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${Token.asString(ref("var.bucket"))}/\${aws:username}/*`] }],
    });
    const synth = synthJson(stack);
    const [, role] = single(synth, "aws_iam_role");
    expect(role.description).toBe('$${file("/etc/passwd")} for ${var.team}');
    const [, account] = single(synth, "kubernetes_service_account_v1");
    expect(account.metadata.annotations["example.com/note"]).toBe("$${var.note}");
    const [, policy] = single(synth, "aws_iam_policy");
    expect(liveSequences(policy.policy)).toEqual(['${trimsuffix(trimprefix(jsonencode(var.bucket), "\\""), "\\"")}']);
    expect(policy.policy).toContain("/$${aws:username}/*");
  });
});
