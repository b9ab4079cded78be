import type { z } from "zod";
import type { AddonPresetId } from "../../modules/addons/catalogue";
import type { ClusterAddons } from "../../modules/cluster/cluster-addons";
import type { ClusterConfig, EnvironmentConfig, PlatformConfig, WorkloadConfig } from "../../modules/platform/config";
import type { configSchemas } from "../../modules/platform/config-schema";
import type { AddonVersions, EksClusterProps } from "../../modules/cluster/eks-cluster";
import type { NodeGroupOptions } from "../../modules/cluster/node-group";
import type { AutoModeOptions } from "../../modules/cluster/auto-mode";
import type { ControlPlaneLogGroupOptions } from "../../modules/cluster/control-plane-logs";
import type { CoreAddons } from "../../modules/cluster/core-addons";
import type { EksAddonSettings } from "../../modules/cluster/eks-addon-settings";
import type { EksAddonOptions } from "../../modules/cluster/eks-addons";
import type { FargateProfileOptions } from "../../modules/cluster/fargate-profile";
import type { PolicyStatement } from "../../modules/iam/policy-statement";
import type { StateBackendOptions } from "../../modules/platform/state-backend";
import type { EksVpcOptions } from "../../modules/cluster/vpc";
import type { WorkloadServiceAccount } from "../../modules/identity/workload-identity";
import type { Workload } from "../../modules/platform/workloads-stack";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";

/**
 * The schema, the configuration's types and the constructs' TypeScript interfaces cannot drift
 * apart: each `expectSame` below fails to compile (`npm test` runs tsc first) when a field is added
 * to, removed from or retyped in one side only. Readonly-ness is ignored (the interfaces are
 * readonly, zod's output is not).
 */

/** Readonly everywhere, so that only fields and their types are compared. */
type Normalize<T> = T extends readonly (infer U)[] ? readonly Normalize<U>[] : T extends object ? { readonly [K in keyof T]: Normalize<T[K]> } : T;
/** True when A and B are the same type (not only mutually assignable). */
type Same<A, B> = (<T>() => T extends Normalize<A> ? 1 : 2) extends <T>() => T extends Normalize<B> ? 1 : 2 ? true : false;
/** Compiles only for `true`. */
function expectSame<T extends true>(value: T): T {
  return value;
}

type Output<K extends keyof typeof configSchemas> = z.output<(typeof configSchemas)[K]>;

const checks = {
  // The schema gives the configuration's types.
  platformConfig: expectSame<Same<Output<"platform">, PlatformConfig>>(true),
  environmentConfig: expectSame<Same<Output<"environment">, EnvironmentConfig>>(true),
  clusterConfig: expectSame<Same<Output<"cluster">, ClusterConfig>>(true),
  workloadConfig: expectSame<Same<Output<"workload">, WorkloadConfig>>(true),
  // ... which are the constructs' props (and what issue 11 adds to them).
  policyStatement: expectSame<Same<Output<"policyStatement">, PolicyStatement>>(true),
  vpc: expectSame<Same<Output<"vpcOptions">, EksVpcOptions>>(true),
  nodeGroup: expectSame<Same<Output<"nodeGroup">, NodeGroupOptions>>(true),
  addonVersions: expectSame<Same<Output<"addonVersions">, AddonVersions>>(true),
  cluster: expectSame<Same<Output<"cluster">, EksClusterProps>>(true),
  // Issue 23: compute modes, add-ons, logging.
  autoMode: expectSame<Same<Output<"autoMode">, AutoModeOptions>>(true),
  fargateProfile: expectSame<Same<Output<"fargateProfile">, FargateProfileOptions>>(true),
  coreAddons: expectSame<Same<Output<"coreAddons">, CoreAddons>>(true),
  eksAddon: expectSame<Same<Output<"eksAddon">, EksAddonOptions>>(true),
  eksAddonSettings: expectSame<Same<Output<"eksAddonSettings">, EksAddonSettings>>(true),
  logGroup: expectSame<Same<Output<"logGroup">, ControlPlaneLogGroupOptions>>(true),
  // The add-on schemas are built from the catalogue (typed by each preset's own schema), so what
  // can drift is the list of add-ons: ClusterAddons names every preset, and only those.
  clusterAddonKeys: expectSame<Same<keyof ClusterAddons, AddonPresetId>>(true),
  serviceAccount: expectSame<Same<Output<"serviceAccount">, WorkloadServiceAccount>>(true),
  workload: expectSame<Same<Output<"workload">, Workload>>(true),
  stateBackend: expectSame<Same<Pick<Output<"platform">, keyof StateBackendOptions>, StateBackendOptions>>(true),
};

// A drifted pair is not the same type: the check itself can fail.
// @ts-expect-error a field missing from one side
expectSame<Same<{ a: string; b?: number }, { a: string }>>(true);
// @ts-expect-error a field typed differently
expectSame<Same<{ a: string }, { a: number }>>(true);
// @ts-expect-error a field optional on one side only
expectSame<Same<{ a?: string }, { a: string }>>(true);

describe("the schema's types and the constructs' interfaces", () => {
  test("are the same, field for field (checked by tsc; listed here so the suite names them)", () => {
    expect(Object.keys(checks).sort()).toEqual([
      "addonVersions",
      "autoMode",
      "cluster",
      "clusterAddonKeys",
      "clusterConfig",
      "coreAddons",
      "eksAddon",
      "eksAddonSettings",
      "environmentConfig",
      "fargateProfile",
      "logGroup",
      "nodeGroup",
      "platformConfig",
      "policyStatement",
      "serviceAccount",
      "stateBackend",
      "vpc",
      "workload",
      "workloadConfig",
    ]);
  });

  test("a configuration read from a file can be given to the constructs as it is", () => {
    const config: PlatformConfig = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;
    const cluster: EksClusterProps = config.environments[0].cluster;
    const workloads: readonly Workload[] = config.environments[0].workloads;
    expect(cluster.clusterName).toBe("example-dev");
    expect(workloads.length).toBeGreaterThan(0);
  });
});

describe("the schema's add-on settings", () => {
  test("are the constructs' (ADDON_SETTING_KEYS), for every kind of add-on", () => {
    const { ADDON_SETTING_KEYS } = require("../../modules/cluster/cluster-addons") as typeof import("../../modules/cluster/cluster-addons");
    const { ADDON_PRESETS } = require("../../modules/addons/catalogue") as typeof import("../../modules/addons/catalogue");
    const { configSchemas: schemas } = require("../../modules/platform/config-schema") as typeof import("../../modules/platform/config-schema");
    const shape = (schemas.clusterAddons as any).shape as Record<string, any>;
    expect(Object.keys(shape)).toEqual(Object.keys(ADDON_PRESETS));
    for (const [id, preset] of Object.entries(ADDON_PRESETS) as [string, any][]) {
      const keys = Object.keys(shape[id].unwrap().shape);
      const inputs = id === "karpenter" ? [] : Object.keys(preset.schema.shape);
      const kind = id === "karpenter" ? "karpenter" : preset.managedAddon ? "managed" : "helm";
      expect([id, keys.sort()]).toEqual([id, [...inputs, ...ADDON_SETTING_KEYS[kind]].sort()]);
    }
  });
});
