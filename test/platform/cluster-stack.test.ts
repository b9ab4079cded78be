import { Testing } from "cdktf";
import { addresses } from "../support/helpers";
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

  describe("a Pod-Identity-only cluster (enableIrsa false)", () => {
    const synth = JSON.parse(Testing.synth(make({ cluster: { clusterName: "demo", vpc: { cidr: "10.3.0.0/16" }, enableIrsa: false } })));

    test("has no IAM OIDC provider, no tls lookup of its issuer at plan, no tls provider and no oidc_provider_arn output", () => {
      expect(addresses(synth).filter((a) => /openid_connect|tls_certificate/.test(a))).toEqual([]);
      expect(synth.provider.tls).toBeUndefined();
      expect(synth.terraform.required_providers.tls).toBeUndefined();
      expect(Object.keys(synth.output)).not.toContain("oidc_provider_arn");
      expect(Object.keys(synth.output)).toContain("oidc_issuer_url");
    });

    test("hands vpc-cni its role through Pod Identity, after the agent, as synthesized", () => {
      const addons = Object.fromEntries(Object.entries(synth.resource.aws_eks_addon).map(([id, a]: [string, any]) => [a.addon_name, { id, a }]));
      const vpcCni = addons["vpc-cni"].a;
      expect(vpcCni.service_account_role_arn).toBeUndefined();
      expect(vpcCni.pod_identity_association).toEqual([
        { role_arn: expect.stringMatching(/^\$\{aws_iam_role\..*vpc-cni-role.*\.arn\}$/), service_account: "aws-node" },
      ]);
      expect(vpcCni.depends_on).toEqual([`aws_eks_addon.${addons["eks-pod-identity-agent"].id}`]);
      expect({ addons: synth.resource.aws_eks_addon, output: synth.output }).toMatchSnapshot();
    });

    test("with IRSA (the default) the same cluster has its provider: the Pod-Identity-only one only leaves things out", () => {
      const withIrsa = addresses(JSON.parse(Testing.synth(make({}))));
      const missing = withIrsa.filter((a) => !addresses(synth).includes(a));
      expect(missing.map((a) => a.replace(/\.[^.]+$/, ""))).toEqual(["aws_iam_openid_connect_provider", "data.tls_certificate"]);
    });
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
