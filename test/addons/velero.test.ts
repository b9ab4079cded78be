import { velero } from "../../modules/addons/velero";
import { BUCKET, CTX, bySid } from "./cases";

describe("velero", () => {
  it("reproduces upstream's policy for the given bucket", () => {
    expect(velero.statements({ bucketArns: [BUCKET] }, CTX)).toMatchSnapshot();
  });

  it("makes bucketArns the resources of the S3 statements", () => {
    const s = bySid(velero.statements({ bucketArns: [BUCKET, "arn:aws:s3:::prod-dr"] }, CTX));
    expect(s.S3Objects.resources).toEqual([`${BUCKET}/*`, "arn:aws:s3:::prod-dr/*"]);
    expect(s.S3List.resources).toEqual([BUCKET, "arn:aws:s3:::prod-dr"]);
    expect(s.S3Objects.actions).not.toContain("s3:PutObjectTagging");
  });

  it("drops the EC2 snapshot statement without volumeSnapshots, and tags objects only when asked", () => {
    const s = bySid(velero.statements({ bucketArns: [BUCKET], volumeSnapshots: false, objectTagging: true }, CTX));
    expect(s.Ec2Snapshots).toBeUndefined();
    expect(s.S3Objects.actions).toContain("s3:PutObjectTagging");
  });

  it("fails when no bucket is given", () => {
    expect(() => velero.statements({ bucketArns: [] }, CTX)).toThrow("bucketArns [] is invalid: give at least one: an S3 bucket ARN");
  });
});
