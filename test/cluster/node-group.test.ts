import { ManagedNodeGroup, type ManagedNodeGroupProps } from "../../modules/cluster/node-group";
import { single, synthJson, testStack } from "../support/helpers";

const BASE: ManagedNodeGroupProps = {
  clusterName: "demo",
  nodeGroupName: "web",
  nodeRoleArn: "arn:aws:iam::123456789012:role/demo-node",
  subnetIds: ["subnet-0123abcd", "subnet-4567abcd"],
};

/** Builds a node group in a fresh stack. */
function make(props: Partial<ManagedNodeGroupProps>) {
  const { stack } = testStack();
  const group = new ManagedNodeGroup(stack, "group", { ...BASE, ...props });
  return { stack, group };
}

describe("ManagedNodeGroup", () => {
  test("takes labels, taints, instance types and an AMI type of Kubernetes' and EC2's forms", () => {
    const { stack } = make({
      instanceTypes: ["m6i.large", "m6a.large"],
      amiType: "BOTTLEROCKET_x86_64",
      labels: { "node.kubernetes.io/pool": "web" },
      taints: [{ key: "dedicated", value: "web", effect: "NO_SCHEDULE" }],
    });
    const [, group] = single(synthJson(stack), "aws_eks_node_group");
    expect(group.instance_types).toEqual(["m6i.large", "m6a.large"]);
    expect(group.ami_type).toBe("BOTTLEROCKET_x86_64");
    expect(group.labels).toEqual({ "node.kubernetes.io/pool": "web" });
    expect(group.taint).toEqual([{ key: "dedicated", value: "web", effect: "NO_SCHEDULE" }]);
  });

  test("fails when an instance type is malformed or listed twice, or there is none", () => {
    expect(() => make({ instanceTypes: [] })).toThrow("nodeGroups.web.instanceTypes [] is invalid: give at least one EC2 instance type");
    expect(() => make({ instanceTypes: ["m6i large"] })).toThrow(
      'nodeGroups.web.instanceTypes[0] "m6i large" is invalid: expected an EC2 instance type such as m6i.large',
    );
    expect(() => make({ instanceTypes: ["m6i.large", "m6i.large"] })).toThrow(
      /^nodeGroups\.web\.instanceTypes\[1\] "m6i\.large" is invalid: it repeats entry \[0\]/,
    );
  });

  test("fails when labels or taints break Kubernetes' forms, or there are more than 50 taints", () => {
    expect(() => make({ labels: { "role!": "web" } })).toThrow(/^nodeGroups\.web\.labels key "role!" is invalid: a Kubernetes key/);
    expect(() => make({ taints: [{ key: "dedicated", value: "a b", effect: "NO_SCHEDULE" }] })).toThrow(
      /^nodeGroups\.web\.taints\[0\]\.value "a b" is invalid: a Kubernetes label value/,
    );
    expect(() => make({ taints: [{ key: "", effect: "NO_SCHEDULE" }] })).toThrow(/^nodeGroups\.web\.taints\[0\]\.key "" is invalid/);
    const taints = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, effect: "NO_SCHEDULE" as const }));
    expect(() => make({ taints })).toThrow('nodeGroups.web.taints "51 taints" is invalid: a node group has at most 50 taints');
  });

  test("fails when the AMI type is malformed", () => {
    expect(() => make({ amiType: "AL2023 x86" })).toThrow(/^nodeGroups\.web\.amiType "AL2023 x86" is invalid: expected an EKS AMI type/);
  });

  test("fails when the tags, or the tags and instance tags together, break IAM's limits", () => {
    expect(() => make({ tags: { "aws:team": "x" } })).toThrow(
      `nodeGroups.web.tags key "aws:team" is invalid: tag keys starting with 'aws:' are reserved for AWS`,
    );
    const half = (prefix: string) => Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`${prefix}${i}`, "v"]));
    expect(() => make({ tags: half("a"), instanceTags: half("b") })).toThrow(
      'nodeGroups.web.instanceTags "52 tags" is invalid: a resource has at most 50 tags',
    );
  });
});
