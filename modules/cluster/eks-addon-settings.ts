import type { EksAddonConfig } from "@cdktf/provider-aws/lib/eks-addon";
import { ValidationError } from "../core/errors";
import { validateJsonObject } from "../core/json-value";
import { booleanCheck, checkInputs, type InputChecks, oneOfCheck, ruleCheck, rules } from "../core/naming";

/** What EKS does when an add-on it creates finds its Kubernetes objects there already. */
export type AddonCreateConflicts = "NONE" | "OVERWRITE";
/** What EKS does when an update finds fields changed outside EKS; `PRESERVE` keeps them. */
export type AddonUpdateConflicts = "NONE" | "OVERWRITE" | "PRESERVE";

const CREATE_CONFLICTS: readonly AddonCreateConflicts[] = ["NONE", "OVERWRITE"];
const UPDATE_CONFLICTS: readonly AddonUpdateConflicts[] = ["NONE", "OVERWRITE", "PRESERVE"];

/**
 * How EKS installs one add-on (`aws_eks_addon`): the settings every EKS add-on takes, the cluster's
 * own (vpc-cni, kube-proxy, coredns, the Pod Identity agent), the catalogue's and any other alike.
 */
export interface EksAddonSettings {
  /**
   * The add-on's version, `v1.19.2-eksbuild.1` (`aws eks describe-addon-versions --addon-name <name>`).
   * Checked for its form only: no pinned source lists the versions EKS offers.
   * @default EKS's default version for the cluster's Kubernetes version
   */
  readonly version?: string;
  /**
   * The add-on's configuration (`configuration_values`), as an object that is written as JSON; its
   * schema is `aws eks describe-addon-configuration --addon-name <name> --addon-version <version>`.
   * @default none: the add-on's defaults
   */
  readonly configurationValues?: { readonly [key: string]: unknown };
  /**
   * Keep the add-on's Kubernetes objects on the cluster when the add-on is removed from Terraform.
   * @default false
   */
  readonly preserve?: boolean;
  /**
   * What EKS does with Kubernetes objects of the add-on that exist before EKS creates it (a
   * self-managed install): `OVERWRITE` takes them over, `NONE` fails the creation.
   * @default "OVERWRITE"
   */
  readonly resolveConflictsOnCreate?: AddonCreateConflicts;
  /**
   * What EKS does with fields changed outside EKS when it updates the add-on: `OVERWRITE` resets
   * them, `PRESERVE` keeps them, `NONE` fails the update.
   * @default "OVERWRITE"
   */
  readonly resolveConflictsOnUpdate?: AddonUpdateConflicts;
}

/** The keys of {@link EksAddonSettings}, in the order the schema lists them. */
export const EKS_ADDON_SETTING_KEYS = ["version", "configurationValues", "preserve", "resolveConflictsOnCreate", "resolveConflictsOnUpdate"] as const;

/**
 * The check of each setting, which the constructs run and the configuration schema runs on the same
 * field of the file (one rule per input).
 */
export const EKS_ADDON_SETTING_CHECKS: InputChecks<EksAddonSettings> = {
  version: ruleCheck(rules.addonVersion),
  configurationValues: validateJsonObject,
  preserve: booleanCheck,
  resolveConflictsOnCreate: oneOfCheck(CREATE_CONFLICTS),
  resolveConflictsOnUpdate: oneOfCheck(UPDATE_CONFLICTS),
};

/** The `aws_eks_addon` arguments of some settings. */
export type EksAddonArguments = Pick<
  EksAddonConfig,
  "addonVersion" | "configurationValues" | "preserve" | "resolveConflictsOnCreate" | "resolveConflictsOnUpdate"
>;

/**
 * Checks an add-on's settings and returns its `aws_eks_addon` arguments; errors name fields relative
 * to the settings (`version`, `configurationValues.replicaCount`). `defaultConfiguration` is merged
 * under the given `configurationValues` (the given keys win).
 */
export function eksAddonArguments(settings: EksAddonSettings | undefined, defaultConfiguration?: { readonly [key: string]: unknown }): EksAddonArguments {
  const given = settings ?? {};
  if (given === null || typeof given !== "object" || Array.isArray(given)) {
    throw ValidationError.invalid("", given, "give an object of the add-on's settings ({} for the defaults)");
  }
  checkInputs("", given, EKS_ADDON_SETTING_CHECKS);
  const onCreate = given.resolveConflictsOnCreate ?? "OVERWRITE";
  const onUpdate = given.resolveConflictsOnUpdate ?? "OVERWRITE";
  const configuration = defaultConfiguration === undefined ? given.configurationValues : { ...defaultConfiguration, ...given.configurationValues };
  return {
    addonVersion: given.version,
    configurationValues: configuration === undefined ? undefined : JSON.stringify(configuration),
    preserve: given.preserve,
    resolveConflictsOnCreate: onCreate,
    resolveConflictsOnUpdate: onUpdate,
  };
}
