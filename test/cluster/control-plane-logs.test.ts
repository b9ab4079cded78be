import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { ofType, single, synthJson, testStack, validationErrorOf } from "../support/helpers";

const SUBNETS = { subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] };

function synthCluster(props: Partial<EksClusterProps> = {}) {
  const { stack } = testStack();
  new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, ...props } as EksClusterProps);
  return synthJson(stack);
}

describe("the control plane's log group", () => {
  const synth = synthCluster();
  const [groupId, group] = single(synth, "aws_cloudwatch_log_group");
  const [, cluster] = single(synth, "aws_eks_cluster");

  test("is the group EKS writes to, with 90 days' retention, made before the cluster", () => {
    expect(group).toEqual({ name: "/aws/eks/demo/cluster", retention_in_days: 90 });
    expect(groupId).toMatch(/^eks_control-plane-logs_log-group_/);
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${groupId}`);
  });

  test("takes a retention, a KMS key and the cluster's tags", () => {
    const kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const [, custom] = single(synthCluster({ logGroup: { retentionDays: 365, kmsKeyArn }, tags: { Team: "platform" } }), "aws_cloudwatch_log_group");
    expect(custom).toEqual({ name: "/aws/eks/demo/cluster", retention_in_days: 365, kms_key_id: kmsKeyArn, tags: { Team: "platform" } });
  });

  test("takes over the group EKS made for an existing cluster with an import block", () => {
    const imported = synthCluster({ logGroup: { importExisting: true } }) as any;
    const [groupKey] = single(imported, "aws_cloudwatch_log_group");
    expect(imported.import).toEqual([{ id: "/aws/eks/demo/cluster", to: `aws_cloudwatch_log_group.${groupKey}` }]);
    expect((synth as any).import).toBeUndefined();
  });

  test("is not made when no log type is sent, or when left to EKS", () => {
    for (const props of [{ logTypes: [] }, { logGroup: { create: false } }]) {
      const out = synthCluster(props);
      expect(ofType(out, "aws_cloudwatch_log_group")).toEqual([]);
      expect(single(out, "aws_eks_cluster")[1].depends_on.join(" ")).not.toMatch(/aws_cloudwatch_log_group/);
    }
  });

  test("fails when the retention is one CloudWatch Logs does not offer, or settings come with create false", () => {
    expect(validationErrorOf(() => synthCluster({ logGroup: { retentionDays: 100 } })).message).toBe(
      "logGroup.retentionDays 100 is invalid: CloudWatch Logs keeps logs for 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days",
    );
    expect(() => synthCluster({ logGroup: { create: false, retentionDays: 30 } })).toThrow(
      "logGroup.retentionDays is set but create is false: EKS creates the log group itself, without it",
    );
    expect(() => synthCluster({ logGroup: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/logs" } })).toThrow(
      /^logGroup\.kmsKeyArn "arn:aws:kms:eu-west-1:123456789012:alias\/logs" is invalid: expected a KMS key ARN/,
    );
  });
});
