// Velero with velero-plugin-for-aws v1.13.2.
// Policy: https://github.com/vmware-tanzu/velero-plugin-for-aws/blob/v1.13.2/README.md#set-permissions-for-velero
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, WideningAcknowledgement } from "./preset";

/** Inputs of the `velero` preset. */
export interface VeleroInputs extends WideningAcknowledgement {
  /** ARNs of the backup buckets (`arn:<partition>:s3:::<bucket>`, the BackupStorageLocations' buckets). */
  readonly bucketArns: readonly string[];
  /**
   * Take and restore EBS snapshots (VolumeSnapshotLocations of the AWS plugin): adds upstream's EC2
   * statement. Leave it off when volumes are backed up by file system backup or CSI snapshots.
   * @default true
   */
  readonly volumeSnapshots?: boolean;
  /**
   * Tag backup objects (`config.tagging` of a BackupStorageLocation): adds `s3:PutObjectTagging`,
   * which upstream notes is needed only then.
   * @default false
   */
  readonly objectTagging?: boolean;
}

const schema: z.ZodType<VeleroInputs> = z.strictObject({
  bucketArns: z.array(z.string()).readonly(),
  volumeSnapshots: z.boolean().optional(),
  objectTagging: z.boolean().optional(),
});

/**
 * Velero backups in S3 and EBS snapshots. Write actions on `*`, as upstream grants them, with
 * `volumeSnapshots`: `ec2:CreateSnapshot`, `ec2:CreateTags`, `ec2:CreateVolume` and
 * `ec2:DeleteSnapshot` (Velero snapshots any volume a backup includes, restores volumes from its
 * snapshots, and deletes the snapshots of expired backups; none carries a tag the policy could test).
 */
export const velero: AddonPreset<VeleroInputs> = definePreset({
  id: "velero",
  title: "Velero (AWS plugin)",
  upstream: {
    project: "vmware-tanzu/velero-plugin-for-aws",
    version: "v1.13.2",
    source: "https://github.com/vmware-tanzu/velero-plugin-for-aws/blob/v1.13.2/README.md#set-permissions-for-velero",
  },
  serviceAccount: { namespace: "velero", name: "velero-server" },
  helmChart: {
    repository: "https://vmware-tanzu.github.io/helm-charts",
    chart: "velero",
    version: "12.1.0",
    serviceAccountPath: ["serviceAccount", "server"],
  },
  unscopedWriteActions: ["ec2:CreateSnapshot", "ec2:CreateTags", "ec2:CreateVolume", "ec2:DeleteSnapshot"],
  schema,
  arnInputs: { bucketArns: { kind: "s3Bucket", required: true, scope: "exact", upstream: "the backup bucket" } },
  statements(inputs) {
    const statements: PolicyStatement[] = [];
    if (inputs.volumeSnapshots ?? true) {
      statements.push({
        sid: "Ec2Snapshots",
        actions: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags", "ec2:CreateVolume", "ec2:CreateSnapshot", "ec2:DeleteSnapshot"],
        resources: ["*"],
      });
    }
    const objectActions = ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
    if (inputs.objectTagging) objectActions.splice(3, 0, "s3:PutObjectTagging");
    statements.push(
      { sid: "S3Objects", actions: objectActions, resources: inputs.bucketArns.map((bucket) => `${bucket}/*`) },
      { sid: "S3List", actions: ["s3:ListBucket"], resources: [...inputs.bucketArns] },
    );
    return statements;
  },
});
