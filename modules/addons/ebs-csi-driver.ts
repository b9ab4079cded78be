// Amazon EBS CSI driver v1.64.0 (EKS add-on aws-ebs-csi-driver).
// Policy: https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/AmazonEBSCSIDriverPolicyV2.json
// (the example policy upstream's install.md recommends, also published by AWS as the managed policy
// AmazonEBSCSIDriverPolicyV2), with upstream's statement IDs, and the KMS statement of
// https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/install.md ("Encrypted
// EBS Volumes via KMS") scoped to the given keys, its kms:CreateGrant limited to grants for AWS
// resources as the EKS User Guide's KMS policy for the driver does
// (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html).
// The statements are written out instead of attaching AmazonEBSCSIDriverPolicyV2 so that they can be
// read and checked here, and combined with the KMS keys in one policy.
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { arnOf, stringList } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, PresetContext, WideningAcknowledgement } from "./preset";

/** Inputs of the `ebsCsiDriver` preset. */
export interface EbsCsiDriverInputs extends WideningAcknowledgement {
  /**
   * ARNs of the customer-managed KMS keys that encrypt the volumes (a StorageClass's `kmsKeyId`, or
   * the account's default EBS encryption key): adds `kms:Decrypt`,
   * `kms:GenerateDataKeyWithoutPlaintext` and `kms:CreateGrant` (for AWS resources only) on them.
   * @default none: unencrypted volumes, or volumes encrypted with the AWS-managed key `aws/ebs`
   */
  readonly kmsKeyArns?: readonly string[];
}

const schema: z.ZodType<EbsCsiDriverInputs> = z.strictObject({ kmsKeyArns: stringList() });

/**
 * The EBS CSI driver's controller: creates, attaches, resizes, snapshots and deletes EBS volumes.
 * Volumes and snapshots are managed only when tagged `ebs.csi.aws.com/cluster: true` (the driver
 * tags what it creates) or created for a PVC by the in-tree migration, as upstream's policy scopes
 * them. No write action on `*`.
 */
export const ebsCsiDriver: AddonPreset<EbsCsiDriverInputs> = definePreset({
  id: "ebsCsiDriver",
  title: "Amazon EBS CSI driver",
  upstream: {
    project: "kubernetes-sigs/aws-ebs-csi-driver",
    version: "v1.64.0",
    source: "https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/AmazonEBSCSIDriverPolicyV2.json",
  },
  serviceAccount: { namespace: "kube-system", name: "ebs-csi-controller-sa" },
  otherServiceAccounts: [{ namespace: "kube-system", name: "ebs-csi-node-sa" }],
  managedAddon: "aws-ebs-csi-driver",
  helmChart: {
    repository: "https://kubernetes-sigs.github.io/aws-ebs-csi-driver",
    chart: "aws-ebs-csi-driver",
    version: "2.64.0",
    serviceAccountPath: ["controller", "serviceAccount"],
  },
  schema,
  arnInputs: { kmsKeyArns: { kind: "kmsKey", scope: "exact", upstream: "the customer-managed keys of the volumes, one by one" } },
  statements(inputs, ctx) {
    const statements = volumeStatements(ctx);
    if (inputs.kmsKeyArns) {
      statements.push(
        {
          sid: "UseKmsKeys",
          actions: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext"],
          resources: [...inputs.kmsKeyArns],
        },
        {
          sid: "GrantKmsKeysToEbs",
          actions: ["kms:CreateGrant"],
          resources: [...inputs.kmsKeyArns],
          conditions: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
      );
    }
    return statements;
  },
});

function volumeStatements(ctx: PresetContext): PolicyStatement[] {
  const volumes = arnOf(ctx, "ec2", "*", "*", "volume/*");
  const volumeIds = arnOf(ctx, "ec2", "*", "*", "volume/vol-*");
  const snapshots = arnOf(ctx, "ec2", "*", "*", "snapshot/*");
  const instances = arnOf(ctx, "ec2", "*", "*", "instance/*");
  const managedRequest = { test: "StringEquals", variable: "aws:RequestTag/ebs.csi.aws.com/cluster", values: ["true"] };
  const managedResource = { test: "StringEquals", variable: "ec2:ResourceTag/ebs.csi.aws.com/cluster", values: ["true"] };
  const migratedResource = { test: "StringLike", variable: "ec2:ResourceTag/kubernetes.io/created-for/pvc/name", values: ["*"] };
  return [
    {
      sid: "ReadOnlyDescribeOperations",
      actions: [
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeSnapshots",
        "ec2:DescribeVolumes",
        "ec2:DescribeVolumesModifications",
        "ec2:DescribeVolumeStatus",
      ],
      resources: ["*"],
    },
    { sid: "CreateAndCopyVolumesWithManagedTag", actions: ["ec2:CreateVolume", "ec2:CopyVolumes"], resources: [volumes], conditions: [managedRequest] },
    { sid: "CopyManagedVolumes", actions: ["ec2:CopyVolumes"], resources: [volumeIds], conditions: [managedResource] },
    { sid: "CopyCSIMigratedVolumes", actions: ["ec2:CopyVolumes"], resources: [volumeIds], conditions: [migratedResource] },
    { sid: "CreateSnapshotsWithManagedTag", actions: ["ec2:CreateSnapshot"], resources: [snapshots], conditions: [managedRequest] },
    { sid: "CreateSnapshotsFromManagedVolumes", actions: ["ec2:CreateSnapshot"], resources: [volumes], conditions: [managedResource] },
    {
      sid: "ManageManagedVolumes",
      actions: ["ec2:ModifyVolume", "ec2:AttachVolume", "ec2:DetachVolume", "ec2:DeleteVolume"],
      resources: [volumes],
      conditions: [managedResource],
    },
    {
      sid: "ManageCSIMigratedVolumes",
      actions: ["ec2:ModifyVolume", "ec2:AttachVolume", "ec2:DetachVolume", "ec2:DeleteVolume"],
      resources: [volumes],
      conditions: [migratedResource],
    },
    {
      sid: "CreateVolumesFromAndEnableFSROnManagedSnapshots",
      actions: ["ec2:CreateVolume", "ec2:EnableFastSnapshotRestores"],
      resources: [snapshots],
      conditions: [managedResource],
    },
    { sid: "AttachDetachVolumesToAnyInstance", actions: ["ec2:AttachVolume", "ec2:DetachVolume"], resources: [instances] },
    {
      sid: "DeleteAndLockManagedSnapshots",
      actions: ["ec2:DeleteSnapshot", "ec2:LockSnapshot"],
      resources: [snapshots],
      conditions: [managedResource],
    },
    {
      sid: "TagResourcesOnCreation",
      actions: ["ec2:CreateTags"],
      resources: [volumes, snapshots],
      conditions: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateVolume", "CreateSnapshot", "CopyVolumes"] }],
    },
    {
      sid: "ModifyTagsOnManagedVolumes",
      actions: ["ec2:CreateTags", "ec2:DeleteTags"],
      resources: [volumes],
      conditions: [
        managedResource,
        { test: "Null", variable: "aws:TagKeys", values: ["false"] },
        {
          test: "ForAllValues:StringNotEquals",
          variable: "aws:TagKeys",
          values: ["ebs.csi.aws.com/cluster", "ebs.csi.aws.com/cluster-name", "kubernetes.io/created-for/pvc/name"],
        },
      ],
    },
  ];
}
