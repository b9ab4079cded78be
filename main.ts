// First: defers cdktf's archiver and semver until used (modules/defer-cdktf-dependencies.ts).
import "./modules/defer-cdktf-dependencies";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { ClusterStack } from "./modules/cluster-stack";
import type { EksClusterProps } from "./modules/eks-cluster";
import { StateBackendOptions, validateLocalStateDir } from "./modules/state-backend";
import { withField } from "./modules/errors";
import { skipTokenCreationStacks } from "./modules/token-stacks";
import { speedUpSynthesis } from "./modules/synthesis-speed";
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
  const base = env.EKS_IRSA_CONFIG ? readConfigFile(env.EKS_IRSA_CONFIG) : EXAMPLE_CONFIG;
  return env.EKS_IRSA_STATE_BUCKET ? { ...base, stateBucket: env.EKS_IRSA_STATE_BUCKET } : base;
}

/** Reads and parses a JSON configuration file; errors name the file. */
function readConfigFile(file: string): PlatformConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`EKS_IRSA_CONFIG ${JSON.stringify(file)} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`EKS_IRSA_CONFIG ${JSON.stringify(file)} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return checkConfigShape(parsed);
  } catch (error) {
    throw new Error(`EKS_IRSA_CONFIG ${JSON.stringify(file)}: ${(error as Error).message}`);
  }
}

const CONFIG_KEYS = ["environments", "stateBucket", "stateBucketRegion", "stateKeyPrefix", "localStateDir", "defaultTags"];
const ENVIRONMENT_KEYS = ["name", "region", "cluster", "workloads"];
/** The fields of `EksClusterProps`, `EksVpcOptions`, `NodeGroupOptions`, `Workload` and `WorkloadServiceAccount` (test/main.test.ts checks them against the types). */
export const CLUSTER_KEYS = [
  "clusterName", "kubernetesVersion", "subnetIds", "vpc", "endpointPublicAccess", "publicAccessCidrs", "logTypes", "kmsKeyArn",
  "authenticationMode", "bootstrapClusterCreatorAdminPermissions", "adminPrincipalArns", "nodeGroups", "podIdentityAgent",
  "addonVersions", "existingOidcProviderArn", "oidcExtraClientIds", "oidcExtraThumbprints", "tags", "instanceTags",
];
export const VPC_KEYS = ["cidr", "azCount", "availabilityZones", "natGateways", "tags"];
export const NODE_GROUP_KEYS = ["instanceTypes", "capacityType", "minSize", "maxSize", "desiredSize", "labels", "taints", "diskSizeGib", "amiType", "tags", "instanceTags"];
export const WORKLOAD_KEYS = [
  "serviceAccounts", "roleKey", "managedPolicyArns", "policyArnsByKey", "inlinePolicies", "policyStatements", "roleName", "path",
  "description", "permissionsBoundary", "maxSessionDuration", "tags", "maxTrustPolicyLength",
];
export const SERVICE_ACCOUNT_KEYS = [
  "namespace", "name", "createNamespace", "labels", "annotations", "automountServiceAccountToken", "stsRegionalEndpoints", "tokenExpirationSeconds",
];

/**
 * Checks the outline of a configuration read from JSON (types of the fields the app reads before
 * any construct checks them, and no unknown keys where a typo would silently change the result:
 * a misspelt `stateBucket` would keep state local). The constructs check the values.
 */
export function checkConfigShape(value: unknown): PlatformConfig {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const expect = (ok: boolean, field: string, v: unknown, allowed: string) => {
    if (!ok) throw new Error(`${field} ${v === undefined ? "is missing" : `${JSON.stringify(v)} is invalid`}: ${allowed}`);
  };
  const unknownKeys = (o: Record<string, unknown>, known: string[], where: string) => {
    const extra = Object.keys(o).filter((k) => !known.includes(k));
    if (extra.length > 0) throw new Error(`${where}${extra[0]} is not a known field: allowed are ${known.join(", ")}`);
  };
  expect(isObject(value), "configuration", value, "expected an object { environments: [...] }");
  const config = value as Record<string, unknown>;
  unknownKeys(config, CONFIG_KEYS, "");
  for (const key of ["stateBucket", "stateBucketRegion", "stateKeyPrefix", "localStateDir"]) {
    expect(config[key] === undefined || typeof config[key] === "string", key, config[key], "expected a string");
  }
  expect(
    config.defaultTags === undefined || (isObject(config.defaultTags) && Object.values(config.defaultTags).every((t) => typeof t === "string")),
    "defaultTags",
    config.defaultTags,
    "expected an object of string tag values",
  );
  const envs = config.environments;
  expect(Array.isArray(envs) && envs.length > 0, "environments", envs, "expected a non-empty array of { name, region, cluster, workloads }");
  (envs as unknown[]).forEach((env, i) => {
    const field = `environments[${i}]`;
    expect(isObject(env), field, env, "expected an object { name, region, cluster, workloads }");
    const e = env as Record<string, unknown>;
    unknownKeys(e, ENVIRONMENT_KEYS, `${field}.`);
    expect(typeof e.name === "string", `${field}.name`, e.name, "expected a string");
    expect(typeof e.region === "string", `${field}.region`, e.region, "expected an AWS region such as eu-west-1");
    expect(isObject(e.cluster), `${field}.cluster`, e.cluster, "expected an object with clusterName and vpc or subnetIds");
    const cluster = e.cluster as Record<string, unknown>;
    unknownKeys(cluster, CLUSTER_KEYS, `${field}.cluster.`);
    if (isObject(cluster.vpc)) unknownKeys(cluster.vpc, VPC_KEYS, `${field}.cluster.vpc.`);
    if (isObject(cluster.nodeGroups)) {
      for (const [name, group] of Object.entries(cluster.nodeGroups)) {
        expect(isObject(group), `${field}.cluster.nodeGroups.${name}`, group, "expected an object of node group options");
        unknownKeys(group as Record<string, unknown>, NODE_GROUP_KEYS, `${field}.cluster.nodeGroups.${name}.`);
      }
    }
    expect(Array.isArray(e.workloads), `${field}.workloads`, e.workloads, "expected an array of workloads (may be empty)");
    (e.workloads as unknown[]).forEach((w, j) => {
      const wf = `${field}.workloads[${j}]`;
      expect(isObject(w), wf, w, "expected an object { serviceAccounts: [{ namespace, name }], ... }");
      unknownKeys(w as Record<string, unknown>, WORKLOAD_KEYS, `${wf}.`);
      for (const key of ["roleKey", "roleName"]) {
        const v = (w as Record<string, unknown>)[key];
        expect(v === undefined || typeof v === "string", `${wf}.${key}`, v, "expected a string");
      }
      const sas = (w as Record<string, unknown>).serviceAccounts;
      expect(Array.isArray(sas), `${wf}.serviceAccounts`, sas, "expected an array of { namespace, name }");
      (sas as unknown[]).forEach((sa, k) => {
        const sf = `${wf}.serviceAccounts[${k}]`;
        expect(isObject(sa), sf, sa, "expected an object { namespace, name }");
        const a = sa as Record<string, unknown>;
        unknownKeys(a, SERVICE_ACCOUNT_KEYS, `${sf}.`);
        expect(typeof a.namespace === "string", `${sf}.namespace`, a.namespace, "expected a string");
        expect(typeof a.name === "string", `${sf}.name`, a.name, "expected a string");
      });
    });
  });
  return value as PlatformConfig;
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
  speedUpSynthesis();
  const failure = synthesize(() => loadConfig(), process.env.CDKTF_OUTDIR ?? "cdktf.out");
  if (failure !== undefined) {
    console.error(`cdktf-eks-irsa: ${failure}`);
    process.exit(1);
  }
}
