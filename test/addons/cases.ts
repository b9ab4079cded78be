import type { AddonPresetId, AddonPresetInputs } from "../../modules/addons/catalogue";
import type { PresetContext } from "../../modules/addons/preset";

/** A literal context: the cluster `prod` in account 111122223333, eu-west-1. */
export const CTX: PresetContext = { partition: "aws", region: "eu-west-1", accountId: "111122223333", clusterName: "prod" };

export const ZONE_A = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
export const ZONE_B = "arn:aws:route53:::hostedzone/Z9876543210ZYXWVUTSRQ";
export const KMS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
export const BUCKET = "arn:aws:s3:::prod-data";
export const NODE_ROLE = "arn:aws:iam::111122223333:role/KarpenterNodeRole-prod";
export const QUEUE = "arn:aws:sqs:eu-west-1:111122223333:prod";

/**
 * Inputs each preset is checked with: the least it accepts first, then inputs that turn on every
 * option (with and without the scoping inputs).
 */
export const CASES: { readonly [K in AddonPresetId]: readonly AddonPresetInputs[K][] } = {
  loadBalancerController: [{}, { vpcId: "vpc-0123456789abcdef0" }],
  loadBalancerControllerTargetGroupBinding: [
    {},
    {
      targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"],
      assumeRoleArns: ["arn:aws:iam::444455556666:role/tg-management"],
    },
  ],
  externalDns: [{ hostedZoneArns: [ZONE_A] }, { hostedZoneArns: [ZONE_A, ZONE_B] }],
  certManager: [{ hostedZoneArns: [ZONE_A] }, { hostedZoneArns: [ZONE_A, ZONE_B], lookUpHostedZones: false }],
  clusterAutoscaler: [{}, { clusterNames: ["prod", "prod-blue"] }],
  karpenter: [{ nodeRoleArns: [NODE_ROLE] }, { nodeRoleArns: [NODE_ROLE], interruptionQueueArn: QUEUE }],
  ebsCsiDriver: [{}, { kmsKeyArns: [KMS_KEY] }],
  efsCsiDriver: [
    {},
    { s3Files: true },
    { fileSystemArns: ["arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123456789abcdef0"], s3Files: true },
  ],
  mountpointS3CsiDriver: [
    { bucketArns: [BUCKET] },
    { bucketArns: [BUCKET], prefixes: ["team-a/"], access: "readWriteDelete", kmsKeyArns: [KMS_KEY] },
    { directoryBucketArns: ["arn:aws:s3express:eu-west-1:111122223333:bucket/prod-cache--euw1-az1--x-s3"], access: "read" },
  ],
  fsxLustreCsiDriver: [{}],
  externalSecrets: [
    { secretsManagerArns: ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*"] },
    {
      secretsManagerArns: ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*"],
      ssmParameterArns: ["arn:aws:ssm:eu-west-1:111122223333:parameter/prod/*"],
      kmsKeyArns: [KMS_KEY],
      allowPush: true,
    },
  ],
  velero: [{ bucketArns: [BUCKET] }, { bucketArns: [BUCKET], volumeSnapshots: false, objectTagging: true }],
  managedPrometheus: [
    { workspaceArns: ["arn:aws:aps:eu-west-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"] },
    { workspaceArns: ["arn:aws:aps:eu-west-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"], remoteWrite: false, query: true },
  ],
  cloudWatchObservability: [{}, { applicationSignals: false }],
  nodeTerminationHandler: [{ queueArns: ["arn:aws:sqs:eu-west-1:111122223333:prod-nth"] }],
};

/** Every string inside a value (to tell input ARNs from the ones a preset builds). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Statements keyed by Sid, for assertions on one statement. */
export function bySid<S extends { readonly sid?: string }>(statements: readonly S[]): Record<string, S> {
  return Object.fromEntries(statements.map((s) => [s.sid ?? "", s]));
}
