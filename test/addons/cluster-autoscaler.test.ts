import { clusterAutoscaler } from "../../modules/addons/cluster-autoscaler";
import { CTX, bySid } from "./cases";

describe("clusterAutoscaler", () => {
  it("reproduces upstream's recommended policy, scoped as upstream recommends", () => {
    expect(clusterAutoscaler.statements({}, CTX)).toMatchSnapshot();
  });

  it("scales only the auto-discovered groups of the context's cluster by default", () => {
    const s = bySid(clusterAutoscaler.statements({}, CTX));
    expect(s.ScaleDiscoveredGroups.resources).toEqual(["arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:*:autoScalingGroupName/*"]);
    expect(s.ScaleDiscoveredGroups.conditions).toEqual([
      { test: "Null", variable: "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/enabled", values: ["false"] },
      { test: "Null", variable: "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod", values: ["false"] },
    ]);
    expect(s.DescribeNodegroups.resources).toEqual(["arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/*/*"]);
  });

  it("gives each of clusterNames its own tag condition (a group needs both tags) and node groups", () => {
    const s = bySid(clusterAutoscaler.statements({ clusterNames: ["blue", "green"] }, CTX));
    expect(s.ScaleDiscoveredGroups0.conditions?.[1].variable).toBe("autoscaling:ResourceTag/k8s.io/cluster-autoscaler/blue");
    expect(s.ScaleDiscoveredGroups1.conditions?.[1].variable).toBe("autoscaling:ResourceTag/k8s.io/cluster-autoscaler/green");
    expect(s.DescribeNodegroups.resources).toEqual([
      "arn:aws:eks:eu-west-1:111122223333:nodegroup/blue/*/*",
      "arn:aws:eks:eu-west-1:111122223333:nodegroup/green/*/*",
    ]);
  });

  it("fails when clusterNames is empty, repeats a name, or holds an invalid cluster name", () => {
    expect(() => clusterAutoscaler.statements({ clusterNames: [] }, CTX)).toThrow("clusterNames [] is invalid");
    expect(() => clusterAutoscaler.statements({ clusterNames: ["a", "a"] }, CTX)).toThrow(
      'clusterNames[1] "a" is invalid: it repeats entry [0]: list each value once',
    );
    expect(() => clusterAutoscaler.statements({ clusterNames: ["prod/*"] }, CTX)).toThrow('clusterNames[0] "prod/*" is invalid');
  });
});
