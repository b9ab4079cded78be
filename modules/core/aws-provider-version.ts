/**
 * Which hashicorp/aws version a stack synthesizes into `terraform.required_providers.aws`, and the
 * features of the library that need a newer one than some users run.
 *
 * The prebuilt bindings pin a provider version (`@cdktf/provider-aws` 21.22.1: 6.25.0;
 * `@cdktn/provider-aws` 25.7.0: 6.66.0), and that version is what `required_providers` says unless
 * the stack chooses another with {@link AwsProviderVersion.use}: on cdktf, a newer provider than the
 * bindings, for an argument the library writes through an override; or an older one that an
 * organisation still pins. A construct that synthesizes a feature the table below names calls
 * {@link AwsProviderVersion.requireFeature}; the synth then fails, naming the feature, the version
 * it needs and the version the stack would install, instead of `terraform plan` failing later with
 * "Unsupported argument".
 */
import { TerraformProvider, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { ValidationError } from "./errors";
import type { Rule } from "./rule";

/** A feature of the AWS provider the library synthesizes, with the first provider version that has it. */
export interface AwsProviderFeatureInfo {
  /** The first hashicorp/aws version with the feature (`X.Y.Z`). */
  readonly since: string;
  /** What the feature is in Terraform's terms: the resource type and argument. */
  readonly terraform: string;
}

/** The features the library checks, by name. A feature newer than the bindings is written through an override. */
export type AwsProviderFeature =
  | "eksPodIdentityAssociation"
  | "eksPodIdentityTargetRole"
  | "eksZonalShift"
  | "eksAddonPodIdentity"
  | "eksAutoMode"
  | "eksDeletionProtection"
  | "eksPodIdentitySessionPolicy";

// From the provider's CHANGELOG. 6.1.0 was withdrawn from the registry; its changes shipped in 6.2.0.
const FEATURES: { readonly [F in AwsProviderFeature]: AwsProviderFeatureInfo } = {
  eksPodIdentityAssociation: { since: "5.29.0", terraform: "resource aws_eks_pod_identity_association (EKS Pod Identity)" },
  eksPodIdentityTargetRole: { since: "6.2.0", terraform: "aws_eks_pod_identity_association.target_role_arn and .disable_session_tags" },
  eksZonalShift: { since: "5.74.0", terraform: "aws_eks_cluster.zonal_shift_config" },
  eksAddonPodIdentity: { since: "5.75.0", terraform: "aws_eks_addon.pod_identity_association" },
  eksAutoMode: {
    since: "5.79.0",
    terraform: "aws_eks_cluster.compute_config, .storage_config and .kubernetes_network_config.elastic_load_balancing (EKS Auto Mode)",
  },
  eksDeletionProtection: { since: "6.9.0", terraform: "aws_eks_cluster.deletion_protection" },
  // hashicorp/terraform-provider-aws#48869; newer than the 6.25 bindings: written through an override.
  eksPodIdentitySessionPolicy: { since: "6.57.1", terraform: "aws_eks_pod_identity_association.policy (a session policy)" },
};

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;
const CLAUSE = /^(=|!=|>=|<=|~>|>|<)?\s*(\S+)$/;

type Version = readonly [number, number, number];

function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const ALLOWED =
  'an exact version ("6.66.0") or a Terraform constraint with a lower bound ("~> 6.66", ">= 6.66.0, < 7.0.0"): the features the library synthesizes are checked against that bound';

/**
 * The lowest version a Terraform version constraint admits (`X.Y.Z`), or what is allowed when the
 * text is no constraint or has no lower bound (`=`, `>=`, `~>` or a bare version).
 */
function lowerBoundOf(constraint: string): { readonly version: string } | { readonly allowed: string } {
  let lowest: Version | undefined;
  for (const clause of constraint.split(",").map((c) => c.trim())) {
    const m = CLAUSE.exec(clause);
    const version = m ? parseVersion(m[2]) : undefined;
    if (!m || !version) return { allowed: ALLOWED };
    const op = m[1] ?? "=";
    if (op === ">") return { allowed: `${ALLOWED}; ">" has no lowest version, write ">=" with the first version you mean` };
    if ((op === "=" || op === ">=" || op === "~>") && (lowest === undefined || compare(version, lowest) > 0)) lowest = version;
  }
  return lowest === undefined ? { allowed: ALLOWED } : { version: lowest.join(".") };
}

/** The rule of a chosen hashicorp/aws version: exact, or a Terraform constraint with a lower bound. */
export const awsProviderVersionRule: Rule<string> = (value) => {
  const bound = lowerBoundOf(value);
  return "allowed" in bound ? bound.allowed : undefined;
};

/** The lower bound of a constraint; fails naming `field` when there is none. */
function lowerBound(field: string, constraint: string): string {
  const bound = lowerBoundOf(constraint);
  if ("allowed" in bound) throw ValidationError.invalid(field, constraint, bound.allowed);
  return bound.version;
}

const chosen = new WeakMap<TerraformStack, string>();
const required = new WeakMap<TerraformStack, Map<AwsProviderFeature, string>>();

/** The version the stack's aws provider bindings declare (what required_providers says unless chosen), if it has one. */
function bindingsVersion(stack: TerraformStack): string | undefined {
  for (const construct of stack.node.findAll()) {
    if (TerraformProvider.isTerraformProvider(construct) && construct.terraformResourceType === "aws") {
      return construct.terraformGeneratorMetadata?.providerVersion;
    }
  }
  return undefined;
}

/**
 * The hashicorp/aws version a stack synthesizes into `required_providers`, and the synth-time check
 * of the features that need a newer one. See docs/cdktf-or-cdk-terrain.md.
 */
// biome-ignore lint/complexity/noStaticOnlyClass: the package root exports no free function (test/api.test.ts); the statics keep the three together
export class AwsProviderVersion {
  /** The features the library checks, with the first hashicorp/aws version that has each. */
  public static readonly features: { readonly [F in AwsProviderFeature]: AwsProviderFeatureInfo } = FEATURES;

  /**
   * Chooses the hashicorp/aws version (or constraint) written into the stack's
   * `terraform.required_providers.aws.version`, in place of the bindings' own. The provider's
   * arguments are still those of the bindings: choose a newer provider to reach a feature the
   * library writes through an override, or an older one the organisation pins (every feature the
   * stack uses must exist in it: the synth checks).
   * @param version an exact version (`6.66.0`) or a constraint with a lower bound (`~> 6.66`, `>= 6.66.0, < 7.0.0`)
   */
  public static use(stack: TerraformStack, version: string): void {
    lowerBound("awsProviderVersion", version);
    const before = chosen.get(stack);
    if (before !== undefined && before !== version) {
      throw ValidationError.invalid(
        "awsProviderVersion",
        version,
        `stack ${stack.node.path} already synthesizes hashicorp/aws ${JSON.stringify(before)}: choose its version once`,
      );
    }
    chosen.set(stack, version);
    stack.addOverride("terraform.required_providers.aws.version", version);
  }

  /**
   * The lowest hashicorp/aws version the scope's stack admits: the lower bound of the chosen
   * version, else the version its aws provider bindings declare; undefined for a stack with neither.
   */
  public static of(scope: IConstruct): string | undefined {
    const stack = TerraformStack.of(scope);
    const version = chosen.get(stack);
    return version !== undefined ? lowerBound("awsProviderVersion", version) : bindingsVersion(stack);
  }

  /**
   * Declares that `scope` synthesizes `feature`. When the stack is synthesized, its hashicorp/aws
   * version ({@link AwsProviderVersion.of}) must have it, else the synth fails with the feature, the
   * version it needs, the stack's version and how to choose another. The check runs at synth, so the
   * version may be chosen before or after.
   */
  public static requireFeature(scope: IConstruct, feature: AwsProviderFeature): void {
    if (!Object.hasOwn(FEATURES, feature)) {
      throw ValidationError.invalid("feature", feature, `one of ${Object.keys(FEATURES).join(", ")}`);
    }
    const stack = TerraformStack.of(scope);
    let features = required.get(stack);
    if (features === undefined) {
      const map = new Map<AwsProviderFeature, string>();
      required.set(stack, map);
      features = map;
      stack.node.addValidation({ validate: () => AwsProviderVersion.missingFeatures(stack, map) });
    }
    if (!features.has(feature)) features.set(feature, scope.node.path);
  }

  /** The error of each feature the stack uses that its provider version lacks. */
  private static missingFeatures(stack: TerraformStack, features: ReadonlyMap<AwsProviderFeature, string>): string[] {
    const version = AwsProviderVersion.of(stack);
    const have = version === undefined ? undefined : parseVersion(version);
    if (have === undefined) return [];
    const errors: string[] = [];
    for (const [feature, usedBy] of features) {
      const { since, terraform } = FEATURES[feature];
      if (compare(have, parseVersion(since)!) >= 0) continue;
      const where = chosen.has(stack) ? `chosen with AwsProviderVersion.use: ${JSON.stringify(chosen.get(stack))}` : "the version of its aws provider bindings";
      errors.push(
        `${usedBy} synthesizes ${terraform}, which needs hashicorp/aws ${since} or newer, but this stack's required_providers.aws admits ${version} (${where}): ` +
          `choose a newer provider with AwsProviderVersion.use(stack, ">= ${since}") (on CDK Terrain, @cdktn/provider-aws 25.x declares 6.66.0)`,
      );
    }
    return errors;
  }
}
