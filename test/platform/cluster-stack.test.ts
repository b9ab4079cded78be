import { Testing } from "cdktf";
import { ClusterStack, type ClusterStackProps } from "../../modules/platform/cluster-stack";

const PROPS: ClusterStackProps = {
  region: "eu-west-1",
  cluster: { clusterName: "demo", vpc: { cidr: "10.3.0.0/16" } },
  localStateDir: "..",
};

/** A cluster stack in a fresh test app, with its state outside the output directory. */
function make(props: Partial<ClusterStackProps>) {
  const app = Testing.app();
  return new ClusterStack(app, "eks-demo", { ...PROPS, localStateDir: `${app.outdir}/../state`, ...props });
}

describe("ClusterStack", () => {
  test("tags every resource with the default tags, through the provider and on the node groups' instances", () => {
    const synth = JSON.parse(Testing.synth(make({ defaultTags: { Team: "platform" } })));
    expect(synth.provider.aws[0].default_tags).toEqual([{ tags: { Team: "platform" } }]);
    const [template] = Object.values(synth.resource.aws_launch_template) as any[];
    expect(template.tag_specifications[0]).toEqual({ resource_type: "instance", tags: { Team: "platform" } });
  });

  test("fails when the region is not a region, or the default tags break IAM's limits", () => {
    expect(() => make({ region: "ireland" })).toThrow('region "ireland" is invalid: expected an AWS region such as eu-west-1');
    expect(() => make({ defaultTags: { "aws:x": "y" } })).toThrow(`defaultTags key "aws:x" is invalid: tag keys starting with 'aws:' are reserved for AWS`);
  });

  test("fails with the cluster's errors under cluster, as in its props", () => {
    expect(() => make({ cluster: { clusterName: "-bad", vpc: {} } })).toThrow(/^cluster\.clusterName "-bad" is invalid/);
    expect(() => make({ cluster: { clusterName: "demo", vpc: { cidr: "10.3.0.0/8" } } })).toThrow(/^cluster\.vpc\.cidr "10\.3\.0\.0\/8" is invalid/);
  });
});
