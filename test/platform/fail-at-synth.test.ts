import { ref, Testing, Token } from "cdktf";
import { ClusterOidcProvider } from "../../modules/identity/oidc-provider";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { checkKubernetesVersion, EKS_VERSIONS_AS_OF, kubernetesVersionWarning } from "../../modules/cluster/kubernetes-versions";
import { ManagedNodeGroup } from "../../modules/cluster/node-group";
import { ValidationError, ValidationErrors } from "../../modules/core/errors";
import { MAX_VALUE_DEPTH, PROTO_KEY_ALLOWED } from "../../modules/core/naming";
import { WorkloadIdentity, type WorkloadIdentityOptions } from "../../modules/identity/workload-identity";
import { WorkloadRole } from "../../modules/identity/workload-role";
import { MAX_FILE_DEPTH, PlatformConfigSource } from "../../modules/platform/config-file";
import { Platform } from "../../modules/platform/platform";
import { fakeCluster, testStack, validationErrorOf } from "../support/helpers";

/**
 * What used to be accepted and then fail at apply (or be silently different), refused at synth:
 * through the constructs and through the configuration file, with the same words.
 */

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const OIDC = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerUrl: `https://${HOST}`, issuerHost: HOST };
/** A cluster of eu-west-1 known by its ARN, with an OIDC provider. */
const CLUSTER = () => fakeCluster({ oidcProvider: OIDC, arn: "arn:aws:eks:eu-west-1:123456789012:cluster/c" });
const STATEMENT = { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] };

function bind(options: Partial<WorkloadIdentityOptions>): WorkloadIdentity {
  const { stack } = testStack("workloads");
  return new WorkloadIdentity(stack, "app", {
    cluster: CLUSTER(),
    serviceAccounts: [{ namespace: "apps", name: "reader" }],
    policyStatements: [STATEMENT],
    ...options,
  });
}

function cluster(props: Partial<EksClusterProps>): EksCluster {
  const { stack } = testStack();
  return new EksCluster(stack, "eks", { clusterName: "demo", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"], ...props } as EksClusterProps);
}

/** A small platform: one environment of eu-west-1 with one workload. */
function platform(edit: (config: any) => void = () => undefined): any {
  const config = {
    environments: [
      {
        name: "dev",
        region: "eu-west-1",
        cluster: { clusterName: "dev", vpc: {} },
        workloads: [{ serviceAccounts: [{ namespace: "apps", name: "reader" }], policyStatements: [STATEMENT] }],
      },
    ],
  };
  edit(config);
  return config;
}

/** The errors of a configuration read from a file and built, as `field problem` (without the file's position). */
function fromFile(config: object): string[] {
  try {
    const source = PlatformConfigSource.parse(JSON.stringify(config), "platform.json");
    source.locate(() => new Platform(Testing.app(), { config: source.config }));
    return [];
  } catch (error) {
    if (!(error instanceof ValidationErrors)) throw error;
    return error.errors.map((e) => `${e.field} ${e.problem}`.trim());
  }
}

/** The (first) error of the same configuration given in TypeScript. */
function fromTypeScript(config: object): string {
  try {
    new Platform(Testing.app(), { config: config as never });
  } catch (error) {
    const first = error instanceof ValidationErrors ? error.errors[0] : error;
    if (first instanceof ValidationError) return `${first.field} ${first.problem}`;
    throw error;
  }
  throw new Error("TypeScript accepted the configuration");
}

describe("ARNs of another partition than the cluster's region's", () => {
  const PARTITION = /it names the partition aws-cn, and the cluster's region eu-west-1 is in aws: give the ARN of a resource in aws$/;

  test("fails when a Pod Identity target role is in aws-cn for an eu-west-1 cluster, through the constructs", () => {
    const error = validationErrorOf(() => bind({ mechanism: "podIdentity", podIdentity: { targetRoleArn: "arn:aws-cn:iam::123456789012:role/target" } }));
    expect(error.field).toBe("podIdentity.targetRoleArn");
    expect(error.message).toMatch(PARTITION);
  });

  test("fails when any ARN input of a role or a cluster is in another partition, through the constructs", () => {
    const role = (options: object) => validationErrorOf(() => bind(options)).field;
    expect(role({ permissionsBoundary: "arn:aws-cn:iam::123456789012:policy/b" })).toBe("permissionsBoundary");
    expect(role({ kube2iamNodeRoleArns: ["arn:aws-us-gov:iam::123456789012:role/n"] })).toBe("kube2iamNodeRoleArns[0]");
    expect(role({ managedPolicyArns: ["arn:aws-cn:iam::aws:policy/ReadOnlyAccess"] })).toBe("managedPolicyArns[0]");
    expect(role({ policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws-cn:s3:::b/*"] }] })).toBe("policyStatements[0].resources[0]");
    expect(role({ addonPolicies: { externalDns: { hostedZoneArns: ["arn:aws-cn:route53:::hostedzone/Z1"] } } })).toBe(
      "addonPolicies.externalDns.hostedZoneArns[0]",
    );
    const eks = (props: Partial<EksClusterProps>) => validationErrorOf(() => cluster(props)).field;
    expect(eks({ kmsKeyArn: "arn:aws-cn:kms:cn-north-1:123456789012:key/k" })).toBe("kmsKeyArn");
    expect(eks({ adminPrincipalArns: ["arn:aws-cn:iam::123456789012:role/admin"] })).toBe("adminPrincipalArns[0]");
    expect(eks({ existingOidcProviderArn: `arn:aws-cn:iam::123456789012:oidc-provider/${HOST}` })).toBe("existingOidcProviderArn");
  });

  test("fails when an ARN is in another partition, through the file, with the constructs' words", () => {
    const config = platform((c) => {
      c.environments[0].workloads[0].mechanism = "podIdentity";
      c.environments[0].workloads[0].podIdentity = { targetRoleArn: "arn:aws-cn:iam::123456789012:role/target" };
    });
    const message = 'environments[0].workloads[0].podIdentity.targetRoleArn "arn:aws-cn:iam::123456789012:role/target" is invalid: ';
    expect(fromFile(config)).toEqual([expect.stringMatching(new RegExp(`^${escapeRegExp(message)}.*in aws$`))]);
    expect(fromTypeScript(config)).toBe(fromFile(config)[0]);
  });

  test("takes ARNs of the region's own partition, wildcards, free text and values only known at apply time", () => {
    const china = platform((c) => {
      c.environments[0].region = "cn-north-1";
      c.environments[0].workloads[0].policyStatements = [{ actions: ["s3:GetObject"], resources: ["arn:aws-cn:s3:::b/*", "arn:*:s3:::c/*"] }];
      c.environments[0].workloads[0].description = "mirrors arn:aws:s3:::b";
      c.environments[0].workloads[0].tags = { Source: "arn:aws:s3:::b" };
    });
    expect(fromFile(china)).toEqual([]);
    expect(() => bind({ mechanism: "both", podIdentity: { targetRoleArn: Token.asString(ref("var.target_role_arn")) } })).not.toThrow();
  });
});

describe("options that do not apply to the chosen mechanism", () => {
  test("fails when a Pod Identity binding is given extra OIDC providers, which only IRSA trusts", () => {
    const { stack } = testStack("workloads");
    const blue = "oidc.eks.eu-west-1.amazonaws.com/id/BLUE0123456789ABCDEF0123456789AB";
    const extra = ClusterOidcProvider.fromProviderArn(stack, "blue", `arn:aws:iam::123456789012:oidc-provider/${blue}`, `https://${blue}`);
    const error = validationErrorOf(() => bind({ mechanism: "podIdentity", extraOidcProviders: [extra] }));
    expect(error.message).toBe(
      'extraOidcProviders "1 providers" is invalid: OIDC providers are IRSA trust, which mechanism "podIdentity" does not use: leave them out, or use mechanism "irsa" or "both"',
    );
    expect(() => bind({ mechanism: "both", extraOidcProviders: [extra] })).not.toThrow();
  });

  test("fails when a service account option writes an IRSA annotation under Pod Identity, through the constructs and the file", () => {
    const accounts = [{ namespace: "apps", name: "reader", tokenExpirationSeconds: 7200 }];
    expect(validationErrorOf(() => bind({ mechanism: "podIdentity", serviceAccounts: accounts })).message).toMatch(
      /^serviceAccounts\[0\]\.tokenExpirationSeconds 7200 is invalid: it sets an IRSA annotation, and mechanism "podIdentity" writes none/,
    );
    const config = platform((c) => {
      c.environments[0].workloads[0].mechanism = "podIdentity";
      c.environments[0].workloads[0].serviceAccounts = accounts;
    });
    expect(fromFile(config)).toEqual([fromTypeScript(config)]);
  });

  test("fails when service account options are given but createServiceAccounts is false, through the constructs and the file", () => {
    const accounts = [{ namespace: "apps", name: "reader", labels: { app: "reader" } }];
    expect(validationErrorOf(() => bind({ createServiceAccounts: false, serviceAccounts: accounts })).field).toBe("serviceAccounts[0].labels");
    const config = platform((c) => {
      c.environments[0].workloads[0].createServiceAccounts = false;
      c.environments[0].workloads[0].serviceAccounts = accounts;
    });
    expect(fromFile(config)).toEqual([fromTypeScript(config)]);
    expect(fromFile(config)[0]).toMatch(/applies to a service account the binding creates, and createServiceAccounts is false/);
  });

  test("fails when options of the network or the queue are given where they are not used, through the constructs and the file", () => {
    expect(validationErrorOf(() => cluster({ endpointPublicAccess: false, publicAccessCidrs: ["203.0.113.0/24"] })).field).toBe("publicAccessCidrs");
    const cases: [(c: any) => void, RegExp][] = [
      [
        (c) => Object.assign(c.environments[0].cluster, { endpointPublicAccess: false, publicAccessCidrs: ["203.0.113.0/24"] }),
        /^environments\[0\]\.cluster\.publicAccessCidrs /,
      ],
      [
        (c) => (c.environments[0].cluster.vpc = { azCount: 3, availabilityZones: ["eu-west-1a", "eu-west-1b"] }),
        /^environments\[0\]\.cluster\.vpc\.azCount 3 /,
      ],
      [
        (c) => (c.environments[0].cluster.addons = { karpenter: { interruptionHandling: false, queueName: "q" } }),
        /karpenter\.queueName is set but interruptionHandling is false/,
      ],
    ];
    for (const [edit, message] of cases) {
      const config = platform(edit);
      expect(fromFile(config)).toEqual([expect.stringMatching(message)]);
      expect(fromTypeScript(config)).toBe(fromFile(config)[0]);
    }
  });
});

describe("object keys such as __proto__", () => {
  const PROTO = JSON.parse('{"__proto__": "x", "Team": "data"}');

  test("fails when a tag key is __proto__ (which vanished), through the constructs and the file", () => {
    expect(validationErrorOf(() => bind({ tags: PROTO })).message).toBe(`tags key "__proto__" is invalid: ${PROTO_KEY_ALLOWED}`);
    expect(validationErrorOf(() => cluster({ tags: PROTO })).message).toBe(`tags key "__proto__" is invalid: ${PROTO_KEY_ALLOWED}`);
    const text =
      '{"environments": [{"name": "dev", "region": "eu-west-1", "cluster": {"clusterName": "dev", "vpc": {}, "tags": {"__proto__": "x"}}, "workloads": []}]}';
    expect(() => PlatformConfigSource.parse(text, "platform.json")).toThrow(
      `platform.json:1:${text.indexOf('"__proto__"') + 1}: environments[0].cluster.tags key "__proto__" is invalid: ${PROTO_KEY_ALLOWED}`,
    );
  });

  test("fails when an add-on's configuration values hold __proto__ at any depth, and keeps other keys as given", () => {
    const values = JSON.parse('{"a": {"b": [{"__proto__": {}}]}}');
    expect(validationErrorOf(() => cluster({ addons: { ebsCsiDriver: { configurationValues: values } } })).message).toBe(
      `addons.ebsCsiDriver.configurationValues.a.b[0] key "__proto__" is invalid: ${PROTO_KEY_ALLOWED}`,
    );
    expect(() => cluster({ addons: { ebsCsiDriver: { configurationValues: { constructor: 1, toString: "x" } } } })).not.toThrow();
  });
});

describe("nesting depth", () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  test("fails when a file nests thousands deep, with a position instead of a stack overflow", () => {
    const text = `{"environments": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    expect(() => PlatformConfigSource.parse(text, "platform.json")).toThrow(
      // The object around counts: the 64th "[" is the 65th level.
      `platform.json:1:${17 + MAX_FILE_DEPTH}: nests objects and lists deeper than ${MAX_FILE_DEPTH} levels here: a platform configuration needs far fewer`,
    );
  });

  test("fails when configuration values nest deeper than the bound, through the constructs and the file, alike", () => {
    const message = `addons.ebsCsiDriver.configurationValues nests objects and lists deeper than ${MAX_VALUE_DEPTH} levels: give a shallower value`;
    expect(validationErrorOf(() => cluster({ addons: { ebsCsiDriver: { configurationValues: nested(100_000) as never } } })).message).toBe(message);
    const config = platform((c) => (c.environments[0].cluster.addons = { ebsCsiDriver: { configurationValues: nested(MAX_VALUE_DEPTH + 1) } }));
    expect(fromFile(config)).toEqual([`environments[0].cluster.${message}`]);
    expect(fromTypeScript(config)).toBe(`environments[0].cluster.${message}`);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(validationErrorOf(() => cluster({ addons: { ebsCsiDriver: { configurationValues: cyclic } } })).message).toBe(message);
    expect(() => cluster({ addons: { ebsCsiDriver: { configurationValues: nested(MAX_VALUE_DEPTH - 1) as never } } })).not.toThrow();
  });
});

describe("values a type check would catch, from JavaScript or a cast", () => {
  test("fails when desiredSize is NaN, through the constructs (the file cannot write NaN; it refuses what JSON can)", () => {
    const { stack } = testStack();
    const group = () =>
      new ManagedNodeGroup(stack, "g", {
        clusterName: "c",
        nodeGroupName: "web",
        nodeRoleArn: "arn:aws:iam::123456789012:role/n",
        subnetIds: [],
        desiredSize: Number.NaN,
      });
    expect(validationErrorOf(group).message).toBe("nodeGroups.web.desiredSize NaN is invalid: must be a whole number from 0 to 1000");
    expect(fromFile(platform((c) => (c.environments[0].cluster.nodeGroups = { web: { desiredSize: 1.5 } })))).toEqual([
      "environments[0].cluster.nodeGroups.web.desiredSize 1.5 is invalid: must be a whole number from 0 to 1000",
    ]);
  });

  test("fails when clusterName is null, through the constructs and the file alike", () => {
    expect(validationErrorOf(() => cluster({ clusterName: null as never })).message).toBe("clusterName null is invalid: expected a string");
    expect(validationErrorOf(() => EksCluster.fromClusterName(testStack().stack, "c", null as never)).message).toBe(
      "clusterName null is invalid: expected a string",
    );
    const config = platform((c) => (c.environments[0].cluster.clusterName = null));
    expect(fromFile(config)).toEqual(["environments[0].cluster.clusterName null is invalid: expected a string"]);
    expect(fromTypeScript(config)).toBe(fromFile(config)[0]);
  });
});

describe("Kubernetes versions, against the table of EKS versions", () => {
  const ON = new Date("2026-12-08T12:00:00Z");

  test("fails when EKS ended support of the version (older than the table, or past extended support), through the constructs and the file", () => {
    expect(() => checkKubernetesVersion("kubernetesVersion", "1.22", ON)).toThrow(
      'kubernetesVersion "1.22" is invalid: EKS ended support of Kubernetes 1.22 before 1.23\'s, which ended on 2024-10-11: use a version EKS runs (1.32 to 1.35)',
    );
    expect(() => checkKubernetesVersion("kubernetesVersion", "1.31", ON)).toThrow(
      'kubernetesVersion "1.31" is invalid: EKS ended extended support of Kubernetes 1.31 on 2026-11-26 and upgrades such clusters itself: use a version EKS runs (1.32 to 1.35)',
    );
    expect(() => checkKubernetesVersion("kubernetesVersion", "1.31", new Date("2026-11-26T23:00:00Z"))).not.toThrow();
    expect(validationErrorOf(() => cluster({ kubernetesVersion: "1.22" })).field).toBe("kubernetesVersion");
    const config = platform((c) => (c.environments[0].cluster.kubernetesVersion = "1.22"));
    expect(fromFile(config)).toEqual([expect.stringMatching(/^environments\[0\]\.cluster\.kubernetesVersion "1\.22" is invalid: EKS ended support/)]);
    expect(fromTypeScript(config)).toBe(fromFile(config)[0]);
  });

  test("warns, naming the table's date, when the version is newer than the table; and when it is in extended support", () => {
    expect(kubernetesVersionWarning("1.99", ON)).toBe(
      `is newer than the EKS versions this package knows (up to 1.35, in its table of EKS versions of ${EKS_VERSIONS_AS_OF}): make sure EKS offers it in the cluster's region, or EKS refuses the cluster at apply`,
    );
    expect(kubernetesVersionWarning("1.33", ON)).toBe(
      "left EKS standard support on 2026-07-29: extended support, charged extra, lasts until 2027-07-29; plan the upgrade",
    );
    expect(kubernetesVersionWarning("1.35", ON)).toBeUndefined();
    const eks = cluster({ kubernetesVersion: "1.99" });
    const warnings = eks.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining(`kubernetesVersion "1.99" is newer than the EKS versions this package knows`)]);
    expect(warnings[0]).toContain(EKS_VERSIONS_AS_OF);
  });
});

describe("errors name what the user wrote", () => {
  test("a role key derived from a service account is said of the service account, not of a roleKey never written", () => {
    const config = platform((c) =>
      c.environments[0].workloads.push({ serviceAccounts: [{ namespace: "apps", name: "reader" }], policyStatements: [STATEMENT] }),
    );
    expect(fromTypeScript(config)).toMatch(
      /^environments\[0\]\.workloads\[1\]\.serviceAccounts\[0\] "apps_reader" is invalid: workloads\[0\] has the same role key/,
    );
  });

  test("a bad namespace is said of the namespace, not of the binding's id derived from it", () => {
    const config = platform((c) => (c.environments[0].workloads[0].serviceAccounts[0].namespace = ""));
    expect(fromTypeScript(config)).toMatch(
      /^environments\[0\]\.workloads\[0\]\.serviceAccounts\[0\]\.namespace "" is invalid: a namespace is a DNS-1123 label/,
    );
    expect(fromFile(config)).toEqual([fromTypeScript(config)]);
  });

  test("a role of WorkloadRole, a binding, addServiceAccount and WorkloadsStack refuse a permissions boundary that is no ARN, as the file does", () => {
    const boundary =
      'permissionsBoundary "AdminBoundary" is invalid: expected an IAM policy ARN arn:<partition>:iam::<aws or 12-digit account>:policy/<path/><name>';
    const { stack } = testStack("workloads");
    expect(
      validationErrorOf(
        () => new WorkloadRole(stack, "r", { cluster: CLUSTER(), serviceAccounts: [{ namespace: "a", name: "b" }], permissionsBoundary: "AdminBoundary" }),
      ).message,
    ).toBe(boundary);
    expect(validationErrorOf(() => bind({ permissionsBoundary: "AdminBoundary" })).message).toBe(boundary);
    const config = platform((c) => (c.environments[0].workloads[0].permissionsBoundary = "AdminBoundary"));
    expect(fromFile(config)).toEqual([`environments[0].workloads[0].${boundary}`]);
    expect(fromTypeScript(config)).toBe(`environments[0].workloads[0].${boundary}`);
    expect(validationErrorOf(() => new EksClusterFixture().addServiceAccount("app", { permissionsBoundary: "AdminBoundary" })).message).toBe(boundary);
  });
});

/** An EksCluster in its own stack with a kubernetes provider, for addServiceAccount. */
class EksClusterFixture {
  private readonly cluster = cluster({});
  public addServiceAccount(id: string, options: Partial<WorkloadIdentityOptions>) {
    return this.cluster.addServiceAccount(id, { serviceAccounts: [{ namespace: "apps", name: "reader" }], policyStatements: [STATEMENT], ...options });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
