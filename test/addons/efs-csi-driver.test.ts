import { efsCsiDriver } from "../../modules/addons/efs-csi-driver";
import { CTX, bySid } from "./cases";

const FS = "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123456789abcdef0";

describe("efsCsiDriver", () => {
  it("reproduces upstream's example policy for EFS", () => {
    expect(efsCsiDriver.statements({}, CTX)).toMatchSnapshot();
  });

  it("adds upstream's S3 Files actions and managed policies only when asked", () => {
    expect(
      efsCsiDriver
        .statements({}, CTX)
        .flatMap((s) => s.actions)
        .filter((a) => a.startsWith("s3files:")),
    ).toEqual([]);
    expect(efsCsiDriver.managedPolicyArns!({}, CTX)).toEqual([]);
    const s = bySid(efsCsiDriver.statements({ s3Files: true }, CTX));
    expect(s.CreateAccessPoints.actions).toEqual(["elasticfilesystem:CreateAccessPoint", "s3files:CreateAccessPoint"]);
    expect(efsCsiDriver.managedPolicyArns!({ s3Files: true }, CTX)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AmazonS3FilesCSIDriverPolicy",
      "arn:aws:iam::aws:policy/AmazonS3FilesClientFullAccess",
    ]);
  });

  it("conditions every write on the driver's cluster tag", () => {
    const s = bySid(efsCsiDriver.statements({}, CTX));
    expect(s.CreateAccessPoints.conditions).toEqual([{ test: "StringLike", variable: "aws:RequestTag/efs.csi.aws.com/cluster", values: ["true"] }]);
    expect(s.TagOwnResources.conditions).toEqual([{ test: "StringLike", variable: "aws:ResourceTag/efs.csi.aws.com/cluster", values: ["true"] }]);
    expect(s.DeleteOwnAccessPoints.conditions).toEqual([{ test: "StringEquals", variable: "aws:ResourceTag/efs.csi.aws.com/cluster", values: ["true"] }]);
  });

  it("makes fileSystemArns the resources of access point creation", () => {
    const s = bySid(efsCsiDriver.statements({ fileSystemArns: [FS] }, CTX));
    expect(s.CreateAccessPoints.resources).toEqual([FS]);
    expect(s.CreateS3FilesAccessPoints).toBeUndefined();
  });

  it("fails when a file system ARN is malformed", () => {
    expect(() => efsCsiDriver.statements({ fileSystemArns: ["fs-0123456789abcdef0"] }, CTX)).toThrow('fileSystemArns[0] "fs-0123456789abcdef0" is invalid');
  });
});
