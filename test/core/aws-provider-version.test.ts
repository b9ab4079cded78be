/**
 * The hashicorp/aws version a stack synthesizes into required_providers (the bindings' own, or one
 * chosen with AwsProviderVersion.use, in code or in platform.json), and the synth-time refusal of a
 * feature that version lacks.
 */
import { readFileSync } from "node:fs";
import { TerraformProvider, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { EksCluster } from "../../modules/cluster/eks-cluster";
import { AwsProviderVersion } from "../../modules/core/aws-provider-version";
import { WorkloadIdentity } from "../../modules/identity/workload-identity";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import { Platform } from "../../modules/platform/platform";
import { fakeCluster, type Synthesized, testStack, validationErrorOf } from "../support/helpers";

const BINDINGS_VERSION = "6.25.0";

function synth(stack: TerraformStack): Synthesized {
  return JSON.parse(Testing.synth(stack, true));
}

/** The message of the error the validated synth throws. */
function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the synth to fail");
}

describe("the version in required_providers", () => {
  test("is the bindings' own unless chosen", () => {
    const { stack } = testStack();
    expect(synth(stack).terraform!.required_providers.aws).toEqual({ source: "aws", version: BINDINGS_VERSION });
    expect(AwsProviderVersion.of(stack)).toBe(BINDINGS_VERSION);
  });

  test.each([
    ["6.66.0", "6.66.0"],
    ["~> 6.66", "6.66.0"],
    [">= 6.50.1, < 7.0.0", "6.50.1"],
    ["= 6.30.0", "6.30.0"],
    ["~> 6.40.2, != 6.41.0", "6.40.2"],
  ])("AwsProviderVersion.use(stack, %j) writes it as it is, and the features are checked against %s", (chosen, lowest) => {
    const { stack } = testStack();
    const child = new Construct(stack, "child");
    AwsProviderVersion.use(stack, chosen);
    AwsProviderVersion.use(stack, chosen); // the same choice again changes nothing
    expect(synth(stack).terraform!.required_providers.aws).toEqual({ source: "aws", version: chosen });
    expect(AwsProviderVersion.of(child)).toBe(lowest);
  });

  test("a stack without an aws provider and no choice has no version", () => {
    expect(AwsProviderVersion.of(new TerraformStack(Testing.app(), "empty"))).toBeUndefined();
  });

  test.each([["latest"], ["6"], [""], ["< 7.0.0"], ["!= 6.0.0"], ["6.66.0-beta1"], ["~> six"]])("fails when the version chosen is %j", (version) => {
    const { stack } = testStack();
    const error = validationErrorOf(() => AwsProviderVersion.use(stack, version));
    expect(error.field).toBe("awsProviderVersion");
    expect(error.problem).toBe(
      `${JSON.stringify(version)} is invalid: an exact version ("6.66.0") or a Terraform constraint with a lower bound ("~> 6.66", ">= 6.66.0, < 7.0.0"): the features the library synthesizes are checked against that bound`,
    );
  });

  test("fails when the version chosen is a bare > (it admits no lowest version)", () => {
    const { stack } = testStack();
    expect(validationErrorOf(() => AwsProviderVersion.use(stack, "> 6.4.0")).problem).toMatch(
      /">" has no lowest version, write ">=" with the first version you mean$/,
    );
  });

  test("fails when a stack's version is chosen twice, differently", () => {
    const { stack } = testStack();
    AwsProviderVersion.use(stack, "6.66.0");
    const error = validationErrorOf(() => AwsProviderVersion.use(stack, "6.60.0"));
    expect(error.message).toBe('awsProviderVersion "6.60.0" is invalid: stack test already synthesizes hashicorp/aws "6.66.0": choose its version once');
  });
});

describe("a feature the stack's provider version lacks", () => {
  const podIdentity = (stack: TerraformStack, podIdentityOptions = {}) =>
    new WorkloadIdentity(stack, "pay", {
      cluster: fakeCluster(),
      serviceAccounts: [{ namespace: "pay", name: "api" }],
      mechanism: "podIdentity",
      podIdentity: podIdentityOptions,
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });

  test("the table names each feature's Terraform argument and first version", () => {
    expect(AwsProviderVersion.features).toEqual({
      eksPodIdentityAssociation: { since: "5.29.0", terraform: "resource aws_eks_pod_identity_association (EKS Pod Identity)" },
      eksPodIdentityTargetRole: { since: "6.2.0", terraform: "aws_eks_pod_identity_association.target_role_arn and .disable_session_tags" },
      eksZonalShift: { since: "5.74.0", terraform: "aws_eks_cluster.zonal_shift_config" },
      eksAddonPodIdentity: { since: "5.75.0", terraform: "aws_eks_addon.pod_identity_association" },
      eksAutoMode: {
        since: "5.79.0",
        terraform: "aws_eks_cluster.compute_config, .storage_config and .kubernetes_network_config.elastic_load_balancing (EKS Auto Mode)",
      },
      eksDeletionProtection: { since: "6.9.0", terraform: "aws_eks_cluster.deletion_protection" },
      eksPodIdentitySessionPolicy: { since: "6.57.1", terraform: "aws_eks_pod_identity_association.policy (a session policy)" },
    });
  });

  test("fails at synth when a cluster's Auto Mode, deletion protection or zonal shift needs a newer provider than the stack's", () => {
    const { stack } = testStack();
    AwsProviderVersion.use(stack, "~> 5.80");
    new EksCluster(stack, "eks", {
      clusterName: "c",
      subnetIds: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
      autoMode: {},
      deletionProtection: true,
      zonalShift: true,
    });
    const message = synthError(stack);
    expect(message).toContain("test/eks synthesizes aws_eks_cluster.deletion_protection, which needs hashicorp/aws 6.9.0 or newer");
    expect(message).not.toContain("zonal_shift_config,");
    expect(message).not.toContain("(EKS Auto Mode), which");
    const { stack: older } = testStack();
    AwsProviderVersion.use(older, "5.70.0");
    new EksCluster(older, "eks", { clusterName: "c", subnetIds: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"], autoMode: {}, zonalShift: true });
    const both = synthError(older);
    expect(both).toContain("(EKS Auto Mode), which needs hashicorp/aws 5.79.0 or newer");
    expect(both).toContain("zonal_shift_config, which needs hashicorp/aws 5.74.0 or newer");
  });

  test("the bindings' version has every feature the library uses: Pod Identity with a target role synthesizes", () => {
    const { stack } = testStack();
    podIdentity(stack, { targetRoleArn: "arn:aws:iam::210987654321:role/target", sessionTags: false });
    expect(Object.keys(synth(stack).resource!.aws_eks_pod_identity_association)).toHaveLength(1);
  });

  test("fails at synth when an older provider is chosen, before or after the construct that needs it, naming the feature, both versions and the way out", () => {
    const { stack } = testStack();
    AwsProviderVersion.use(stack, "~> 5.28.0");
    podIdentity(stack);
    expect(synthError(stack)).toContain(
      '[test] test/pay synthesizes resource aws_eks_pod_identity_association (EKS Pod Identity), which needs hashicorp/aws 5.29.0 or newer, but this stack\'s required_providers.aws admits 5.28.0 (chosen with AwsProviderVersion.use: "~> 5.28.0"): choose a newer provider with AwsProviderVersion.use(stack, ">= 5.29.0")',
    );

    const { stack: later } = testStack();
    podIdentity(later, { targetRoleArn: "arn:aws:iam::210987654321:role/target" });
    AwsProviderVersion.use(later, "6.0.0");
    const message = synthError(later);
    expect(message).toContain(
      "test/pay synthesizes aws_eks_pod_identity_association.target_role_arn and .disable_session_tags, which needs hashicorp/aws 6.2.0 or newer",
    );
    expect(message).not.toContain("EKS Pod Identity),");
  });

  test("each feature is checked on its own: Pod Identity without a target role or session-tag setting synthesizes on 6.0.0", () => {
    const { stack } = testStack();
    podIdentity(stack);
    AwsProviderVersion.use(stack, "6.0.0");
    expect(synth(stack).terraform!.required_providers.aws.version).toBe("6.0.0");
  });

  test("fails at synth when the bindings' own version lacks the feature and none is chosen", () => {
    // Bindings of an older provider, as an older @cdktf/provider-aws declares them.
    class OldAwsBindings extends TerraformProvider {
      constructor(scope: Construct, id: string) {
        super(scope, id, {
          terraformResourceType: "aws",
          terraformGeneratorMetadata: { providerName: "aws", providerVersion: "5.20.0" },
          terraformProviderSource: "aws",
        });
      }
    }
    const stack = new TerraformStack(Testing.app(), "old");
    new OldAwsBindings(stack, "aws");
    AwsProviderVersion.requireFeature(new Construct(stack, "pods"), "eksPodIdentityAssociation");
    expect(AwsProviderVersion.of(stack)).toBe("5.20.0");
    expect(synthError(stack)).toContain(
      "[old] old/pods synthesizes resource aws_eks_pod_identity_association (EKS Pod Identity), which needs hashicorp/aws 5.29.0 or newer, but this stack's required_providers.aws admits 5.20.0 (the version of its aws provider bindings)",
    );
  });

  test("fails when a construct requires a feature the table does not name", () => {
    const { stack } = testStack();
    expect(validationErrorOf(() => AwsProviderVersion.requireFeature(stack, "teleport" as never)).message).toBe(
      'feature "teleport" is invalid: one of eksPodIdentityAssociation, eksPodIdentityTargetRole, eksZonalShift, eksAddonPodIdentity, eksAutoMode, eksDeletionProtection, eksPodIdentitySessionPolicy',
    );
  });
});

describe("platform.json's awsProviderVersion", () => {
  const example = () => JSON.parse(readFileSync(EXAMPLE_PLATFORM_CONFIG_FILE, "utf8"));

  test("is written into the required_providers of both stacks of every environment", () => {
    const config = PlatformConfigSource.parse(JSON.stringify({ ...example(), awsProviderVersion: "~> 6.66" }), "platform.json").config;
    const platform = new Platform(Testing.app(), { config, environments: ["dev"] });
    const { clusterStack, workloadsStack } = platform.environments.dev;
    for (const stack of [clusterStack, workloadsStack]) {
      expect(JSON.parse(Testing.synth(stack)).terraform.required_providers.aws).toEqual({ source: "aws", version: "~> 6.66" });
    }
  });

  test("fails when it has no lower bound, at its place in the file", () => {
    const text = JSON.stringify({ ...example(), awsProviderVersion: "< 7" }, null, 2);
    expect(() => PlatformConfigSource.parse(text, "platform.json")).toThrow(/platform\.json:\d+:\d+: awsProviderVersion "< 7" is invalid: an exact version/);
  });
});
