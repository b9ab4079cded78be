// Fargate profiles as the EKS User Guide describes them ("Define which Pods use AWS Fargate when
// launched", "Amazon EKS Pod execution IAM role"): up to five selectors of a namespace (which may
// hold the wildcards `*` and `?`) and labels, private subnets, and a pod execution role trusted by
// eks-fargate-pods.amazonaws.com for the cluster's profiles only, with
// AmazonEKSFargatePodExecutionRolePolicy. EKS Pod Identity does not run on Fargate: its pods get
// AWS credentials through IRSA only.
import { type ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { EksFargateProfile } from "@cdktf/provider-aws/lib/eks-fargate-profile";
import { ValidationError } from "../core/errors";
import { checkRule, rules, validateDistinct, validateLabels, validateNamespace, validateNonEmptyList } from "../core/naming";
import { validateTags } from "../iam/iam-limits";
import { patternsOverlap } from "../iam/wildcards";
import { writeAsData } from "../core/literal-text";

/** Which pods a Fargate profile runs: those of a namespace that carry all the labels. */
export interface FargateSelector {
  /** The pods' namespace; `*` and `?` match any characters (`team-*`). */
  readonly namespace: string;
  /**
   * Labels a pod must all carry to run on Fargate.
   * @default none: every pod of the namespace
   */
  readonly labels?: { readonly [key: string]: string };
}

/** Options of one Fargate profile. */
export interface FargateProfileOptions {
  /** Which pods run on Fargate: one to five selectors. */
  readonly selectors: readonly FargateSelector[];
  /**
   * The subnets of the pods: private subnets (with no route to an internet gateway).
   * @default the cluster's subnets (the private ones of the VPC it created)
   */
  readonly subnetIds?: readonly string[];
  /**
   * Tags of the profile, besides the cluster's.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
}

/** Props of {@link FargateProfile}. */
export interface FargateProfileProps extends FargateProfileOptions {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The profile's name, unique in the cluster. */
  readonly profileName: string;
  /** ARN of the pod execution role: what Fargate pulls images and writes logs as. */
  readonly podExecutionRoleArn: string;
  /**
   * What must exist first (the pod execution role's policy attachment).
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** A Fargate profile (`aws_eks_fargate_profile`) at `fargate-profile-<name>` of the cluster. */
export class FargateProfile extends Construct {
  /** The profile's name. */
  public readonly profileName: string;
  /** Which pods it runs. */
  public readonly selectors: readonly FargateSelector[];
  /** The `aws_eks_fargate_profile` resource. */
  public readonly resource: EksFargateProfile;

  constructor(scope: Construct, id: string, props: FargateProfileProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    const field = `fargateProfiles.${props.profileName}`;
    checkRule("profileName", props.profileName, rules.fargateProfileName);
    validateFargateProfileOptions(field, props);
    this.profileName = props.profileName;
    this.selectors = props.selectors.map((s) => ({ namespace: s.namespace, ...(s.labels ? { labels: { ...s.labels } } : {}) }));
    this.resource = new EksFargateProfile(this, "profile", {
      clusterName: props.clusterName,
      fargateProfileName: props.profileName,
      podExecutionRoleArn: props.podExecutionRoleArn,
      subnetIds: props.subnetIds ? [...props.subnetIds] : undefined,
      selector: this.selectors.map((s) => ({ namespace: s.namespace, labels: s.labels ? { ...s.labels } : undefined })),
      tags: props.tags && Object.keys(props.tags).length > 0 ? { ...props.tags } : undefined,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}

/** The most selectors a Fargate profile has (EKS's quota). */
export const FARGATE_SELECTORS_MAX = 5;

/** Checks a Fargate profile's options; `field` is the profile's (`fargateProfiles.<name>`). */
export function validateFargateProfileOptions(field: string, options: FargateProfileOptions): void {
  if (options === null || typeof options !== "object" || !Array.isArray(options.selectors)) {
    throw ValidationError.missing(`${field}.selectors`, 'give one to five selectors { "namespace": ..., "labels": {...} }');
  }
  validateNonEmptyList(`${field}.selectors`, options.selectors, "selector { namespace, labels }");
  if (options.selectors.length > FARGATE_SELECTORS_MAX) {
    throw ValidationError.invalid(
      `${field}.selectors`,
      `${options.selectors.length} selectors`,
      `a Fargate profile has at most ${FARGATE_SELECTORS_MAX} selectors`,
    );
  }
  options.selectors.forEach((s, i) => {
    validateNamespace(`${field}.selectors[${i}].namespace`, s.namespace, true);
    validateLabels(`${field}.selectors[${i}].labels`, s.labels);
  });
  validateDistinct(`${field}.selectors`, options.selectors);
  if (options.subnetIds !== undefined) {
    validateNonEmptyList(`${field}.subnetIds`, options.subnetIds, "private subnet");
    options.subnetIds.forEach((subnet, i) => checkRule(`${field}.subnetIds[${i}]`, subnet, rules.subnetId));
    validateDistinct(`${field}.subnetIds`, options.subnetIds);
  }
  validateTags(`${field}.tags`, options.tags);
}

/** A selector of a profile that matches a namespace. */
export interface FargateMatch {
  readonly profile: string;
  readonly selector: FargateSelector;
}

/**
 * The selectors of the profiles that take pods of a namespace to Fargate: `all` those that take every
 * pod of it (no labels), `some` those that take pods with certain labels. A namespace only known at
 * apply time matches nothing.
 */
export function fargateSelectorsOf(profiles: readonly FargateProfile[], namespace: string): { all: FargateMatch[]; some: FargateMatch[] } {
  const all: FargateMatch[] = [];
  const some: FargateMatch[] = [];
  if (Token.isUnresolved(namespace)) return { all, some };
  for (const profile of profiles) {
    for (const selector of profile.selectors) {
      if (Token.isUnresolved(selector.namespace) || !patternsOverlap(selector.namespace, namespace)) continue;
      const labelled = selector.labels !== undefined && Object.keys(selector.labels).length > 0;
      (labelled ? some : all).push({ profile: profile.profileName, selector });
    }
  }
  return { all, some };
}
