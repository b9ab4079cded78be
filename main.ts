import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { ClusterStack } from "./modules/cluster-stack";
import type { EksClusterProps } from "./modules/eks-cluster";
import { StateBackendOptions, validateLocalStateDir } from "./modules/state-backend";
import { withField } from "./modules/naming";
import { skipTokenCreationStacks } from "./modules/token-stacks";
import { Workload, WorkloadsStack } from "./modules/workloads-stack";

/** One environment: a cluster stack `eks-<name>` and a workloads stack `workloads-<name>`. */
export interface EnvironmentConfig {
  /** The environment's name (dev, staging, prod): it names the stacks. */
  readonly name: string;
  /** The AWS region. */
  readonly region: string;
  /** The cluster. */
  readonly cluster: EksClusterProps;
  /** The IRSA workloads on the cluster. */
  readonly workloads: readonly Workload[];
}

/** The whole app's configuration. */
export interface PlatformConfig extends StateBackendOptions {
  /** The environments, each synthesized into its own pair of stacks. */
  readonly environments: readonly EnvironmentConfig[];
  /**
   * Tags the AWS provider puts on every resource.
   * @default { ManagedBy: "cdktf-eks-irsa" }
   */
  readonly defaultTags?: { readonly [key: string]: string };
}

/** Workloads of the example: the same shapes in every environment, resources named per environment. */
function exampleWorkloads(env: string): Workload[] {
  return [
    {
      // Reads report objects from one bucket, nothing else (s3:GetObject on <bucket>/*).
      serviceAccounts: [{ namespace: "reports", name: "s3-reader", createNamespace: true }],
      policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::example-${env}-reports/*`] }],
    },
    {
      // A job that lists the account's EKS clusters (eks:ListClusters has no resource-level scoping).
      serviceAccounts: [{ namespace: "platform-jobs", name: "cluster-lister", createNamespace: true }],
      inlinePolicies: { "list-clusters": [{ actions: ["eks:ListClusters"], resources: ["*"] }] },
    },
    {
      // Two service accounts of one application sharing one role.
      roleKey: "orders",
      serviceAccounts: [
        { namespace: "orders", name: "orders-api", createNamespace: true },
        { namespace: "orders", name: "orders-worker", createNamespace: true },
      ],
      policyStatements: [
        {
          actions: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
          resources: [`arn:aws:sqs:*:*:example-${env}-orders`],
        },
      ],
    },
  ];
}

/** The built-in example: three environments of growing size, no cloud credentials needed to synthesize. */
export const EXAMPLE_CONFIG: PlatformConfig = {
  defaultTags: { ManagedBy: "cdktf-eks-irsa" },
  environments: [
    {
      name: "dev",
      region: "eu-west-1",
      cluster: {
        clusterName: "example-dev",
        vpc: { cidr: "10.3.0.0/16", azCount: 2, natGateways: 1 },
        nodeGroups: {
          default: { instanceTypes: ["t3.large", "t3a.large"], capacityType: "SPOT", minSize: 1, maxSize: 3, desiredSize: 2 },
        },
      },
      workloads: exampleWorkloads("dev"),
    },
    {
      name: "staging",
      region: "eu-west-1",
      cluster: {
        clusterName: "example-staging",
        vpc: { cidr: "10.4.0.0/16", azCount: 3, natGateways: 1 },
        nodeGroups: { default: { instanceTypes: ["m6i.large"], minSize: 2, maxSize: 5 } },
      },
      workloads: exampleWorkloads("staging"),
    },
    {
      name: "prod",
      region: "eu-west-1",
      cluster: {
        clusterName: "example-prod",
        vpc: { cidr: "10.5.0.0/16", azCount: 3, natGateways: 3 },
        publicAccessCidrs: ["203.0.113.0/24"],
        logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        nodeGroups: {
          system: {
            instanceTypes: ["m6i.large"],
            minSize: 3,
            maxSize: 6,
            labels: { role: "system" },
            taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
          },
          general: { instanceTypes: ["m6i.xlarge"], minSize: 3, maxSize: 20, desiredSize: 6, diskSizeGib: 100 },
        },
      },
      workloads: exampleWorkloads("prod"),
    },
  ],
};

/** Adds every environment's cluster and workloads stacks to an app. */
export function buildApp(app: App, config: PlatformConfig): void {
  const names = new Set<string>();
  if (!config.stateBucket) validateLocalStateDir(app.outdir, config.localStateDir);
  config.environments.forEach((env, i) => {
    const field = `environments[${i}]`;
    if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(env.name)) {
      throw new Error(`${field}.name ${JSON.stringify(env.name)} is invalid: use 1-31 lower-case letters, digits or '-'`);
    }
    if (names.has(env.name)) throw new Error(`${field}.name ${JSON.stringify(env.name)} is declared twice`);
    names.add(env.name);
    const backend: StateBackendOptions = {
      stateBucket: config.stateBucket,
      stateBucketRegion: config.stateBucketRegion,
      stateKeyPrefix: config.stateKeyPrefix,
      localStateDir: config.localStateDir,
    };
    const clusterStack = withField(`${field}.cluster`, () =>
      new ClusterStack(app, `eks-${env.name}`, {
        ...backend,
        region: env.region,
        cluster: env.cluster,
        defaultTags: { ManagedBy: "cdktf-eks-irsa", ...config.defaultTags, Environment: env.name },
      }),
    );
    withField(field, () =>
      new WorkloadsStack(app, `workloads-${env.name}`, {
        ...backend,
        region: env.region,
        cluster: clusterStack.cluster,
        workloads: env.workloads,
      }),
    );
  });
}

/**
 * The configuration: a JSON file named by EKS_IRSA_CONFIG, or the built-in example. The S3 state
 * bucket can also come from EKS_IRSA_STATE_BUCKET.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const base: PlatformConfig = env.EKS_IRSA_CONFIG
    ? (JSON.parse(readFileSync(env.EKS_IRSA_CONFIG, "utf8")) as PlatformConfig)
    : EXAMPLE_CONFIG;
  return env.EKS_IRSA_STATE_BUCKET ? { ...base, stateBucket: env.EKS_IRSA_STATE_BUCKET } : base;
}

/**
 * Builds and synthesizes the app into `outdir`. When the configuration is invalid, it removes the
 * previous output's stack files (`stacks/<stack>/cdk.tf.json` and `manifest.json`) instead, so that
 * no stale or half-written stack is left for `cdktf deploy --skip-synth` to pick up, and returns the
 * error message. Nothing else in `outdir` is touched: not `.terraform/`, not a lock file, and not a
 * state file that an older layout may have kept there.
 */
export function synthesize(config: () => PlatformConfig, outdir: string): string | undefined {
  try {
    const app = new App({ outdir });
    buildApp(app, config());
    app.synth();
    return undefined;
  } catch (error) {
    removeSynthesizedStacks(outdir);
    return error instanceof Error ? error.message : String(error);
  }
}

/** Removes the files a synth writes (the manifest and each stack's JSON), and only those. */
function removeSynthesizedStacks(outdir: string): void {
  rmSync(join(outdir, "manifest.json"), { force: true });
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return;
  for (const entry of readdirSync(stacks, { withFileTypes: true })) {
    if (entry.isDirectory()) rmSync(join(stacks, entry.name, "cdk.tf.json"), { force: true });
  }
}

if (require.main === module) {
  // Half the synthesis time of a large app goes to stack traces that cdktf records for every token
  // and only shows in resolution errors (modules/token-stacks.ts). EKS_IRSA_TOKEN_STACKS=1 keeps them.
  if (process.env.EKS_IRSA_TOKEN_STACKS !== "1") skipTokenCreationStacks();
  const failure = synthesize(() => loadConfig(), process.env.CDKTF_OUTDIR ?? "cdktf.out");
  if (failure !== undefined) {
    console.error(`cdktf-eks-irsa: ${failure}`);
    process.exit(1);
  }
}
