import { mountpointS3CsiDriver } from "../../modules/addons/mountpoint-s3-csi-driver";
import { BUCKET, CTX, KMS_KEY, bySid } from "./cases";

const DIRECTORY_BUCKET = "arn:aws:s3express:eu-west-1:111122223333:bucket/prod-cache--euw1-az1--x-s3";

describe("mountpointS3CsiDriver", () => {
  it("reproduces upstream's policy for the given bucket, prefix, access and key", () => {
    expect(
      mountpointS3CsiDriver.statements({ bucketArns: [BUCKET], prefixes: ["team-a/"], access: "readWriteDelete", kmsKeyArns: [KMS_KEY] }, CTX),
    ).toMatchSnapshot();
  });

  it("makes bucketArns the resources, with Mountpoint's default access (write new files, delete none)", () => {
    const s = bySid(mountpointS3CsiDriver.statements({ bucketArns: [BUCKET] }, CTX));
    expect(s.MountpointBucketAccess).toEqual({ sid: "MountpointBucketAccess", actions: ["s3:ListBucket"], resources: [BUCKET], conditions: undefined });
    expect(s.MountpointObjectAccess).toEqual({
      sid: "MountpointObjectAccess",
      actions: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
      resources: [`${BUCKET}/*`],
    });
  });

  it("narrows objects and listing to the prefixes", () => {
    const s = bySid(mountpointS3CsiDriver.statements({ bucketArns: [BUCKET], prefixes: ["a/", "b/c/"] }, CTX));
    expect(s.MountpointObjectAccess.resources).toEqual([`${BUCKET}/a/*`, `${BUCKET}/b/c/*`]);
    expect(s.MountpointBucketAccess.conditions).toEqual([{ test: "StringLike", variable: "s3:prefix", values: ["a/", "a/*", "b/c/", "b/c/*"] }]);
  });

  it("grants read only for access read, and delete only for readWriteDelete", () => {
    const read = bySid(mountpointS3CsiDriver.statements({ bucketArns: [BUCKET], access: "read", kmsKeyArns: [KMS_KEY] }, CTX));
    expect(read.MountpointObjectAccess.actions).toEqual(["s3:GetObject"]);
    expect(read.MountpointKmsAccess.actions).toEqual(["kms:Decrypt"]);
    const all = bySid(mountpointS3CsiDriver.statements({ bucketArns: [BUCKET], access: "readWriteDelete", kmsKeyArns: [KMS_KEY] }, CTX));
    expect(all.MountpointObjectAccess.actions).toContain("s3:DeleteObject");
    expect(all.MountpointKmsAccess.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
  });

  it("creates sessions on directory buckets", () => {
    expect(mountpointS3CsiDriver.statements({ directoryBucketArns: [DIRECTORY_BUCKET] }, CTX)).toEqual([
      { sid: "MountpointDirectoryBucketAccess", actions: ["s3express:CreateSession"], resources: [DIRECTORY_BUCKET] },
    ]);
  });

  it("fails when no bucket is given, a bucket ARN has a key part, or a prefix is malformed", () => {
    expect(() => mountpointS3CsiDriver.statements({}, CTX)).toThrow("bucketArns is missing");
    expect(() => mountpointS3CsiDriver.statements({ bucketArns: [`${BUCKET}/data`] }, CTX)).toThrow("bucketArns[0]");
    expect(() => mountpointS3CsiDriver.statements({ bucketArns: [BUCKET], prefixes: ["team-a"] }, CTX)).toThrow(
      `prefixes[0] "team-a" is invalid: a Mountpoint prefix ends with '/'`,
    );
    expect(() => mountpointS3CsiDriver.statements({ bucketArns: [BUCKET], prefixes: ["/team-a/"] }, CTX)).toThrow("prefixes[0]");
    expect(() => mountpointS3CsiDriver.statements({ directoryBucketArns: [DIRECTORY_BUCKET], prefixes: ["a/"] }, CTX)).toThrow(
      "prefixes is set without bucketArns",
    );
  });
});
