import { ValidationError } from "../core/errors";
import type { EksAddonSettings } from "./eks-addon-settings";

/**
 * The cluster's own EKS add-ons: what every node needs (pod and service networking, DNS) and the
 * EKS Pod Identity agent. `EksCluster` installs them (vpc-cni with its own IRSA role) on every
 * cluster with nodes it does not leave to Auto Mode; these are their settings.
 */
export interface CoreAddons {
  /**
   * `vpc-cni`: pod networking (`{ "env": { "ENABLE_PREFIX_DELEGATION": "true" } }`, `{ "enableNetworkPolicy": "true" }`).
   * @default EKS's defaults
   */
  readonly vpcCni?: EksAddonSettings;
  /**
   * `kube-proxy`: service networking.
   * @default EKS's defaults
   */
  readonly kubeProxy?: EksAddonSettings;
  /**
   * `coredns`: cluster DNS (`{ "replicaCount": 3 }`). On a cluster whose only compute is Fargate,
   * `{ "computeType": "Fargate" }` is set unless given.
   * @default EKS's defaults
   */
  readonly coreDns?: EksAddonSettings;
  /**
   * `eks-pod-identity-agent`, when installed (see `podIdentityAgent`).
   * @default EKS's defaults
   */
  readonly podIdentityAgent?: EksAddonSettings;
}

/** A key of {@link CoreAddons}. */
export type CoreAddonKey = keyof CoreAddons;

/** The EKS add-on name of each of the cluster's own add-ons. */
export const CORE_ADDONS: { readonly [K in CoreAddonKey]: string } = {
  vpcCni: "vpc-cni",
  kubeProxy: "kube-proxy",
  coreDns: "coredns",
  podIdentityAgent: "eks-pod-identity-agent",
};

/** The EKS add-on names of the cluster's own add-ons. */
export const CORE_ADDON_NAMES: readonly string[] = Object.values(CORE_ADDONS);

/** The key of one of the cluster's own add-ons, by its EKS add-on name. */
export function coreAddonKeyOf(name: string): CoreAddonKey | undefined {
  return (Object.keys(CORE_ADDONS) as CoreAddonKey[]).find((key) => CORE_ADDONS[key] === name);
}

/**
 * The settings of the cluster's own add-ons from `coreAddons`, with the versions of the deprecated
 * `addonVersions` (refused when `coreAddons` gives the same add-on's version too).
 */
export function coreAddonSettings(
  coreAddons: CoreAddons | undefined,
  addonVersions: { readonly [K in CoreAddonKey]?: string } | undefined,
): { readonly [K in CoreAddonKey]: EksAddonSettings } {
  if (coreAddons !== undefined && (coreAddons === null || typeof coreAddons !== "object" || Array.isArray(coreAddons))) {
    throw ValidationError.invalid("coreAddons", coreAddons, "give an object { vpcCni, kubeProxy, coreDns, podIdentityAgent } of add-on settings");
  }
  const known = Object.keys(CORE_ADDONS);
  const unknown = Object.keys(coreAddons ?? {}).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw ValidationError.invalid("coreAddons", unknown, `the cluster's own add-ons are ${known.join(", ")}; other EKS add-ons go in eksAddons`);
  }
  const out = {} as { [K in CoreAddonKey]: EksAddonSettings };
  for (const key of Object.keys(CORE_ADDONS) as CoreAddonKey[]) {
    const settings = coreAddons?.[key] ?? {};
    const version = addonVersions?.[key];
    if (version !== undefined && settings.version !== undefined) {
      throw new ValidationError(
        `addonVersions.${key}`,
        `and coreAddons.${key}.version are both set: addonVersions is deprecated, give the version in coreAddons.${key}.version only`,
      );
    }
    out[key] = version === undefined ? settings : { ...settings, version };
  }
  return out;
}
