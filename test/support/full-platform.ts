/**
 * Platform configurations that set every field the schema has (as far as fields can be set
 * together): the input walks of the safety tests start from them. `FULL_PLATFORM` is one file with
 * two environments (a cluster that makes its network and OIDC provider with every add-on installed
 * by EKS or Helm, and one on given subnets with an existing provider and the add-ons EKS could
 * install made for Helm) and local state; `S3_STATE_PLATFORM` is a small one with S3 state.
 * `UNSETTABLE_FIELDS` lists the fields no valid file can set.
 */

/**
 * String fields of the schema no valid configuration sets: Amazon CloudWatch Observability is only
 * installed by EKS, with the service account EKS gives it, so its serviceAccount is always refused.
 */
export const UNSETTABLE_FIELDS: readonly string[] = [
  ".environments[].cluster.addons.cloudWatchObservability.serviceAccount.namespace",
  ".environments[].cluster.addons.cloudWatchObservability.serviceAccount.name",
];

const ACCOUNT = "111122223333";
const KMS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const BUCKET = "arn:aws:s3:::full-data";
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:full-nth`;

/** Every preset's inputs, for a workload's addonPolicies. */
const ADDON_POLICIES = {
  loadBalancerController: { vpcId: "vpc-0123456789abcdef0" },
  loadBalancerControllerTargetGroupBinding: {
    targetGroupArns: [`arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/web/0123456789abcdef`],
    assumeRoleArns: ["arn:aws:iam::444455556666:role/tg-management"],
  },
  externalDns: { hostedZoneArns: [ZONE] },
  certManager: { hostedZoneArns: [ZONE], lookUpHostedZones: false },
  clusterAutoscaler: { clusterNames: ["full", "full-blue"] },
  karpenter: { nodeRoleArns: [`arn:aws:iam::${ACCOUNT}:role/KarpenterNodeRole-full`], interruptionQueueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:full` },
  ebsCsiDriver: { kmsKeyArns: [KMS_KEY] },
  efsCsiDriver: { fileSystemArns: [`arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`], s3Files: true },
  mountpointS3CsiDriver: {
    bucketArns: [BUCKET],
    prefixes: ["team-a/"],
    access: "readWriteDelete",
    directoryBucketArns: [`arn:aws:s3express:eu-west-1:${ACCOUNT}:bucket/full-cache--euw1-az1--x-s3`],
    kmsKeyArns: [KMS_KEY],
  },
  fsxLustreCsiDriver: {},
  externalSecrets: {
    secretsManagerArns: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:full/*`],
    ssmParameterArns: [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/full/*`],
    kmsKeyArns: [KMS_KEY],
    allowPush: true,
  },
  velero: { bucketArns: [BUCKET], volumeSnapshots: false, objectTagging: true },
  managedPrometheus: { workspaceArns: [`arn:aws:aps:eu-west-1:${ACCOUNT}:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef`], remoteWrite: true, query: true },
  nodeTerminationHandler: { queueArns: [QUEUE] },
};

const STATEMENT = {
  sid: "ReadData",
  effect: "Allow",
  actions: ["s3:GetObject", "s3:PutObject"],
  resources: ["arn:aws:s3:::full-data/home/${aws:username}/*"],
  conditions: [{ test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["data"] }],
  broadWriteReason: "uploads of the data team",
};

/** A workload with every option of a role, its permissions and its one service account. */
const FULL_WORKLOAD = {
  stack: "data",
  roleKey: "full-app",
  serviceAccounts: [
    {
      namespace: "full-app",
      name: "app",
      createNamespace: true,
      labels: { "app.kubernetes.io/name": "app" },
      annotations: { "example.com/owner": "team data" },
      automountServiceAccountToken: false,
      stsRegionalEndpoints: true,
      tokenExpirationSeconds: 7200,
    },
  ],
  mechanism: "both",
  podIdentity: { sessionTags: true, targetRoleArn: "arn:aws:iam::444455556666:role/full-target" },
  kube2iamNodeRoleArns: [`arn:aws:iam::${ACCOUNT}:role/kube2iam-nodes`],
  managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  policyArnsByKey: { audit: `arn:aws:iam::${ACCOUNT}:policy/audit` },
  inlinePolicies: { "read-data": [STATEMENT] },
  policyStatements: [STATEMENT],
  addonPolicies: ADDON_POLICIES,
  extraIamActions: ["s3:GetObjectFuture"],
  maxManagedPolicies: 25,
  roleName: "full-app-role",
  path: "/workloads/",
  description: "The full app",
  permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
  maxSessionDuration: 7200,
  tags: { Team: "data" },
  maxTrustPolicyLength: 4096,
};

/** One role for several service accounts, each association scoped down by a session policy. */
const SESSION_POLICY_WORKLOAD = {
  roleKey: "reports",
  mechanism: "podIdentity",
  podIdentity: { sessionTags: false },
  serviceAccounts: [
    { namespace: "reports", name: "reader", sessionPolicy: [{ ...STATEMENT, resources: [`${BUCKET}/reports/*`] }] },
    { namespace: "reports", name: "writer" },
  ],
  policyStatements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: [`${BUCKET}/reports/*`], broadWriteReason: "reports" }],
};

/** Roles for service accounts that a chart creates, matched with wildcards. */
const WILDCARD_WORKLOAD = {
  roleKey: "jobs",
  serviceAccounts: [{ namespace: "jobs-*", name: "runner-?" }],
  subjectMatch: "StringLike",
  createServiceAccounts: false,
  policyStatements: [{ actions: ["sqs:ReceiveMessage"], resources: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`] }],
};

/** The boundary, path and tags of an add-on's role. */
function roleSettings(name: string) {
  return { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/${name}-boundary`, path: `/${name}/`, tags: { Addon: name } };
}

/** Settings of a Helm add-on: its own service account, mechanism and role settings. */
function helm(namespace: string, inputs: object = {}) {
  return { ...inputs, mechanism: "podIdentity", serviceAccount: { namespace, name: `${namespace}-sa` }, roleSettings: roleSettings(namespace) };
}

/** Settings of an add-on EKS installs. */
function managed(version: string, inputs: object = {}) {
  return {
    ...inputs,
    install: true,
    version,
    configurationValues: { replicaCount: 2, tolerations: [{ key: "a", operator: "Exists" }] },
    resolveConflictsOnCreate: "OVERWRITE",
    resolveConflictsOnUpdate: "PRESERVE",
    roleSettings: roleSettings(`managed-${version.split(".")[0].slice(1)}`),
  };
}

/**
 * An EKS add-on with every setting and a role with every option; the presets' policies are spread
 * over five add-ons (`part` 0 to 4), within IAM's ten managed policies per role.
 */
function eksAddonWithRole(version: string, serviceAccount: { namespace: string; name: string }, part: number) {
  const presets = Object.entries(ADDON_POLICIES).filter((_entry, i) => i % 5 === part);
  return {
    ...eksSettings(version),
    role: {
      serviceAccount,
      mechanism: part === 0 ? "irsa" : "podIdentity",
      policyStatements: [STATEMENT],
      managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
      addonPolicies: Object.fromEntries(presets),
      roleName: `full-${serviceAccount.name}`,
      path: "/addons/",
      permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/addon-boundary`,
      maxSessionDuration: 3600,
    },
  };
}

/** Every setting of an EKS add-on. */
function eksSettings(version: string) {
  return {
    version,
    configurationValues: { nodeSelector: { pool: "system" } },
    preserve: true,
    resolveConflictsOnCreate: "NONE",
    resolveConflictsOnUpdate: "PRESERVE",
  };
}

export const FULL_PLATFORM = {
  $schema: "./schema/platform.schema.json",
  localStateDir: "state",
  defaultTags: { CostCenter: "platform" },
  // Session policies need hashicorp/aws 6.57.1 (deletion protection 6.9.0).
  awsProviderVersion: "6.66.0",
  roleDefaults: { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/platform-boundary`, path: "/platform/", tags: { Guardrail: "platform" } },
  environments: [
    {
      name: "full",
      region: "eu-west-1",
      cluster: {
        clusterName: "full",
        kubernetesVersion: "1.34",
        upgradePolicy: { supportType: "STANDARD" },
        vpc: {
          cidr: "10.8.0.0/16",
          azCount: 2,
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
          natGateways: 2,
          tags: { Network: "full" },
        },
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/24"],
        logTypes: ["api", "audit"],
        kmsKeyArn: KMS_KEY,
        authenticationMode: "API",
        clusterCreatorAccess: "accessEntry",
        accessEntries: [
          {
            principalArn: `arn:aws:iam::${ACCOUNT}:role/orders-developers`,
            type: "STANDARD",
            kubernetesGroups: ["orders-viewers"],
            userName: "orders-dev:{{SessionName}}",
            policies: [
              { policy: "AmazonEKSViewPolicy", scope: "cluster" },
              { policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["orders", "orders-*"] },
            ],
          },
          { principalArn: `arn:aws:iam::${ACCOUNT}:role/self-managed-nodes`, type: "EC2_LINUX" },
        ],
        adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/platform-admin`],
        nodeGroups: {
          general: {
            instanceTypes: ["m6i.large", "m6a.large"],
            capacityType: "SPOT",
            minSize: 1,
            maxSize: 4,
            desiredSize: 2,
            labels: { role: "general" },
            taints: [{ key: "dedicated", value: "general", effect: "NO_SCHEDULE" }],
            diskSizeGib: 80,
            amiType: "AL2023_x86_64_STANDARD",
            tags: { Pool: "general" },
            instanceTags: { Patch: "weekly" },
          },
        },
        podIdentityAgent: true,
        coreAddons: {
          vpcCni: { ...eksSettings("v1.19.2-eksbuild.1"), configurationValues: { env: { ENABLE_PREFIX_DELEGATION: "true" } } },
          kubeProxy: eksSettings("v1.31.3-eksbuild.2"),
          coreDns: { ...eksSettings("v1.11.4-eksbuild.2"), configurationValues: { replicaCount: 3 } },
          podIdentityAgent: eksSettings("v1.3.4-eksbuild.1"),
        },
        eksAddons: {
          "snapshot-controller": eksSettings("v8.2.0-eksbuild.1"),
          "metrics-server": eksAddonWithRole("v0.7.2-eksbuild.1", { namespace: "kube-system", name: "metrics-server" }, 0),
          adot: eksAddonWithRole("v0.117.0-eksbuild.1", { namespace: "opentelemetry-operator-system", name: "adot" }, 1),
          "aws-guardduty-agent": eksAddonWithRole("v1.10.0-eksbuild.2", { namespace: "amazon-guardduty", name: "guardduty" }, 2),
          "kube-state-metrics": eksAddonWithRole("v2.15.0-eksbuild.1", { namespace: "kube-system", name: "kube-state-metrics" }, 3),
          "prometheus-node-exporter": eksAddonWithRole("v1.9.1-eksbuild.1", { namespace: "kube-system", name: "node-exporter" }, 4),
        },
        enableIrsa: true,
        vpcCniMechanism: "irsa",
        roleDefaults: roleSettings("full"),
        clusterRoleSettings: roleSettings("cluster"),
        nodeRoleSettings: roleSettings("nodes"),
        vpcCniRoleSettings: roleSettings("vpc-cni"),
        fargateProfiles: {
          batch: {
            selectors: [{ namespace: "batch", labels: { compute: "fargate" } }, { namespace: "jobs-*" }],
            subnetIds: ["subnet-0123456789abcdef2"],
            tags: { Compute: "fargate" },
          },
        },
        fargatePodExecutionRole: {
          roleName: "full-fargate-pods",
          path: "/fargate/",
          permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/fargate-boundary`,
          tags: { Compute: "fargate" },
        },
        logGroup: { create: true, retentionDays: 30, kmsKeyArn: KMS_KEY, importExisting: false },
        deletionProtection: true,
        zonalShift: true,
        addons: {
          loadBalancerController: helm("lbc", { vpcId: "vpc-0123456789abcdef0" }),
          externalDns: helm("dns", { hostedZoneArns: [ZONE] }),
          certManager: helm("certs", { hostedZoneArns: [ZONE] }),
          clusterAutoscaler: helm("autoscaler", { clusterNames: ["full"] }),
          karpenter: {
            ...helm("karpenter"),
            nodeRoleName: "full-karpenter-nodes",
            nodeRoleSettings: { path: "/karpenter/", permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/node-boundary`, tags: { Nodes: "karpenter" } },
            ssmManagedInstanceCore: false,
            accessEntry: true,
            interruptionHandling: true,
            queueName: "full-interruptions",
            subnetDiscoveryTag: true,
          },
          ebsCsiDriver: { ...managed("v1.38.1-eksbuild.1", { kmsKeyArns: [KMS_KEY] }), preserve: true },
          efsCsiDriver: managed("v2.1.0-eksbuild.1", ADDON_POLICIES.efsCsiDriver),
          mountpointS3CsiDriver: managed("v1.11.0-eksbuild.1", { bucketArns: [BUCKET], prefixes: ["team-a/"], access: "read" }),
          fsxLustreCsiDriver: managed("v1.2.0-eksbuild.1"),
          externalSecrets: helm("secrets", ADDON_POLICIES.externalSecrets),
          velero: helm("velero", ADDON_POLICIES.velero),
          managedPrometheus: helm("prometheus", ADDON_POLICIES.managedPrometheus),
          cloudWatchObservability: { ...managed("v2.6.0-eksbuild.1", { applicationSignals: false }), mechanism: "irsa" },
          nodeTerminationHandler: helm("nth", { queueArns: [QUEUE] }),
        },
        oidcExtraClientIds: ["vault"],
        oidcExtraThumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
        tags: { Cluster: "full" },
        instanceTags: { Backup: "daily" },
      },
      workloads: [FULL_WORKLOAD, WILDCARD_WORKLOAD, SESSION_POLICY_WORKLOAD],
    },
    {
      name: "byo",
      region: "eu-west-1",
      cluster: {
        clusterName: "byo",
        subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        existingOidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`,
        nodeGroups: { default: {} },
        addonVersions: {
          vpcCni: "v1.19.2-eksbuild.1",
          coreDns: "v1.11.4-eksbuild.2",
          kubeProxy: "v1.31.3-eksbuild.2",
          podIdentityAgent: "v1.3.4-eksbuild.1",
        },
        addons: {
          loadBalancerControllerTargetGroupBinding: helm("tgb", ADDON_POLICIES.loadBalancerControllerTargetGroupBinding),
          ebsCsiDriver: { ...helm("ebs"), install: false },
          efsCsiDriver: { ...helm("efs"), install: false },
          mountpointS3CsiDriver: {
            ...helm("s3", {
              bucketArns: [BUCKET],
              directoryBucketArns: [`arn:aws:s3express:eu-west-1:${ACCOUNT}:bucket/byo-cache--euw1-az1--x-s3`],
              kmsKeyArns: [KMS_KEY],
            }),
            install: false,
          },
          fsxLustreCsiDriver: { ...helm("fsx"), install: false },
        },
      },
      workloads: [
        {
          serviceAccounts: [{ namespace: "byo-app", name: "app" }],
          policyStatements: [{ actions: ["s3:GetObject"], resources: [`${BUCKET}/*`] }],
        },
      ],
    },
    {
      name: "auto",
      region: "eu-west-1",
      cluster: {
        clusterName: "auto",
        vpc: {},
        enableIrsa: false,
        vpcCniMechanism: "podIdentity",
        autoMode: {
          nodePools: ["general-purpose"],
          nodeRole: { roleName: "auto-nodes", path: "/auto/", permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/auto-boundary`, tags: { Nodes: "auto" } },
        },
      },
      workloads: [
        {
          mechanism: "podIdentity",
          serviceAccounts: [{ namespace: "auto-app", name: "app" }],
          policyStatements: [{ actions: ["s3:GetObject"], resources: [`${BUCKET}/auto/*`] }],
        },
      ],
    },
  ],
};

/** A small platform with S3 state. */
export const S3_STATE_PLATFORM = {
  stateBucket: "full-terraform-state",
  stateBucketRegion: "eu-central-1",
  stateKeyPrefix: "platform/",
  environments: [
    {
      name: "s3",
      region: "eu-west-1",
      cluster: { clusterName: "s3", vpc: {} },
      workloads: [],
    },
  ],
};
