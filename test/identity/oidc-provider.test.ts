import { ClusterOidcProvider, issuerHostOf } from "../../modules/identity/oidc-provider";
import { EksCluster } from "../../modules/cluster/eks-cluster";
import { ofType, single, synthJson, testStack, trustOf } from "../support/helpers";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";

describe("ClusterOidcProvider", () => {
  test("trusts the root CA of the tls_certificate read from the cluster's issuer", () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    const cluster = new EksCluster(stack, "eks", { clusterName: "c1", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] });
    // THEN
    const synth = synthJson(stack);
    const [certId, cert] = single(synth, "tls_certificate", "data");
    const [clusterId] = single(synth, "aws_eks_cluster");
    expect(cert.url).toBe(`\${aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`);
    const [providerId, provider] = single(synth, "aws_iam_openid_connect_provider");
    expect(provider.url).toBe(`\${aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`);
    expect(provider.thumbprint_list).toEqual([`\${data.tls_certificate.${certId}.certificates[0].sha1_fingerprint}`]);
    expect(provider.client_id_list).toEqual(["sts.amazonaws.com"]);
    expect(cluster.oidcProvider?.arn).toContain("TOKEN");
    expect(providerId).toMatch(/oidc-provider/);
  });

  test("adds extra audiences and thumbprints after the defaults, without repeating sts.amazonaws.com", () => {
    const { stack } = testStack();
    new ClusterOidcProvider(stack, "oidc", {
      issuerUrl: ISSUER,
      extraClientIds: ["sts.amazonaws.com", "vault"],
      extraThumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
    });
    const [, provider] = single(synthJson(stack), "aws_iam_openid_connect_provider");
    expect(provider.client_id_list).toEqual(["sts.amazonaws.com", "vault"]);
    expect(provider.thumbprint_list).toHaveLength(2);
    expect(provider.thumbprint_list[1]).toBe("9e99a48a9960b14926bb7f3b02e22da2b0ab7280");
  });

  test("issuerHost drops https:// at synth time when the URL is known, in Terraform otherwise", () => {
    expect(issuerHostOf(ISSUER)).toBe("oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF");
    const { stack } = testStack();
    const provider = new ClusterOidcProvider(stack, "oidc", { issuerUrl: ISSUER });
    expect(provider.issuerUrl).toBe(ISSUER);
    expect(provider.issuerHost).toContain("TOKEN"); // replace(<provider>.url, "https://", "")
  });

  test("fromProviderArn imports an existing provider and creates nothing", () => {
    const { stack } = testStack();
    const imported = ClusterOidcProvider.fromProviderArn(
      stack,
      "existing",
      "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
      ISSUER,
    );
    expect(imported.issuerHost).toBe("oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF");
    const synth = synthJson(stack);
    expect(ofType(synth, "aws_iam_openid_connect_provider")).toHaveLength(0);
    expect(ofType(synth, "tls_certificate", "data")).toHaveLength(0);
  });

  test("an EksCluster given existingOidcProviderArn creates no provider and trusts the given one", () => {
    const { stack } = testStack();
    const arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/AAAA";
    new EksCluster(stack, "eks", { clusterName: "c1", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"], existingOidcProviderArn: arn });
    const synth = synthJson(stack);
    expect(ofType(synth, "aws_iam_openid_connect_provider")).toHaveLength(0);
    const trust = { statement: trustOf(synth, "vpc-cni") };
    expect(trust.statement[0].principals[0].identifiers).toEqual([arn]);
  });

  test("fails when an extra thumbprint is not 40 hex characters", () => {
    const { stack } = testStack();
    expect(() => new ClusterOidcProvider(stack, "oidc", { issuerUrl: ISSUER, extraThumbprints: ["abc"] })).toThrow(
      'extraThumbprints[0] "abc" is invalid: a thumbprint is a SHA-1 fingerprint of 40 hex characters',
    );
  });

  test("fails when the issuer URL is not https", () => {
    const { stack } = testStack();
    expect(() => new ClusterOidcProvider(stack, "oidc", { issuerUrl: "http://x" })).toThrow(/issuerUrl "http:\/\/x" is invalid/);
    expect(() => ClusterOidcProvider.fromProviderArn(stack, "i", "arn:aws:iam::123456789012:oidc-provider/x", "x")).toThrow(/issuerUrl "x" is invalid/);
  });

  test("fails when an imported provider ARN is not an OIDC provider ARN", () => {
    const { stack } = testStack();
    expect(() => ClusterOidcProvider.fromProviderArn(stack, "i", "arn:aws:iam::123456789012:role/x", ISSUER)).toThrow(
      'arn "arn:aws:iam::123456789012:role/x" is invalid: expected an IAM OIDC provider ARN arn:<partition>:iam::<12-digit account>:oidc-provider/<issuer host>',
    );
  });

  test("fails when there are more thumbprints or client IDs than IAM allows, or one is listed twice", () => {
    const { stack } = testStack();
    const thumbprint = (i: number) => String(i).repeat(40);
    expect(() => new ClusterOidcProvider(stack, "a", { issuerUrl: ISSUER, extraThumbprints: [1, 2, 3, 4, 5].map(thumbprint) })).toThrow(
      `extraThumbprints "5 thumbprints" is invalid: give at most 4: IAM allows 5 thumbprints, one is the issuer's root CA`,
    );
    expect(() => new ClusterOidcProvider(stack, "b", { issuerUrl: ISSUER, extraThumbprints: [thumbprint(1), thumbprint(1)] })).toThrow(
      /^extraThumbprints\[1\] "1{40}" is invalid: it repeats entry \[0\]/,
    );
    const ids = Array.from({ length: 100 }, (_, i) => `client-${i}`);
    expect(() => new ClusterOidcProvider(stack, "c", { issuerUrl: ISSUER, extraClientIds: ids })).toThrow(
      'extraClientIds "100 client IDs" is invalid: give at most 99: IAM allows 100 audiences, one is sts.amazonaws.com',
    );
    expect(() => new ClusterOidcProvider(stack, "d", { issuerUrl: ISSUER, extraClientIds: [""] })).toThrow(
      'extraClientIds[0] "" is invalid: an OIDC client ID (audience) has 1-255 characters',
    );
    expect(() => new ClusterOidcProvider(stack, "e", { issuerUrl: ISSUER, tags: { ["k".repeat(129)]: "v" } })).toThrow(
      /^tags key "k{129}" is invalid: a tag key/,
    );
  });
});
