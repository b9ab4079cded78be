// Amazon FSx for Lustre CSI driver v1.9.0 (EKS add-on aws-fsx-csi-driver).
// Policy: https://github.com/kubernetes-sigs/aws-fsx-csi-driver/blob/v1.9.0/docs/install.md#set-up-driver-permissions
// Upstream's IRSA instructions attach the AWS-managed AmazonFSxFullAccess (every FSx action); the
// same page lists the permissions the driver needs (for a node instance role), which this preset
// reproduces instead, with the cluster's partition.
import { z } from "zod";
import { definePreset } from "./private/define-preset";
import type { AddonPreset } from "./preset";

/** Inputs of the `fsxLustreCsiDriver` preset: none yet. */
// biome-ignore lint/suspicious/noEmptyInterface: the preset takes no inputs yet; an interface keeps its name in the API report
export interface FsxLustreCsiDriverInputs {}

const schema: z.ZodType<FsxLustreCsiDriverInputs> = z.strictObject({});

/**
 * The FSx for Lustre CSI driver's controller: creates, resizes and deletes FSx for Lustre file
 * systems for dynamically provisioned volumes. Write actions on `*`, as upstream grants them:
 * `fsx:CreateFileSystem`, `fsx:DeleteFileSystem`, `fsx:UpdateFileSystem` and `fsx:TagResource`
 * (file system IDs are random, and upstream documents no tag to condition on), and
 * `iam:CreateServiceLinkedRole` limited to `fsx.amazonaws.com` (condition).
 */
export const fsxLustreCsiDriver: AddonPreset<FsxLustreCsiDriverInputs> = definePreset({
  id: "fsxLustreCsiDriver",
  title: "Amazon FSx for Lustre CSI driver",
  upstream: {
    project: "kubernetes-sigs/aws-fsx-csi-driver",
    version: "v1.9.0",
    source: "https://github.com/kubernetes-sigs/aws-fsx-csi-driver/blob/v1.9.0/docs/install.md#set-up-driver-permissions",
  },
  serviceAccount: { namespace: "kube-system", name: "fsx-csi-controller-sa" },
  otherServiceAccounts: [{ namespace: "kube-system", name: "fsx-csi-node-sa" }],
  managedAddon: "aws-fsx-csi-driver",
  helmChart: {
    repository: "https://kubernetes-sigs.github.io/aws-fsx-csi-driver",
    chart: "aws-fsx-csi-driver",
    version: "1.17.0",
    serviceAccountPath: ["controller", "serviceAccount"],
  },
  unscopedWriteActions: ["fsx:CreateFileSystem", "fsx:DeleteFileSystem", "fsx:TagResource", "fsx:UpdateFileSystem", "iam:CreateServiceLinkedRole"],
  schema,
  statements(_inputs, ctx) {
    return [
      {
        sid: "S3DataRepositoryServiceLinkedRole",
        actions: ["iam:CreateServiceLinkedRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"],
        resources: [`arn:${ctx.partition}:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*`],
      },
      {
        sid: "FsxServiceLinkedRole",
        actions: ["iam:CreateServiceLinkedRole"],
        resources: ["*"],
        conditions: [{ test: "StringLike", variable: "iam:AWSServiceName", values: ["fsx.amazonaws.com"] }],
      },
      {
        sid: "ManageFileSystems",
        actions: ["s3:ListBucket", "fsx:CreateFileSystem", "fsx:DeleteFileSystem", "fsx:DescribeFileSystems", "fsx:TagResource", "fsx:UpdateFileSystem"],
        resources: ["*"],
      },
    ];
  },
});
