import { Token } from "cdktf";
import { karpenter } from "../../modules/addons/karpenter";
import { EksCluster } from "../../modules/cluster/eks-cluster";
import { KarpenterInfrastructure, type KarpenterInfrastructureProps } from "../../modules/cluster/karpenter";
import { addresses, ofType, single, synthJson, testStack } from "../support/helpers";

function synthInfra(props: Partial<KarpenterInfrastructureProps> = {}) {
  const { stack } = testStack();
  const infra = new KarpenterInfrastructure(stack, "karpenter", { clusterName: "prod", ...props });
  return { infra, synth: synthJson(stack) };
}

describe("KarpenterInfrastructure", () => {
  describe("by default", () => {
    const { infra, synth } = synthInfra({ tags: { team: "platform" } });
    const [partitionId] = single(synth, "aws_partition", "data");
    const [roleId, role] = single(synth, "aws_iam_role");
    const [queueId, queue] = single(synth, "aws_sqs_queue");

    test("creates the node role as upstream does: KarpenterNodeRole-<cluster>, trusted by EC2 in the partition", () => {
      expect(role.name).toBe("KarpenterNodeRole-prod");
      expect(role.tags).toEqual({ team: "platform" });
      const trust = JSON.parse(role.assume_role_policy);
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0].Principal).toEqual({ Service: `ec2.\${data.aws_partition.${partitionId}.dns_suffix}` });
      expect(trust.Statement[0].Action).toContain("sts:AssumeRole");
    });

    test("attaches upstream's four managed policies to the node role", () => {
      const attached = ofType(synth, "aws_iam_role_policy_attachment").map(([, a]) => {
        expect(a.role).toBe(`\${aws_iam_role.${roleId}.name}`);
        return a.policy_arn;
      });
      const arn = (name: string) => `arn:\${data.aws_partition.${partitionId}.partition}:iam::aws:policy/${name}`;
      expect(attached.sort()).toEqual(
        ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"].map(arn),
      );
    });

    test("gives the node role an EC2_LINUX access entry on the cluster", () => {
      const [, entry] = single(synth, "aws_eks_access_entry");
      expect(entry).toEqual({ cluster_name: "prod", principal_arn: `\${aws_iam_role.${roleId}.arn}`, type: "EC2_LINUX", tags: { team: "platform" } });
    });

    test("creates the interruption queue as upstream does: named after the cluster, SSE-SQS, 300 s retention", () => {
      expect(queue).toEqual({ name: "prod", message_retention_seconds: 300, sqs_managed_sse_enabled: true, tags: { team: "platform" } });
    });

    test("lets EventBridge and SQS send to the queue, over HTTPS only", () => {
      const [, policy] = single(synth, "aws_sqs_queue_policy");
      expect(policy.queue_url).toBe(`\${aws_sqs_queue.${queueId}.url}`);
      expect(JSON.parse(policy.policy)).toEqual({
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
            Action: "sqs:SendMessage",
            Resource: `\${aws_sqs_queue.${queueId}.arn}`,
          },
          {
            Sid: "DenyHTTP",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: `\${aws_sqs_queue.${queueId}.arn}`,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
    });

    test("sends upstream's five interruption event types to the queue, one rule and target each", () => {
      const rules: Record<string, { id: string; pattern: unknown }> = Object.fromEntries(
        ofType(synth, "aws_cloudwatch_event_rule").map(([id, r]) => [r.name, { id, pattern: JSON.parse(r.event_pattern) }]),
      );
      expect(rules).toEqual({
        "karpenter-prod-scheduled-change": { id: expect.any(String), pattern: { source: ["aws.health"], "detail-type": ["AWS Health Event"] } },
        "karpenter-prod-spot-interruption": {
          id: expect.any(String),
          pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
        },
        "karpenter-prod-rebalance": { id: expect.any(String), pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] } },
        "karpenter-prod-instance-state-change": {
          id: expect.any(String),
          pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
        },
        "karpenter-prod-capacity-reservation-interruption": {
          id: expect.any(String),
          pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"] },
        },
      });
      const targets = ofType(synth, "aws_cloudwatch_event_target").map(([, t]) => t);
      expect(targets).toHaveLength(5);
      for (const target of targets) {
        expect(target.arn).toBe(`\${aws_sqs_queue.${queueId}.arn}`);
        expect(target.target_id).toBe("KarpenterInterruptionQueueTarget");
      }
      expect(targets.map((t) => t.rule).sort()).toEqual(
        Object.values(rules)
          .map((r) => `\${aws_cloudwatch_event_rule.${r.id}.name}`)
          .sort(),
      );
    });

    test("derives construct IDs from stable names", () => {
      expect(addresses(synth).filter((a) => !a.startsWith("data."))).toEqual([
        "aws_cloudwatch_event_rule.karpenter_rule-capacity-reservation-interruption_357B6B3D",
        "aws_cloudwatch_event_rule.karpenter_rule-instance-state-change_2CFFB75C",
        "aws_cloudwatch_event_rule.karpenter_rule-rebalance_965599F1",
        "aws_cloudwatch_event_rule.karpenter_rule-scheduled-change_B0F7637D",
        "aws_cloudwatch_event_rule.karpenter_rule-spot-interruption_CD757B67",
        "aws_cloudwatch_event_target.karpenter_rule-capacity-reservation-interruption-target_744C6816",
        "aws_cloudwatch_event_target.karpenter_rule-instance-state-change-target_E3315E41",
        "aws_cloudwatch_event_target.karpenter_rule-rebalance-target_9EE9349F",
        "aws_cloudwatch_event_target.karpenter_rule-scheduled-change-target_AF8DE593",
        "aws_cloudwatch_event_target.karpenter_rule-spot-interruption-target_1D731C61",
        "aws_eks_access_entry.karpenter_node-access-entry_C6226A8C",
        "aws_iam_role.karpenter_node-role_B68B5979",
        "aws_iam_role_policy_attachment.karpenter_node-role_AmazonEC2ContainerRegistryPullOnly_07435F5E",
        "aws_iam_role_policy_attachment.karpenter_node-role_AmazonEKSWorkerNodePolicy_8F7B8E69",
        "aws_iam_role_policy_attachment.karpenter_node-role_AmazonEKS_CNI_Policy_BE7BF9F9",
        "aws_iam_role_policy_attachment.karpenter_node-role_AmazonSSMManagedInstanceCore_C1447D31",
        "aws_sqs_queue.karpenter_interruption-queue_1712F3B7",
        "aws_sqs_queue_policy.karpenter_interruption-queue-policy_20FD5DCD",
      ]);
    });

    test("exposes the node role and queue for the controller preset and the chart", () => {
      expect(Token.isUnresolved(infra.nodeRoleName)).toBe(true);
      expect(Token.isUnresolved(infra.nodeRoleArn)).toBe(true);
      expect(Token.isUnresolved(infra.queueArn)).toBe(true);
      expect(infra.controllerInputs).toEqual({ nodeRoleArns: [infra.nodeRoleArn], interruptionQueueArn: infra.queueArn });
      expect(infra.chartSettings).toEqual({ settings: { clusterName: "prod", interruptionQueue: infra.queueName } });
      // The preset takes them as they are: references, only known at apply time.
      const statements = karpenter.statements(infra.controllerInputs, {
        partition: "aws",
        region: "eu-west-1",
        accountId: "111122223333",
        clusterName: "prod",
      });
      const byId = Object.fromEntries(statements.map((s) => [s.sid, s]));
      expect(byId.AllowPassingInstanceRole.resources).toEqual([infra.nodeRoleArn]);
      expect(byId.AllowInterruptionQueueActions.resources).toEqual([infra.queueArn]);
    });
  });

  test("leaves the CNI and SSM policies off when asked", () => {
    const { synth } = synthInfra({ cniPolicy: false, ssmManagedInstanceCore: false });
    const attached = ofType(synth, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn.split("/").pop());
    expect(attached.sort()).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy"]);
  });

  test("creates no access entry when asked, for clusters that map nodes in aws-auth", () => {
    const { infra, synth } = synthInfra({ accessEntry: false });
    expect(ofType(synth, "aws_eks_access_entry")).toEqual([]);
    expect(infra.accessEntry).toBeUndefined();
  });

  test("creates no queue or rules without interruption handling, and asks the preset for no queue", () => {
    const { infra, synth } = synthInfra({ interruptionHandling: false });
    for (const type of ["aws_sqs_queue", "aws_sqs_queue_policy", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target"]) {
      expect(ofType(synth, type)).toEqual([]);
    }
    expect(infra.queueArn).toBeUndefined();
    expect(infra.controllerInputs).toEqual({ nodeRoleArns: [infra.nodeRoleArn] });
    expect(infra.chartSettings).toEqual({ settings: { clusterName: "prod" } });
  });

  test("takes a role and queue name", () => {
    const { synth } = synthInfra({ nodeRoleName: "prod-karpenter-node", queueName: "prod-interruptions" });
    expect(single(synth, "aws_iam_role")[1].name).toBe("prod-karpenter-node");
    expect(single(synth, "aws_sqs_queue")[1].name).toBe("prod-interruptions");
  });

  test("shortens names of a long cluster name to IAM's, SQS's and EventBridge's limits, with a hash", () => {
    const clusterName = `c${"x".repeat(99)}`;
    const { synth } = synthInfra({ clusterName });
    expect(single(synth, "aws_iam_role")[1].name).toHaveLength(64);
    expect(single(synth, "aws_sqs_queue")[1].name).toHaveLength(80);
    const names = ofType(synth, "aws_cloudwatch_event_rule").map(([, r]) => r.name);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(64);
    expect(new Set(names).size).toBe(5);
  });

  test("works with a cluster the app creates, whose name is a reference", () => {
    const { stack } = testStack();
    const cluster = new EksCluster(stack, "eks", { clusterName: "prod", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] });
    new KarpenterInfrastructure(stack, "karpenter", { clusterName: cluster.clusterName, cniPolicy: false });
    const synth = synthJson(stack);
    const [clusterId] = single(synth, "aws_eks_cluster");
    const entry = ofType(synth, "aws_eks_access_entry").find(([, e]) => e.type === "EC2_LINUX")![1];
    expect(entry.cluster_name).toBe(`\${aws_eks_cluster.${clusterId}.name}`);
    expect(single(synth, "aws_sqs_queue")[1].name).toBe(`\${aws_eks_cluster.${clusterId}.name}`);
  });

  test("fails when the cluster name is invalid", () => {
    const { stack } = testStack();
    expect(() => new KarpenterInfrastructure(stack, "karpenter", { clusterName: "prod cluster" })).toThrow('clusterName "prod cluster" is invalid');
  });

  test("fails when a role or queue name is invalid, or a queue name is given without a queue", () => {
    const { stack } = testStack();
    expect(() => new KarpenterInfrastructure(stack, "a", { clusterName: "prod", nodeRoleName: "a/b" })).toThrow('nodeRoleName "a/b" is invalid');
    expect(() => new KarpenterInfrastructure(stack, "b", { clusterName: "prod", queueName: "prod.fifo" })).toThrow(
      "queueName \"prod.fifo\" is invalid: an SQS queue name has 1-80 letters, digits, '-' or '_'",
    );
    expect(() => new KarpenterInfrastructure(stack, "c", { clusterName: "prod", queueName: "q", interruptionHandling: false })).toThrow(
      "queueName is set but interruptionHandling is false: no queue is created",
    );
  });

  test("fails when a tag is invalid", () => {
    const { stack } = testStack();
    expect(() => new KarpenterInfrastructure(stack, "karpenter", { clusterName: "prod", tags: { "aws:team": "x" } })).toThrow('tags key "aws:team"');
  });
});
