import { ebsCsiDriver } from "../../modules/addons/ebs-csi-driver";
import { CTX, KMS_KEY, bySid } from "./cases";

describe("ebsCsiDriver", () => {
  it("reproduces upstream's AmazonEBSCSIDriverPolicyV2, and the KMS statements for the given keys", () => {
    expect(ebsCsiDriver.statements({ kmsKeyArns: [KMS_KEY] }, CTX)).toMatchSnapshot();
  });

  it("manages only volumes and snapshots tagged for the driver, or created for a PVC", () => {
    const s = bySid(ebsCsiDriver.statements({}, CTX));
    expect(s.ManageManagedVolumes.conditions).toEqual([{ test: "StringEquals", variable: "ec2:ResourceTag/ebs.csi.aws.com/cluster", values: ["true"] }]);
    expect(s.ManageCSIMigratedVolumes.conditions).toEqual([
      { test: "StringLike", variable: "ec2:ResourceTag/kubernetes.io/created-for/pvc/name", values: ["*"] },
    ]);
    expect(s.DeleteAndLockManagedSnapshots.resources).toEqual(["arn:aws:ec2:*:*:snapshot/*"]);
  });

  it("grants no KMS key without kmsKeyArns, and only the given keys with them", () => {
    const plain = ebsCsiDriver.statements({}, CTX);
    expect(plain.flatMap((s) => s.actions).filter((a) => a.startsWith("kms:"))).toEqual([]);
    const s = bySid(ebsCsiDriver.statements({ kmsKeyArns: [KMS_KEY] }, CTX));
    expect(s.UseKmsKeys.resources).toEqual([KMS_KEY]);
    expect(s.GrantKmsKeysToEbs).toEqual({
      sid: "GrantKmsKeysToEbs",
      actions: ["kms:CreateGrant"],
      resources: [KMS_KEY],
      conditions: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
    });
  });

  it("fails when a KMS ARN names an alias, not a key", () => {
    expect(() => ebsCsiDriver.statements({ kmsKeyArns: ["arn:aws:kms:eu-west-1:111122223333:alias/ebs"] }, CTX)).toThrow(
      'kmsKeyArns[0] "arn:aws:kms:eu-west-1:111122223333:alias/ebs" is invalid: expected a KMS key ARN',
    );
  });
});
