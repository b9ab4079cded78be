// Mountpoint for Amazon S3 CSI driver v2.7.0 (EKS add-on aws-mountpoint-s3-csi-driver), driver-level
// credentials. Policy: https://github.com/awslabs/mountpoint-s3/blob/v1.22.3/doc/CONFIGURATION.md#iam-permissions
// (the permissions of Mountpoint v1.22.3, which the driver runs; the EKS User Guide's policy for the
// driver, https://docs.aws.amazon.com/eks/latest/userguide/s3-csi-create.html, is the same), with the
// object actions narrowed to what the chosen access needs and to the given prefixes, as upstream
// describes ("you need these IAM permissions only for the prefix you mount").
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { ValidationError } from "../core/errors";
import { isToken } from "../core/naming";
import { stringList } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, WideningAcknowledgement } from "./preset";

/** What the mounts may do with objects, matching Mountpoint's mount options. */
export type MountpointAccess = "read" | "readWrite" | "readWriteDelete";
const ACCESS: readonly MountpointAccess[] = ["read", "readWrite", "readWriteDelete"];

/** Inputs of the `mountpointS3CsiDriver` preset. */
export interface MountpointS3CsiDriverInputs extends WideningAcknowledgement {
  /**
   * ARNs of the general purpose buckets the volumes mount (`arn:<partition>:s3:::<bucket>`, no key part).
   * @default none (then `directoryBucketArns` must name at least one bucket)
   */
  readonly bucketArns?: readonly string[];
  /**
   * Key prefixes the volumes mount (`--prefix`, each ending in `/`), in every bucket of
   * `bucketArns`: object actions apply to `<bucket>/<prefix>*` only, and `s3:ListBucket` to those
   * prefixes (condition `s3:prefix`).
   * @default the whole buckets
   */
  readonly prefixes?: readonly string[];
  /**
   * What the mounts may do with objects: `read` (`s3:GetObject`; mounts with `--read-only`),
   * `readWrite` (also `s3:PutObject` and `s3:AbortMultipartUpload`: Mountpoint's default, which
   * writes new files and deletes none) or `readWriteDelete` (also `s3:DeleteObject`; mounts with
   * `--allow-delete`). Upstream's example grants all of them.
   * @default "readWrite"
   */
  readonly access?: MountpointAccess;
  /**
   * ARNs of S3 Express One Zone directory buckets the volumes mount: adds `s3express:CreateSession` on them.
   * @default none
   */
  readonly directoryBucketArns?: readonly string[];
  /**
   * ARNs of the KMS keys the buckets' objects are encrypted with (SSE-KMS): adds `kms:Decrypt`, and
   * `kms:GenerateDataKey` unless `access` is `read`.
   * @default none
   */
  readonly kmsKeyArns?: readonly string[];
}

const schema: z.ZodType<MountpointS3CsiDriverInputs> = z.strictObject({
  bucketArns: stringList(),
  prefixes: stringList(),
  access: z.enum(ACCESS).optional(),
  directoryBucketArns: stringList(),
  kmsKeyArns: stringList(),
});

/**
 * Mountpoint for Amazon S3 CSI driver with driver-level credentials: the node service account's
 * role reads and writes the mounted buckets. No write action on `*`.
 */
export const mountpointS3CsiDriver: AddonPreset<MountpointS3CsiDriverInputs> = definePreset({
  id: "mountpointS3CsiDriver",
  title: "Mountpoint for Amazon S3 CSI driver",
  upstream: {
    project: "awslabs/mountpoint-s3-csi-driver",
    version: "v2.7.0",
    source: "https://github.com/awslabs/mountpoint-s3/blob/v1.22.3/doc/CONFIGURATION.md#iam-permissions",
  },
  serviceAccount: { namespace: "kube-system", name: "s3-csi-driver-sa" },
  otherServiceAccounts: [{ namespace: "kube-system", name: "s3-csi-driver-controller-sa" }],
  managedAddon: "aws-mountpoint-s3-csi-driver",
  helmChart: {
    repository: "https://awslabs.github.io/mountpoint-s3-csi-driver",
    chart: "aws-mountpoint-s3-csi-driver",
    version: "2.7.0",
    serviceAccountPath: ["node", "serviceAccount"],
  },
  schema,
  arnInputs: {
    bucketArns: { kind: "s3Bucket", scope: "exact", upstream: "the mounted bucket" },
    directoryBucketArns: { kind: "s3DirectoryBucket", scope: "exact", upstream: "the mounted directory bucket" },
    kmsKeyArns: { kind: "kmsKey", scope: "exact", upstream: "the buckets' keys, one by one" },
  },
  check(checked) {
    if (checked.bucketArns === undefined && checked.directoryBucketArns === undefined) {
      throw ValidationError.missing("bucketArns", "give the buckets the volumes mount (bucketArns, or directoryBucketArns for S3 Express One Zone)");
    }
    if (checked.prefixes !== undefined) {
      if (checked.bucketArns === undefined)
        throw new ValidationError("prefixes", "is set without bucketArns: prefixes apply to the general purpose buckets of bucketArns");
      if (checked.prefixes.length === 0)
        throw ValidationError.invalid("prefixes", checked.prefixes, "an empty list grants nothing: leave the field out to mount whole buckets");
      checked.prefixes.forEach((prefix, i) => {
        if (isToken(prefix)) return;
        if (!/^[^/*?][^*?]*\/$/.test(prefix)) {
          throw ValidationError.invalid(`prefixes[${i}]`, prefix, "a Mountpoint prefix ends with '/', does not start with '/', and holds no '*' or '?'");
        }
      });
    }
  },
  statements(inputs) {
    const access = inputs.access ?? "readWrite";
    const statements: PolicyStatement[] = [];
    if (inputs.bucketArns) {
      const buckets = inputs.bucketArns;
      const prefixes = inputs.prefixes;
      statements.push({
        sid: "MountpointBucketAccess",
        actions: ["s3:ListBucket"],
        resources: [...buckets],
        conditions: prefixes ? [{ test: "StringLike", variable: "s3:prefix", values: prefixes.flatMap((p) => [p, `${p}*`]) }] : undefined,
      });
      const objectActions = ["s3:GetObject"];
      if (access !== "read") objectActions.push("s3:PutObject", "s3:AbortMultipartUpload");
      if (access === "readWriteDelete") objectActions.push("s3:DeleteObject");
      statements.push({
        sid: "MountpointObjectAccess",
        actions: objectActions,
        resources: buckets.flatMap((bucket) => (prefixes ?? [""]).map((prefix) => `${bucket}/${prefix}*`)),
      });
    }
    if (inputs.directoryBucketArns) {
      statements.push({ sid: "MountpointDirectoryBucketAccess", actions: ["s3express:CreateSession"], resources: [...inputs.directoryBucketArns] });
    }
    if (inputs.kmsKeyArns) {
      statements.push({
        sid: "MountpointKmsAccess",
        actions: access === "read" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [...inputs.kmsKeyArns],
      });
    }
    return statements;
  },
});
