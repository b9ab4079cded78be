import type { EksClusterProps } from "../eks-cluster";
import type { StateBackendOptions } from "../state-backend";
import type { Workload } from "../workloads-stack";

/**
 * The TypeScript types of the platform configuration (`platform.json`). They are the types of the
 * zod schema in ./schema.ts: test/config/types.test.ts fails to compile when the two differ in any
 * field. They are written out here, rather than exported as `z.output<...>`, so that the package's
 * declarations carry their documentation and need no zod types (whose declarations expect the DOM
 * or Node's globals) in a consumer's type check.
 */

/**
 * The cluster of an environment: `EksClusterProps`, and what issue 11 adds to them.
 * (Once `EksClusterProps` declares `upgradePolicy`, this is `EksClusterProps` itself.)
 */
export interface ClusterConfig extends EksClusterProps {
  /**
   * What happens when the Kubernetes version's standard support ends: `STANDARD` lets EKS upgrade
   * the cluster, `EXTENDED` keeps the version in extended support, at extra cost.
   * @default EksCluster's
   */
  readonly upgradePolicy?: { readonly supportType: "STANDARD" | "EXTENDED" };
}

/**
 * A workload of an environment: `Workload`, and what issue 11 adds to it.
 * (Once `Workload` declares these fields, this is `Workload` itself.)
 */
export interface WorkloadConfig extends Workload {
  /**
   * How pods get the role: IRSA (OIDC web identity), EKS Pod Identity, or both while migrating.
   * @default "irsa"
   */
  readonly mechanism?: "irsa" | "podIdentity" | "both";
  /**
   * Options of EKS Pod Identity (mechanism `podIdentity` or `both`).
   * @default session tags on, no target role
   */
  readonly podIdentity?: {
    /**
     * Pass session tags (cluster, namespace, service account) to the role.
     * @default true
     */
    readonly sessionTags?: boolean;
    /**
     * A role in another account that the pod identity role assumes.
     * @default none
     */
    readonly targetRoleArn?: string;
  };
  /**
   * IAM role ARNs of nodes that may still `sts:AssumeRole` the role while a kube2iam setup migrates.
   * @default none
   */
  readonly kube2iamNodeRoleArns?: readonly string[];
  /**
   * Create the Kubernetes service accounts; false creates the role and its trust only, for Helm
   * charts that create their own service account.
   * @default true
   */
  readonly createServiceAccounts?: boolean;
}

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
}
