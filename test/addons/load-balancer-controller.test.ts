import { loadBalancerController, loadBalancerControllerTargetGroupBinding } from "../../modules/addons/load-balancer-controller";
import { CTX, bySid } from "./cases";
import { unscopedWrites } from "./iam-data";

describe("loadBalancerController", () => {
  it("reproduces upstream's v3.5.0 policy", () => {
    expect(loadBalancerController.statements({}, CTX)).toMatchSnapshot();
  });

  it("scopes the controller's own resources by its cluster tag, as upstream does", () => {
    const s = bySid(loadBalancerController.statements({}, CTX));
    expect(s.ManageOwnLoadBalancers.conditions).toEqual([{ test: "Null", variable: "aws:ResourceTag/elbv2.k8s.aws/cluster", values: ["false"] }]);
    expect(s.CreateTaggedLoadBalancers.conditions).toEqual([{ test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] }]);
    expect(s.CreateElbServiceLinkedRole.conditions).toEqual([
      { test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] },
    ]);
    expect(s.RegisterTargets.resources).toEqual(["arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"]);
  });

  it("leaves the node security group rules on any VPC without vpcId, as upstream does", () => {
    expect(bySid(loadBalancerController.statements({}, CTX)).OpenNodeSecurityGroups.conditions).toBeUndefined();
  });

  it("scopes the node security group rules to the cluster's VPC given vpcId", () => {
    const s = bySid(loadBalancerController.statements({ vpcId: "vpc-0123456789abcdef0" }, CTX));
    expect(s.OpenNodeSecurityGroups).toEqual({
      sid: "OpenNodeSecurityGroups",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      resources: ["*"],
      conditions: [{ test: "ArnEquals", variable: "ec2:Vpc", values: ["arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0123456789abcdef0"] }],
    });
  });

  it("fails when vpcId is not a VPC ID", () => {
    expect(() => loadBalancerController.statements({ vpcId: "sg-0123456789abcdef0" }, CTX)).toThrow(
      'vpcId "sg-0123456789abcdef0" is invalid: expected a VPC ID, vpc-<8 or 17 hex digits>',
    );
  });
});

describe("loadBalancerControllerTargetGroupBinding", () => {
  const TG = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef";
  const OWNER = "arn:aws:iam::444455556666:role/tg-management";

  it("reproduces upstream's TargetGroupBinding-only subset, with the writes on target groups", () => {
    expect(loadBalancerControllerTargetGroupBinding.statements({}, CTX)).toMatchSnapshot();
  });

  it("scopes the target actions to the account's and region's target groups by default, never *", () => {
    const statements = loadBalancerControllerTargetGroupBinding.statements({}, CTX);
    expect(bySid(statements).ManageTargets.resources).toEqual(["arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/*/*"]);
    expect(unscopedWrites(statements)).toEqual([]);
    expect(bySid(statements).AssumeTargetGroupOwnerRoles).toBeUndefined();
  });

  it("makes targetGroupArns the resources, and assumeRoleArns what it may assume", () => {
    const s = bySid(loadBalancerControllerTargetGroupBinding.statements({ targetGroupArns: [TG], assumeRoleArns: [OWNER] }, CTX));
    expect(s.ManageTargets.resources).toEqual([TG]);
    expect(s.AssumeTargetGroupOwnerRoles).toEqual({ sid: "AssumeTargetGroupOwnerRoles", actions: ["sts:AssumeRole"], resources: [OWNER] });
  });

  it("fails when a target group or role ARN is malformed", () => {
    expect(() =>
      loadBalancerControllerTargetGroupBinding.statements(
        { targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/x/1"] },
        CTX,
      ),
    ).toThrow("targetGroupArns[0]");
    expect(() => loadBalancerControllerTargetGroupBinding.statements({ assumeRoleArns: ["arn:aws:iam::444455556666:user/tg"] }, CTX)).toThrow(
      'assumeRoleArns[0] "arn:aws:iam::444455556666:user/tg" is invalid: expected an IAM role ARN',
    );
  });
});
