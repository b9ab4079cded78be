import type { EksClusterProps } from "../cluster/eks-cluster";
import type { RoleSettings } from "../iam/role-settings";
import type { StateBackendOptions } from "./state-backend";
import type { Workload } from "./workloads-stack";

/**
 * The TypeScript types of the platform configuration (`platform.json`). They are the types of the
 * zod schema in ./schema.ts: test/platform/config.test.ts fails to compile when the two differ in any
 * field. They are written out here, rather than exported as `z.output<...>`, so that the package's
 * declarations carry their documentation and need no zod types (whose declarations expect the DOM
 * or Node's globals) in a consumer's type check.
 */

/** The cluster of an environment: the props of `EksCluster`. */
export type ClusterConfig = EksClusterProps;

/** A workload of an environment: a binding of `WorkloadsStack`. */
export type WorkloadConfig = Workload;

/** One environment: a cluster stack `eks-<name>` and a workloads stack `workloads-<name>`. */
export interface EnvironmentConfig {
  /** The environment's name (dev, staging, prod): 1-31 lower-case letters, digits or `-`; it names the stacks. */
  readonly name: string;
  /** The AWS region, for example `eu-west-1`. */
  readonly region: string;
  /** The cluster. */
  readonly cluster: ClusterConfig;
  /** The workloads on the cluster (may be empty). */
  readonly workloads: readonly WorkloadConfig[];
}

/** The whole platform configuration: what `platform.json` holds. */
export interface PlatformConfig extends StateBackendOptions {
  /**
   * The JSON Schema of the file, for editors; ignored by the app.
   * @default none
   */
  readonly $schema?: string;
  /** The environments, each synthesized into its own pair of stacks. */
  readonly environments: readonly EnvironmentConfig[];
  /**
   * Tags on every AWS resource of both stacks of each environment, besides `ManagedBy:
   * "cdktf-eks-irsa"` (which they may override) and `Environment: <name>` (always set).
   * @default none
   */
  readonly defaultTags?: { readonly [key: string]: string };
  /**
   * The hashicorp/aws version (or constraint) written into every stack's `required_providers`, in place
   * of the one the aws provider bindings declare (`@cdktf/provider-aws` 21.22.1: 6.25.0); the synth
   * fails when a feature the stack uses needs a newer one (see `AwsProviderVersion`).
   * @default the bindings' version
   */
  readonly awsProviderVersion?: string;
  /**
   * The permissions boundary, path and tags of every IAM role of every environment: the clusters'
   * roles, their add-ons' roles and the workload roles. A cluster's `roleDefaults` and each role's
   * own settings override them (tags are merged).
   * @default none
   */
  readonly roleDefaults?: RoleSettings;
}
