/**
 * The kubernetes and tls bindings the library writes on the core's own classes synthesize exactly
 * what the prebuilt provider packages (@cdktf/provider-kubernetes 12.1.1, @cdktf/provider-tls
 * 11.0.1, kept as devDependencies for this comparison only) synthesize for the same arguments: the
 * JSON and the HCL, the provider's required_providers entry, and the references to their attributes.
 */
import { Fn, TerraformOutput, TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider as PrebuiltKubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DataTlsCertificate as PrebuiltDataTlsCertificate } from "@cdktf/provider-tls/lib/data-tls-certificate";
import { TlsProvider as PrebuiltTlsProvider } from "@cdktf/provider-tls/lib/provider";
import { KubernetesNamespaceV1, KubernetesProvider, type KubernetesProviderConfig, KubernetesServiceAccountV1 } from "../../modules/identity/kubernetes";
import { DataTlsCertificate, TlsProvider } from "../../modules/identity/tls";
import { validationErrorOf } from "../support/helpers";

/** Both renderings of a stack that `build` fills. */
function synthBoth(build: (stack: TerraformStack) => void): { json: any; hcl: string } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "bindings");
  build(stack);
  return { json: JSON.parse(Testing.synth(stack)), hcl: Testing.synthHcl(stack) };
}

const PROVIDER_CONFIGS: [string, KubernetesProviderConfig][] = [
  ["no arguments", {}],
  [
    "an EKS cluster's endpoint, CA and aws eks get-token",
    {
      host: "https://example.eks.amazonaws.com",
      clusterCaCertificate: Fn.base64decode("Y2E="),
      exec: [
        {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", "c"],
          env: { AWS_PROFILE: "platform" },
        },
      ],
    },
  ],
  [
    "every other argument, with an alias",
    {
      alias: "second",
      token: "t",
      insecure: true,
      configPath: "~/.kube/config",
      configContext: "ctx",
      tlsServerName: "kubernetes",
      proxyUrl: "http://proxy:3128",
      ignoreAnnotations: ["^example\\.com/.*"],
      ignoreLabels: ["team"],
    },
  ],
];

describe("KubernetesProvider", () => {
  test.each(PROVIDER_CONFIGS)("%s: synthesizes what the prebuilt provider does", (_what, config) => {
    const ours = synthBoth((stack) => new KubernetesProvider(stack, "kubernetes", config));
    const prebuilt = synthBoth((stack) => new PrebuiltKubernetesProvider(stack, "kubernetes", config as any));
    expect(ours.json).toEqual(prebuilt.json);
    expect(ours.hcl).toBe(prebuilt.hcl);
    expect(ours.json.terraform.required_providers.kubernetes).toEqual({ source: "kubernetes", version: KubernetesProvider.providerVersion });
  });

  test("an alias set after construction names the provider, as on the prebuilt one", () => {
    const set = (provider: { alias?: string }) => {
      provider.alias = "late";
    };
    const ours = synthBoth((stack) => set(new KubernetesProvider(stack, "kubernetes", {})));
    const prebuilt = synthBoth((stack) => set(new PrebuiltKubernetesProvider(stack, "kubernetes", {})));
    expect(ours.json.provider.kubernetes).toEqual([{ alias: "late" }]);
    expect(ours.json).toEqual(prebuilt.json);
  });
});

describe("KubernetesNamespaceV1 and KubernetesServiceAccountV1", () => {
  /** A namespace and two service accounts in it, with each core's classes. */
  const build = (classes: { Provider: any; Namespace: any; ServiceAccount: any }) => (stack: Construct) => {
    const provider = new classes.Provider(stack, "eks", { alias: "eks" });
    const namespace = new classes.Namespace(stack, "ns", { provider, metadata: { name: "team", labels: { team: "a" }, annotations: { owner: "a" } } });
    const account = new classes.ServiceAccount(stack, "sa", {
      provider,
      dependsOn: [namespace],
      metadata: {
        name: "api",
        namespace: namespace.metadata.name,
        labels: { app: "api" },
        annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/api" },
      },
      automountServiceAccountToken: false,
    });
    new classes.ServiceAccount(stack, "plain", { metadata: { name: "plain" }, lifecycle: { preventDestroy: true } });
    new TerraformOutput(stack, "account_name", { value: account.metadata.name });
    new TerraformOutput(stack, "namespace_uid", { value: namespace.metadata.uid });
  };

  test("synthesize what the prebuilt resources do: arguments, provider, depends_on, lifecycle, and references to their metadata", () => {
    const ours = synthBoth(build({ Provider: KubernetesProvider, Namespace: KubernetesNamespaceV1, ServiceAccount: KubernetesServiceAccountV1 }));
    const prebuilt = synthBoth(build({ Provider: PrebuiltKubernetesProvider, Namespace: NamespaceV1, ServiceAccount: ServiceAccountV1 }));
    expect(ours.json).toEqual(prebuilt.json);
    expect(ours.hcl).toBe(prebuilt.hcl);
    expect(ours.json.output.account_name.value).toBe("${kubernetes_service_account_v1.sa.metadata[0].name}");
    expect(ours.json.resource.kubernetes_service_account_v1.sa.metadata.namespace).toBe("${kubernetes_namespace_v1.ns.metadata[0].name}");
    expect(ours.json.resource.kubernetes_service_account_v1.sa.provider).toBe("kubernetes.eks");
  });
});

describe("TlsProvider and DataTlsCertificate", () => {
  test("synthesize what the prebuilt ones do, and the fingerprint of a certificate of the chain is the same reference", () => {
    const ours = synthBoth((stack) => {
      new TlsProvider(stack, "tls", {});
      const byUrl = new DataTlsCertificate(stack, "issuer", { url: "https://oidc.eks.eu-west-1.amazonaws.com/id/X" });
      new DataTlsCertificate(stack, "pem", { content: "-----BEGIN CERTIFICATE-----", verifyChain: false });
      new TerraformOutput(stack, "fingerprint", { value: byUrl.certificate(0).sha1Fingerprint });
      new TerraformOutput(stack, "subject", { value: byUrl.certificate(1).subject });
    });
    const prebuilt = synthBoth((stack) => {
      new PrebuiltTlsProvider(stack, "tls", {});
      const byUrl = new PrebuiltDataTlsCertificate(stack, "issuer", { url: "https://oidc.eks.eu-west-1.amazonaws.com/id/X" });
      new PrebuiltDataTlsCertificate(stack, "pem", { content: "-----BEGIN CERTIFICATE-----", verifyChain: false });
      new TerraformOutput(stack, "fingerprint", { value: byUrl.certificates.get(0).sha1Fingerprint });
      new TerraformOutput(stack, "subject", { value: byUrl.certificates.get(1).subject });
    });
    expect(ours.json).toEqual(prebuilt.json);
    expect(ours.hcl).toBe(prebuilt.hcl);
    expect(ours.json.terraform.required_providers.tls).toEqual({ source: "hashicorp/tls", version: TlsProvider.providerVersion });
    expect(ours.json.output.fingerprint.value).toBe("${data.tls_certificate.issuer.certificates[0].sha1_fingerprint}");
  });

  test.each([
    ["neither url nor content", {}],
    ["both url and content", { url: "https://example.com", content: "pem" }],
  ])("fails when a certificate lookup is given %s", (_what, config) => {
    const { stack } = { stack: new TerraformStack(Testing.app(), "s") };
    const error = validationErrorOf(() => new DataTlsCertificate(stack, "c", config));
    expect(error.field).toBe("url");
    expect(error.message).toContain("give either url or content");
  });

  test("fails when a certificate of the chain is asked for by a negative or fractional index", () => {
    const certificate = new DataTlsCertificate(new TerraformStack(Testing.app(), "s"), "c", { url: "https://example.com" });
    for (const index of [-1, 0.5]) {
      const error = validationErrorOf(() => certificate.certificate(index));
      expect(error.message).toBe(`index ${index} is invalid: a whole number, 0 or more`);
    }
  });
});
