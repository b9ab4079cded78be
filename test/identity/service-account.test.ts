import { ServiceAccount, type ServiceAccountProps } from "../../modules/identity/service-account";
import { ofType, single, synthJson, testStack } from "../support/helpers";

const ROLE = "arn:aws:iam::123456789012:role/reader";

function synthAccounts(...accounts: Partial<ServiceAccountProps>[]) {
  const { stack } = testStack();
  accounts.forEach((a, i) => new ServiceAccount(stack, `sa${i}`, { namespace: "apps", name: `sa-${i}`, roleArn: ROLE, ...a }));
  return synthJson(stack);
}

describe("ServiceAccount", () => {
  test("annotates the role ARN and regional STS endpoints", () => {
    const [, sa] = single(synthAccounts({}), "kubernetes_service_account_v1");
    expect(sa.metadata).toEqual({
      name: "sa-0",
      namespace: "apps",
      annotations: { "eks.amazonaws.com/role-arn": ROLE, "eks.amazonaws.com/sts-regional-endpoints": "true" },
    });
    expect(sa.automount_service_account_token).toBeUndefined();
  });

  test("can drop the regional endpoint annotation, set a token lifetime, labels, annotations and automount", () => {
    const [, sa] = single(
      synthAccounts({
        stsRegionalEndpoints: false,
        tokenExpirationSeconds: 3600,
        labels: { app: "reader" },
        annotations: { "example.com/owner": "data" },
        automountServiceAccountToken: false,
      }),
      "kubernetes_service_account_v1",
    );
    expect(sa.metadata.annotations).toEqual({
      "eks.amazonaws.com/role-arn": ROLE,
      "eks.amazonaws.com/token-expiration": "3600",
      "example.com/owner": "data",
    });
    expect(sa.metadata.labels).toEqual({ app: "reader" });
    expect(sa.automount_service_account_token).toBe(false);
  });

  test("service accounts of one namespace share one namespace resource and depend on it", () => {
    const synth = synthAccounts({ createNamespace: true }, { createNamespace: true }, { namespace: "jobs", createNamespace: true }, { namespace: "other" });
    const namespaces = ofType(synth, "kubernetes_namespace_v1");
    expect(namespaces.map(([, n]) => n.metadata.name).sort()).toEqual(["apps", "jobs"]);
    const appsId = namespaces.find(([, n]) => n.metadata.name === "apps")![0];
    const accounts = Object.fromEntries(ofType(synth, "kubernetes_service_account_v1").map(([, sa]) => [sa.metadata.name, sa]));
    expect(accounts["sa-0"].metadata.namespace).toBe(`\${kubernetes_namespace_v1.${appsId}.metadata[0].name}`);
    expect(accounts["sa-1"].metadata.namespace).toBe(`\${kubernetes_namespace_v1.${appsId}.metadata[0].name}`);
    expect(accounts["sa-3"].metadata.namespace).toBe("other");
    // The namespace's construct ID comes from its name.
    expect(appsId).toMatch(/^namespaces_apps_/);
  });

  test("a service account that does not create its namespace depends on the one another creates, in either order", () => {
    for (const order of [
      [{ namespace: "jobs" }, { namespace: "jobs", createNamespace: true }],
      [{ namespace: "jobs", createNamespace: true }, { namespace: "jobs" }],
    ]) {
      const synth = synthAccounts(...order);
      const [nsId] = single(synth, "kubernetes_namespace_v1");
      for (const [, sa] of ofType(synth, "kubernetes_service_account_v1")) {
        expect(sa.metadata.namespace).toBe(`\${kubernetes_namespace_v1.${nsId}.metadata[0].name}`);
      }
    }
  });

  test("fails when the namespace or name is invalid", () => {
    expect(() => synthAccounts({ namespace: "Bad" })).toThrow(/^namespace "Bad" is invalid: a namespace is a DNS-1123 label/);
    expect(() => synthAccounts({ name: "-x" })).toThrow(/^name "-x" is invalid: a service account name is a DNS-1123 subdomain/);
  });

  test("fails when extra annotations try to set the role ARN, or what an option sets", () => {
    expect(() => synthAccounts({ annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/x" } })).toThrow(
      'annotations key "eks.amazonaws.com/role-arn" is invalid: the role ARN comes from the role (roleArn)',
    );
    expect(() => synthAccounts({ annotations: { "eks.amazonaws.com/sts-regional-endpoints": "false" } })).toThrow(
      'annotations key "eks.amazonaws.com/sts-regional-endpoints" is invalid: set stsRegionalEndpoints instead',
    );
    // Only those: an annotation named like an Object property is just an annotation.
    expect(() => synthAccounts({ annotations: { constructor: "x" } })).not.toThrow();
    expect(() => synthAccounts({ annotations: { "eks.amazonaws.com/token-expiration": "600" } })).toThrow(
      'annotations key "eks.amazonaws.com/token-expiration" is invalid: set tokenExpirationSeconds instead',
    );
  });

  test("fails when a label key or value, or an annotation key, breaks Kubernetes' rules", () => {
    expect(() => synthAccounts({ labels: { "-app": "reader" } })).toThrow(
      /^labels key "-app" is invalid: a Kubernetes key is an optional DNS subdomain and '\/'/,
    );
    expect(() => synthAccounts({ labels: { app: "a reader" } })).toThrow(/^labels\.app "a reader" is invalid: a Kubernetes label value has at most 63/);
    expect(() => synthAccounts({ annotations: { "owner!": "data" } })).toThrow(/^annotations key "owner!" is invalid: a Kubernetes key is/);
    // Annotation values are free text.
    expect(() =>
      synthAccounts({ labels: { "app.kubernetes.io/name": "reader" }, annotations: { "example.com/owner": "the data team: reports" } }),
    ).not.toThrow();
  });

  test("fails when the token lifetime is outside 3600-86400 seconds", () => {
    expect(() => synthAccounts({ tokenExpirationSeconds: 600 })).toThrow("tokenExpirationSeconds 600 is invalid: must be a whole number from 3600 to 86400");
  });
});
