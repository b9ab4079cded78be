import { readFileSync } from "node:fs";
import { type App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { KarpenterInfrastructure, type KarpenterInfrastructureProps } from "../../modules/cluster/karpenter";
import { ManagedNodeGroup, type ManagedNodeGroupProps } from "../../modules/cluster/node-group";
import { EksVpc, type EksVpcProps } from "../../modules/cluster/vpc";
import { ControlPlaneLogGroup, type ControlPlaneLogGroupProps } from "../../modules/cluster/control-plane-logs";
import { FargateProfile, type FargateProfileProps } from "../../modules/cluster/fargate-profile";
import { PodIdentityTargetRole, type PodIdentityTargetRoleProps } from "../../modules/identity/target-role";
import { ClusterOidcProvider, type ClusterOidcProviderProps } from "../../modules/identity/oidc-provider";
import { ServiceAccount, type ServiceAccountProps } from "../../modules/identity/service-account";
import type { WorkloadIdentityOptions } from "../../modules/identity/workload-identity";
import { WorkloadRole, type WorkloadRoleProps } from "../../modules/identity/workload-role";
import { PLATFORM_JSON_SCHEMA_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import { ClusterStack, type ClusterStackProps } from "../../modules/platform/cluster-stack";
import { Platform } from "../../modules/platform/platform";
import { type Workload, WorkloadsStack, type WorkloadsStackProps } from "../../modules/platform/workloads-stack";
import { FULL_PLATFORM, S3_STATE_PLATFORM, UNSETTABLE_FIELDS } from "../support/full-platform";
import { type Input, inputsOf, isPlatformMap, schemaFieldOf, schemaStringFields } from "../support/input-walk";
import { buildAndSynth, plantEverywhere, VARIANTS } from "../support/planting";

/**
 * No user-written template sequence is ever live (issue 20): every string field of the schema and
 * of the constructs' props gets `${...}` and `%{...}` planted, and the synthesized output holds no
 * live interpolation or directive that came from input. Fields whose rules refuse the characters
 * are refused (nothing is written); every other field is written as data.
 */

jest.setTimeout(900_000);

/** Every string input (and map key) of a value. */
function stringInputs(value: unknown, isMap: (path: readonly (string | number)[]) => boolean): Input[] {
  return inputsOf(value, isMap).filter((input) => typeof input.value === "string");
}

describe("from a configuration file", () => {
  const fixtures = [
    ["the full platform", FULL_PLATFORM],
    ["a platform with S3 state", S3_STATE_PLATFORM],
  ] as const;

  test("the fixtures reach every string field of the schema", () => {
    const fields = schemaStringFields(JSON.parse(readFileSync(PLATFORM_JSON_SCHEMA_FILE, "utf8")));
    const reached = new Set(fixtures.flatMap(([, config]) => stringInputs(config, isPlatformMap).map((i) => schemaFieldOf(i, isPlatformMap))));
    expect([...fields].filter((f) => !reached.has(f) && !UNSETTABLE_FIELDS.includes(f))).toEqual([]);
  });

  const fromFile = (config: unknown) =>
    buildAndSynth((app) => {
      const source = PlatformConfigSource.parse(JSON.stringify(config), "platform.json");
      source.locate(() => new Platform(app, { config: source.config }));
    });

  for (const [name, config] of fixtures) {
    test.each(VARIANTS)(`${name}: no planted sequence is live, planted %s every string and key`, (variant) => {
      const walked = plantEverywhere(config, stringInputs(config, isPlatformMap), variant, fromFile);
      expect(walked.leaked).toEqual([]);
      if (config === FULL_PLATFORM) {
        // Free text reached the output as data, in every variant: descriptions, annotations, policy values, configuration values, paths of files.
        const accepted = walked.accepted.map((i) => i.field);
        for (const field of [
          "environments[0].workloads[0].description",
          "environments[0].workloads[0].serviceAccounts[0].annotations.example.com/owner",
          "environments[0].workloads[0].policyStatements[0].conditions[0].values[0]",
          "environments[0].workloads[0].inlinePolicies.read-data[0].conditions[0].values[0]",
          "environments[0].cluster.addons.ebsCsiDriver.configurationValues.tolerations[0].key",
          "localStateDir",
        ]) {
          expect(accepted).toContain(field);
        }
      }
    });
  }
});

/** A stack with the three providers of eu-west-1. */
function stackIn(app: App, id = "test"): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new KubernetesProvider(stack, "kubernetes", {});
  return stack;
}

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const [FULL, BYO] = FULL_PLATFORM.environments;
const FULL_WORKLOAD = FULL.workloads[0] as unknown as Workload;
/** An existing cluster's attributes, as plain strings a user passes. */
const ATTRIBUTES = {
  clusterName: "imported",
  arn: "arn:aws:eks:eu-west-1:111122223333:cluster/imported",
  endpoint: "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
  certificateAuthorityData: "LS0tLS1CRUdJTg==",
  oidcIssuerUrl: `https://${HOST}`,
  oidcProvider: { arn: `arn:aws:iam::111122223333:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST },
};
const { roleKey: _key, stack: _stack, ...BINDING } = FULL_WORKLOAD;

/** Every map of the constructs' props whose keys the user names. */
function isPropsMap(path: readonly (string | number)[]): boolean {
  return isPlatformMap(path) || path[path.length - 1] === "privateSubnetTags";
}

/**
 * Each construct with props that set its string fields, and how to build it (with what its output
 * needs). A configuration given to the Platform in TypeScript is not walked again: it is the file's
 * values through the same constructs, and test/platform/one-rule.slow.test.ts holds the two ways to one rule.
 */
const CONSTRUCTS: {
  readonly name: string;
  readonly props: object;
  readonly build: (app: App, props: any) => void;
  /** An input's field as the construct's errors name it. */
  readonly fieldOf?: (field: string) => string;
}[] = [
  {
    name: "EksCluster (a network and OIDC provider of its own, every add-on)",
    props: FULL.cluster,
    build: (app, props: EksClusterProps) => new EksCluster(stackIn(app), "eks", props),
  },
  {
    name: "EksCluster (given subnets and OIDC provider)",
    props: BYO.cluster,
    build: (app, props: EksClusterProps) => new EksCluster(stackIn(app), "eks", props),
  },
  {
    name: "WorkloadIdentity (through addServiceAccount, with its key)",
    props: { id: "full-app", options: { ...BINDING, extraOidcProviders: [ATTRIBUTES.oidcProvider] } },
    build: (app, props: { id: string; options: WorkloadIdentityOptions }) => {
      const stack = stackIn(app);
      EksCluster.fromClusterAttributes(stack, "cluster", ATTRIBUTES).addServiceAccount(props.id, props.options);
    },
    fieldOf: (field) => field.replace(/^options\./, ""),
  },
  {
    name: "WorkloadRole",
    props: { ...BINDING, serviceAccounts: [{ namespace: "apps", name: "reader" }], oidcProviders: [ATTRIBUTES.oidcProvider] },
    build: (app, props: WorkloadRoleProps) => {
      const stack = stackIn(app);
      new WorkloadRole(stack, "role", { ...props, cluster: EksCluster.fromClusterAttributes(stack, "cluster", ATTRIBUTES) });
    },
  },
  {
    name: "ServiceAccount",
    props: { ...BINDING.serviceAccounts[0], roleArn: "arn:aws:iam::111122223333:role/app" },
    build: (app, props: ServiceAccountProps) => new ServiceAccount(stackIn(app), "sa", props),
  },
  {
    name: "ClusterOidcProvider, and one imported by ARN",
    props: {
      created: {
        issuerUrl: `https://${HOST}`,
        extraClientIds: ["vault"],
        extraThumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
        tags: { Team: "data" },
      },
      imported: { arn: ATTRIBUTES.oidcProvider.arn, issuerUrl: `https://${HOST}` },
    },
    build: (app, props: { created: ClusterOidcProviderProps; imported: { arn: string; issuerUrl: string } }) => {
      const stack = stackIn(app);
      const created = new ClusterOidcProvider(stack, "created", props.created);
      const imported = ClusterOidcProvider.fromProviderArn(stack, "imported", props.imported.arn, props.imported.issuerUrl);
      new WorkloadRole(stack, "role", { oidcProviders: [created, imported], serviceAccounts: [{ namespace: "apps", name: "reader" }] });
    },
    fieldOf: (field) => field.replace(/^created\.extra(ClientIds|Thumbprints)/, "extra$1").replace(/^created\.|^imported\./, ""),
  },
  {
    name: "an existing cluster, by attributes and by name",
    props: { attributes: ATTRIBUTES, clusterName: "named" },
    build: (app, props: { attributes: typeof ATTRIBUTES; clusterName: string }) => {
      const stack = stackIn(app);
      const account = (name: string) => ({ serviceAccounts: [{ namespace: "apps", name }], mechanism: "both" as const });
      EksCluster.fromClusterAttributes(stack, "attributes", props.attributes).addServiceAccount("a", account("a"));
      EksCluster.fromClusterName(stack, "named", props.clusterName).addServiceAccount("b", account("b"));
    },
  },
  {
    name: "KarpenterInfrastructure",
    props: { clusterName: "full", nodeRoleName: "full-nodes", queueName: "full-queue", tags: { Team: "data" } },
    build: (app, props: KarpenterInfrastructureProps) => new KarpenterInfrastructure(stackIn(app), "karpenter", props),
  },
  {
    name: "ManagedNodeGroup",
    props: {
      ...FULL.cluster.nodeGroups!.general,
      clusterName: "full",
      nodeGroupName: "general",
      nodeRoleArn: "arn:aws:iam::111122223333:role/nodes",
      subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    },
    build: (app, props: ManagedNodeGroupProps) => new ManagedNodeGroup(stackIn(app), "group", props),
    fieldOf: (field) => (/^(clusterName|nodeGroupName|nodeRoleArn|subnetIds)/.test(field) ? field : `nodeGroups.general.${field}`),
  },
  {
    name: "EksVpc",
    props: { ...FULL.cluster.vpc, name: "full", privateSubnetTags: { "karpenter.sh/discovery": "full" } },
    build: (app, props: EksVpcProps) => new EksVpc(stackIn(app), "vpc", props),
    fieldOf: (field) => (/^(name|privateSubnetTags)/.test(field) ? field : `vpc.${field}`),
  },
  {
    name: "FargateProfile",
    props: {
      ...FULL.cluster.fargateProfiles!.batch,
      clusterName: "full",
      profileName: "batch",
      podExecutionRoleArn: "arn:aws:iam::111122223333:role/fargate-pods",
    },
    build: (app, props: FargateProfileProps) => new FargateProfile(stackIn(app), "profile", props),
    fieldOf: (field) => (/^(clusterName|profileName|podExecutionRoleArn)/.test(field) ? field : `fargateProfiles.batch.${field}`),
  },
  {
    name: "ControlPlaneLogGroup",
    props: { ...FULL.cluster.logGroup, create: undefined, clusterName: "full", tags: { Team: "data" } },
    build: (app, { create: _create, ...props }: ControlPlaneLogGroupProps & { create?: boolean }) => new ControlPlaneLogGroup(stackIn(app), "logs", props),
    fieldOf: (field) => (/^(clusterName|tags)/.test(field) ? field : `logGroup.${field}`),
  },
  {
    name: "PodIdentityTargetRole",
    props: {
      roleName: "full-target",
      sources: [{ roleArn: "arn:aws:iam::111122223333:role/full-app-role", externalIds: ["external-id-1"] }],
      path: "/targets/",
      description: "The target of the full app",
      permissionsBoundary: "arn:aws:iam::444455556666:policy/boundary",
      maxSessionDuration: 7200,
      tags: { Team: "data" },
      maxTrustPolicyLength: 4096,
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      policyArnsByKey: { audit: "arn:aws:iam::444455556666:policy/audit" },
      inlinePolicies: { "read-data": BINDING.policyStatements },
      policyStatements: BINDING.policyStatements,
      extraIamActions: ["s3:GetObjectFuture"],
      maxManagedPolicies: 25,
    },
    build: (app, props: PodIdentityTargetRoleProps) => new PodIdentityTargetRole(stackIn(app), "target", props),
  },
  {
    name: "ClusterStack and WorkloadsStack (local state)",
    props: {
      region: "eu-west-1",
      localStateDir: "state",
      defaultTags: { CostCenter: "platform" },
      cluster: { clusterName: "stacks", vpc: {}, addons: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"] } } },
      workloads: [FULL_WORKLOAD],
    },
    build: (app, props: ClusterStackProps & Pick<WorkloadsStackProps, "workloads">) => {
      const clusters = new ClusterStack(app, "eks", {
        region: props.region,
        localStateDir: props.localStateDir,
        defaultTags: props.defaultTags,
        cluster: props.cluster,
      });
      new WorkloadsStack(app, "workloads", { ...props, cluster: clusters.cluster });
    },
  },
  {
    name: "WorkloadsStack (S3 state)",
    props: { region: "eu-west-1", stateBucket: "state-bucket", stateBucketRegion: "eu-central-1", stateKeyPrefix: "platform/", workloads: [FULL_WORKLOAD] },
    build: (app, props: Omit<WorkloadsStackProps, "cluster">) => {
      const holder = new TerraformStack(app, "clusters");
      new AwsProvider(holder, "aws", { region: "eu-west-1" });
      new WorkloadsStack(app, "workloads", { ...props, cluster: EksCluster.fromClusterAttributes(holder, "cluster", ATTRIBUTES) });
    },
  },
];

describe("from the constructs' props", () => {
  for (const construct of CONSTRUCTS) {
    test.each(VARIANTS)(`${construct.name}: no planted sequence is live, planted %s every string and key`, (variant) => {
      const inputs = stringInputs(construct.props, isPropsMap);
      const walked = plantEverywhere(construct.props, inputs, variant, (props) => buildAndSynth((app) => construct.build(app, props)), construct.fieldOf);
      expect(walked.leaked).toEqual([]);
      expect(walked.accepted.length + walked.refused.length).toBe(inputs.length);
    });
  }
});
