import { ValidationError, withField } from "../core/errors";
import type { PolicyStatement } from "../iam/policy-statement";
import type { ServiceAccountSubject } from "../iam/trust-policy";
import { type CertManagerInputs, certManager } from "./cert-manager";
import { type CloudWatchObservabilityInputs, cloudWatchObservability } from "./cloudwatch-observability";
import { type ClusterAutoscalerInputs, clusterAutoscaler } from "./cluster-autoscaler";
import { type EbsCsiDriverInputs, ebsCsiDriver } from "./ebs-csi-driver";
import { type EfsCsiDriverInputs, efsCsiDriver } from "./efs-csi-driver";
import { type ExternalDnsInputs, externalDns } from "./external-dns";
import { type ExternalSecretsInputs, externalSecrets } from "./external-secrets";
import { type FsxLustreCsiDriverInputs, fsxLustreCsiDriver } from "./fsx-lustre-csi-driver";
import { type KarpenterInputs, karpenter } from "./karpenter";
import {
  type LoadBalancerControllerInputs,
  type LoadBalancerControllerTargetGroupBindingInputs,
  loadBalancerController,
  loadBalancerControllerTargetGroupBinding,
} from "./load-balancer-controller";
import { type ManagedPrometheusInputs, managedPrometheus } from "./managed-prometheus";
import { type MountpointS3CsiDriverInputs, mountpointS3CsiDriver } from "./mountpoint-s3-csi-driver";
import { type NodeTerminationHandlerInputs, nodeTerminationHandler } from "./node-termination-handler";
import { type AddonPreset, ownedServiceAccounts, type PresetContext } from "./preset";
import { type VeleroInputs, velero } from "./velero";

/** The inputs of each preset of the catalogue, by the preset's ID (the key a configuration file's `addons` uses). */
export interface AddonPresetInputs {
  /** AWS Load Balancer Controller. */
  readonly loadBalancerController: LoadBalancerControllerInputs;
  /** AWS Load Balancer Controller limited to TargetGroupBinding resources. */
  readonly loadBalancerControllerTargetGroupBinding: LoadBalancerControllerTargetGroupBindingInputs;
  /** external-dns with Route 53. */
  readonly externalDns: ExternalDnsInputs;
  /** cert-manager with Route 53 DNS-01 challenges. */
  readonly certManager: CertManagerInputs;
  /** Kubernetes cluster-autoscaler. */
  readonly clusterAutoscaler: ClusterAutoscalerInputs;
  /** Karpenter's controller. */
  readonly karpenter: KarpenterInputs;
  /** Amazon EBS CSI driver. */
  readonly ebsCsiDriver: EbsCsiDriverInputs;
  /** Amazon EFS CSI driver. */
  readonly efsCsiDriver: EfsCsiDriverInputs;
  /** Mountpoint for Amazon S3 CSI driver. */
  readonly mountpointS3CsiDriver: MountpointS3CsiDriverInputs;
  /** Amazon FSx for Lustre CSI driver. */
  readonly fsxLustreCsiDriver: FsxLustreCsiDriverInputs;
  /** External Secrets Operator. */
  readonly externalSecrets: ExternalSecretsInputs;
  /** Velero. */
  readonly velero: VeleroInputs;
  /** Prometheus with Amazon Managed Service for Prometheus. */
  readonly managedPrometheus: ManagedPrometheusInputs;
  /** Amazon CloudWatch Observability. */
  readonly cloudWatchObservability: CloudWatchObservabilityInputs;
  /** AWS Node Termination Handler in queue mode. */
  readonly nodeTerminationHandler: NodeTerminationHandlerInputs;
}

/** The ID of a preset: `"loadBalancerController"`, `"externalDns"`, ... */
export type AddonPresetId = keyof AddonPresetInputs;

/** Every add-on preset, by its ID, in the catalogue's order (the order presets are applied in). */
export const ADDON_PRESETS: { readonly [K in AddonPresetId]: AddonPreset<AddonPresetInputs[K]> } = {
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
};

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
