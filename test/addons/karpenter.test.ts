import { karpenter } from "../../modules/addons/karpenter";
import { CTX, NODE_ROLE, QUEUE, bySid } from "./cases";

describe("karpenter", () => {
  it("reproduces upstream's v1.14.1 controller policies for the cluster", () => {
    expect(karpenter.statements({ nodeRoleArns: [NODE_ROLE], interruptionQueueArn: QUEUE }, CTX)).toMatchSnapshot();
  });

  it("passes only the node roles, to EC2 only", () => {
    expect(bySid(karpenter.statements({ nodeRoleArns: [NODE_ROLE] }, CTX)).AllowPassingInstanceRole).toEqual({
      sid: "AllowPassingInstanceRole",
      actions: ["iam:PassRole"],
      resources: [NODE_ROLE],
      conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] }],
    });
  });

  it("scopes instances, launch templates and instance profiles to the cluster's tags and region", () => {
    const s = bySid(karpenter.statements({ nodeRoleArns: [NODE_ROLE] }, CTX));
    expect(s.AllowScopedDeletion.resources).toEqual(["arn:aws:ec2:eu-west-1:*:instance/*", "arn:aws:ec2:eu-west-1:*:launch-template/*"]);
    expect(s.AllowScopedDeletion.conditions).toEqual([
      { test: "StringEquals", variable: "aws:ResourceTag/kubernetes.io/cluster/prod", values: ["owned"] },
      { test: "StringLike", variable: "aws:ResourceTag/karpenter.sh/nodepool", values: ["*"] },
    ]);
    expect(s.AllowScopedInstanceProfileCreationActions.resources).toEqual(["arn:aws:iam::111122223333:instance-profile/*"]);
    expect(s.AllowScopedInstanceProfileCreationActions.conditions).toContainEqual({
      test: "StringEquals",
      variable: "aws:RequestTag/topology.kubernetes.io/region",
      values: ["eu-west-1"],
    });
    expect(s.AllowAPIServerEndpointDiscovery.resources).toEqual(["arn:aws:eks:eu-west-1:111122223333:cluster/prod"]);
    expect(s.AllowRegionalReadActions.conditions).toEqual([{ test: "StringEquals", variable: "aws:RequestedRegion", values: ["eu-west-1"] }]);
    expect(s.AllowSSMReadActions.resources).toEqual(["arn:aws:ssm:eu-west-1::parameter/aws/service/*"]);
    expect(s.AllowScopedEC2InstanceAccessActions.resources).toContain("arn:aws:ec2:eu-west-1::image/*");
  });

  it("reads the interruption queue only when given one", () => {
    expect(bySid(karpenter.statements({ nodeRoleArns: [NODE_ROLE] }, CTX)).AllowInterruptionQueueActions).toBeUndefined();
    expect(bySid(karpenter.statements({ nodeRoleArns: [NODE_ROLE], interruptionQueueArn: QUEUE }, CTX)).AllowInterruptionQueueActions.resources).toEqual([
      QUEUE,
    ]);
  });

  it("fails when there is no node role, or the queue is not an SQS queue ARN", () => {
    expect(() => karpenter.statements({ nodeRoleArns: [] }, CTX)).toThrow("nodeRoleArns [] is invalid: give at least one: an IAM role ARN");
    expect(() =>
      karpenter.statements({ nodeRoleArns: [NODE_ROLE], interruptionQueueArn: "https://sqs.eu-west-1.amazonaws.com/111122223333/prod" }, CTX),
    ).toThrow('interruptionQueueArn "https://sqs.eu-west-1.amazonaws.com/111122223333/prod" is invalid: expected an SQS queue ARN');
  });
});
