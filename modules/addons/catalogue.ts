import { ValidationError, withField } from "../core/errors";
import type { PolicyStatement } from "../iam/policy-statement";
import type { ServiceAccountSubject } from "../iam/trust-policy";
import { certManager } from "./cert-manager";
import { cloudWatchObservability } from "./cloudwatch-observability";
import { clusterAutoscaler } from "./cluster-autoscaler";
import { ebsCsiDriver } from "./ebs-csi-driver";
import { efsCsiDriver } from "./efs-csi-driver";
import { externalDns } from "./external-dns";
import { externalSecrets } from "./external-secrets";
import { fsxLustreCsiDriver } from "./fsx-lustre-csi-driver";
import { karpenter } from "./karpenter";
import { loadBalancerController, loadBalancerControllerTargetGroupBinding } from "./load-balancer-controller";
import { managedPrometheus } from "./managed-prometheus";
import { mountpointS3CsiDriver } from "./mountpoint-s3-csi-driver";
import { nodeTerminationHandler } from "./node-termination-handler";
import { ownedServiceAccounts, type AddonPreset, type PresetContext, type PresetInputs } from "./preset";
import { velero } from "./velero";

export * from "./preset";
export * from "./cert-manager";
export * from "./cloudwatch-observability";
export * from "./cluster-autoscaler";
export * from "./ebs-csi-driver";
export * from "./efs-csi-driver";
export * from "./external-dns";
export * from "./external-secrets";
export * from "./fsx-lustre-csi-driver";
export * from "./karpenter";
export * from "./load-balancer-controller";
export * from "./managed-prometheus";
export * from "./mountpoint-s3-csi-driver";
export * from "./node-termination-handler";
export * from "./velero";

/** Every add-on preset, by its ID (the key a configuration file's `addons` uses). */
export const ADDON_PRESETS = {
  loadBalancerController,
  loadBalancerControllerTargetGroupBinding,
  externalDns,
  certManager,
  clusterAutoscaler,
  karpenter,
  ebsCsiDriver,
  efsCsiDriver,
  mountpointS3CsiDriver,
  fsxLustreCsiDriver,
  externalSecrets,
  velero,
  managedPrometheus,
  cloudWatchObservability,
  nodeTerminationHandler,
} as const;

/** The ID of a preset: `"loadBalancerController"`, `"externalDns"`, ... */
export type AddonPresetId = keyof typeof ADDON_PRESETS;

/** The inputs of each preset, by ID. */
export type AddonPresetInputs = { readonly [K in AddonPresetId]: PresetInputs<(typeof ADDON_PRESETS)[K]> };

/**
 * A choice of presets with their inputs, as a configuration enables them:
 * `{ loadBalancerController: {}, externalDns: { hostedZoneArns: [...] } }`.
 */
export type AddonSelection = { readonly [K in AddonPresetId]?: AddonPresetInputs[K] };

/** A preset applied to its inputs and context. */
export interface ResolvedPreset {
  /** The preset. */
  readonly preset: AddonPreset<unknown>;
  /** The statements of the role's policy. */
  readonly statements: PolicyStatement[];
  /** AWS-managed policies to attach besides. */
  readonly managedPolicyArns: string[];
}

/** Whether a key names a preset of the catalogue. */
export function isAddonPresetId(id: string): id is AddonPresetId {
  return Object.hasOwn(ADDON_PRESETS, id);
}

/**
 * Applies a preset by ID: checks its inputs and returns its statements and managed policy ARNs. A
 * bad input throws a `ValidationError` whose field starts with `field` (`addons.externalDns.hostedZoneArns[0]`).
 * @param field where the inputs came from, for error messages
 */
export function resolveAddonPreset<K extends AddonPresetId>(id: K, inputs: AddonPresetInputs[K], ctx: PresetContext, field = `addons.${id}`): ResolvedPreset {
  if (!isAddonPresetId(id)) {
    throw ValidationError.invalid(field, id, `known add-on presets are ${Object.keys(ADDON_PRESETS).join(", ")}`);
  }
  const preset = ADDON_PRESETS[id] as AddonPreset<AddonPresetInputs[K]>;
  return withField(field, () => ({
    preset: preset as AddonPreset<unknown>,
    statements: preset.statements(inputs, ctx),
    managedPolicyArns: preset.managedPolicyArns?.(inputs, ctx) ?? [],
  }));
}

/**
 * The service accounts the catalogue's add-ons own, each with the ID of the preset that owns it:
 * what a guardrail compares user workloads' service accounts with, so that no workload binds a
 * role to (and so impersonates) an add-on's service account.
 */
export function addonServiceAccounts(): { readonly presetId: AddonPresetId; readonly serviceAccount: ServiceAccountSubject }[] {
  return (Object.keys(ADDON_PRESETS) as AddonPresetId[]).flatMap((presetId) =>
    ownedServiceAccounts(ADDON_PRESETS[presetId] as AddonPreset<unknown>).map((serviceAccount) => ({ presetId, serviceAccount })),
  );
}
