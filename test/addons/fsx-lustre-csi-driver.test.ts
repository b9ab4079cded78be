import { fsxLustreCsiDriver } from "../../modules/addons/fsx-lustre-csi-driver";
import { CTX, bySid } from "./cases";

describe("fsxLustreCsiDriver", () => {
  it("reproduces upstream's permissions list (not AmazonFSxFullAccess)", () => {
    expect(fsxLustreCsiDriver.statements({}, CTX)).toMatchSnapshot();
    expect(fsxLustreCsiDriver.managedPolicyArns).toBeUndefined();
  });

  it("limits service-linked role creation to FSx and its S3 data repositories", () => {
    const s = bySid(fsxLustreCsiDriver.statements({}, CTX));
    expect(s.FsxServiceLinkedRole.conditions).toEqual([{ test: "StringLike", variable: "iam:AWSServiceName", values: ["fsx.amazonaws.com"] }]);
    expect(s.S3DataRepositoryServiceLinkedRole.resources).toEqual(["arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*"]);
  });

  it("fails when given inputs it does not take", () => {
    expect(() => fsxLustreCsiDriver.statements({ s3BucketArns: [] } as never, CTX)).toThrow('has unknown key "s3BucketArns"');
  });
});
