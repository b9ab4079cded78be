// Amazon EFS CSI driver v3.4.1 (EKS add-on aws-efs-csi-driver), controller.
// Policy: https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-example.json
// (AWS publishes its EFS part as the managed policy AmazonEFSCSIDriverPolicy), and for Amazon S3
// Files: https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-create.md
// No KMS input: the driver creates access points, not file systems, and EFS uses a file system's KMS
// key itself; the driver's role needs no key permissions.
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { stringList } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset } from "./preset";

/** Inputs of the `efsCsiDriver` preset. */
export interface EfsCsiDriverInputs {
  /**
   * ARNs of the EFS file systems the driver may create access points in (the `fileSystemId` of
   * StorageClasses with `provisioningMode: efs-ap`). Upstream grants `elasticfilesystem:CreateAccessPoint`
   * on `*`, conditioned on the request tag `efs.csi.aws.com/cluster: true`.
   * @default upstream's `*`: any file system of the account, with that tag condition
   */
  readonly fileSystemArns?: readonly string[];
  /**
   * Also provision volumes on Amazon S3 Files file systems: adds upstream's `s3files:*AccessPoint*`
   * and `s3files:TagResource` actions, on `*` with the same tag conditions as for EFS, and the
   * AWS-managed policies upstream prescribes for the controller, `AmazonS3FilesCSIDriverPolicy` and
   * `AmazonS3FilesClientFullAccess`. Mounting S3 Files also needs permissions for the node service
   * account (`efs-csi-node-sa`), which this preset does not grant.
   * @default false
   */
  readonly s3Files?: boolean;
}

const schema: z.ZodType<EfsCsiDriverInputs> = z.strictObject({ fileSystemArns: stringList(), s3Files: z.boolean().optional() });

/**
 * The EFS CSI driver's controller: creates and deletes EFS access points for dynamically
 * provisioned volumes. Write actions on `*`, as upstream grants them, each conditioned on the tag
 * `efs.csi.aws.com/cluster: true` that the driver puts on its access points:
 * `elasticfilesystem:CreateAccessPoint` (on the request; `fileSystemArns` scopes it),
 * `elasticfilesystem:TagResource` and `elasticfilesystem:DeleteAccessPoint` (on the resource: access
 * point IDs are random), and with `s3Files` the same three `s3files:` actions.
 */
export const efsCsiDriver: AddonPreset<EfsCsiDriverInputs> = definePreset({
  id: "efsCsiDriver",
  title: "Amazon EFS CSI driver",
  upstream: {
    project: "kubernetes-sigs/aws-efs-csi-driver",
    version: "v3.4.1",
    source: "https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-example.json",
  },
  serviceAccount: { namespace: "kube-system", name: "efs-csi-controller-sa" },
  otherServiceAccounts: [{ namespace: "kube-system", name: "efs-csi-node-sa" }],
  managedAddon: "aws-efs-csi-driver",
  helmChart: {
    repository: "https://kubernetes-sigs.github.io/aws-efs-csi-driver",
    chart: "aws-efs-csi-driver",
    version: "4.4.1",
    serviceAccountPath: ["controller", "serviceAccount"],
  },
  unscopedWriteActions: [
    "elasticfilesystem:CreateAccessPoint",
    "elasticfilesystem:DeleteAccessPoint",
    "elasticfilesystem:TagResource",
    "s3files:CreateAccessPoint",
    "s3files:DeleteAccessPoint",
    "s3files:TagResource",
  ],
  schema,
  arnInputs: { fileSystemArns: { kind: "efsFileSystem", scope: "any", upstream: "every file system (*), with the tag condition" } },
  statements(inputs) {
    const s3Files = inputs.s3Files ?? false;
    const both = (action: string) => (s3Files ? [`elasticfilesystem:${action}`, `s3files:${action}`] : [`elasticfilesystem:${action}`]);
    const clusterTag = (kind: "Request" | "Resource", test = "StringLike") => ({ test, variable: `aws:${kind}Tag/efs.csi.aws.com/cluster`, values: ["true"] });
    const describe = ["elasticfilesystem:DescribeAccessPoints", "elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets"];
    if (s3Files) describe.push("s3files:ListAccessPoints", "s3files:ListFileSystems");
    const create: PolicyStatement[] = inputs.fileSystemArns
      ? [
          {
            sid: "CreateAccessPoints",
            actions: ["elasticfilesystem:CreateAccessPoint"],
            resources: [...inputs.fileSystemArns],
            conditions: [clusterTag("Request")],
          },
          ...(s3Files
            ? [{ sid: "CreateS3FilesAccessPoints", actions: ["s3files:CreateAccessPoint"], resources: ["*"], conditions: [clusterTag("Request")] }]
            : []),
        ]
      : [{ sid: "CreateAccessPoints", actions: both("CreateAccessPoint"), resources: ["*"], conditions: [clusterTag("Request")] }];
    return [
      { sid: "Describe", actions: [...describe, "ec2:DescribeAvailabilityZones"], resources: ["*"] },
      ...create,
      { sid: "TagOwnResources", actions: both("TagResource"), resources: ["*"], conditions: [clusterTag("Resource")] },
      { sid: "DeleteOwnAccessPoints", actions: both("DeleteAccessPoint"), resources: ["*"], conditions: [clusterTag("Resource", "StringEquals")] },
    ];
  },
  managedPolicyArns(inputs, ctx) {
    if (!inputs.s3Files) return [];
    return [
      `arn:${ctx.partition}:iam::aws:policy/service-role/AmazonS3FilesCSIDriverPolicy`,
      `arn:${ctx.partition}:iam::aws:policy/AmazonS3FilesClientFullAccess`,
    ];
  },
});
