/**
 * The kubernetes provider and the two kubernetes types this library declares
 * (`kubernetes_service_account_v1`, `kubernetes_namespace_v1`), written against the core's own
 * `TerraformProvider` and `TerraformResource`. No prebuilt kubernetes provider package is needed, so
 * the same source runs on cdktf 0.21 and on CDK Terrain, which publishes none. They synthesize what
 * `@cdktf/provider-kubernetes` 12.1.1 synthesizes for the same arguments (test/identity/bindings.test.ts
 * compares both), and declare the same provider version, 2.38.0.
 */
import { TerraformProvider, TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { type BindingSchema, toTerraformHcl, toTerraformJson } from "../core/binding-schema";

/** The hashicorp/kubernetes provider version these bindings declare in `required_providers`. */
const KUBERNETES_PROVIDER_VERSION = "2.38.0";

/** An `exec` block of the kubernetes provider: a command that prints a credential (`aws eks get-token`). */
export interface KubernetesProviderExec {
  /** The client authentication API version, `client.authentication.k8s.io/v1beta1` for `aws eks get-token`. */
  readonly apiVersion: string;
  /** The command to run, for example `aws`. */
  readonly command: string;
  /**
   * Its arguments.
   * @default none
   */
  readonly args?: readonly string[];
  /**
   * Environment variables of the command.
   * @default none
   */
  readonly env?: { readonly [name: string]: string };
}

/** Props of {@link KubernetesProvider}: the arguments a cluster's API server needs. */
export interface KubernetesProviderConfig {
  /**
   * The provider's alias, for a second cluster in one stack.
   * @default none (the stack's default kubernetes provider)
   */
  readonly alias?: string;
  /**
   * The API server's URL (`EksCluster.endpoint`).
   * @default none (from the kubeconfig, or KUBE_HOST)
   */
  readonly host?: string;
  /**
   * The PEM-encoded CA of the API server (`Fn.base64decode(cluster.certificateAuthorityData)`).
   * @default none
   */
  readonly clusterCaCertificate?: string;
  /**
   * A bearer token.
   * @default none
   */
  readonly token?: string;
  /**
   * A command that prints a credential; give one.
   * @default none
   */
  readonly exec?: readonly KubernetesProviderExec[];
  /**
   * A kubeconfig file.
   * @default none
   */
  readonly configPath?: string;
  /**
   * The kubeconfig context to use.
   * @default the kubeconfig's current context
   */
  readonly configContext?: string;
  /**
   * Skip the verification of the API server's certificate.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * The server name the API server's certificate is checked against.
   * @default the host's name
   */
  readonly tlsServerName?: string;
  /**
   * A proxy to reach the API server through.
   * @default none
   */
  readonly proxyUrl?: string;
  /**
   * Annotation keys (regular expressions) that the provider leaves to others.
   * @default none
   */
  readonly ignoreAnnotations?: readonly string[];
  /**
   * Label keys (regular expressions) that the provider leaves to others.
   * @default none
   */
  readonly ignoreLabels?: readonly string[];
}

// The order of the HCL rendering: the arguments by name, then the alias, then the blocks.
const PROVIDER_SCHEMA: BindingSchema = {
  cluster_ca_certificate: ["clusterCaCertificate", "string"],
  config_context: ["configContext", "string"],
  config_path: ["configPath", "string"],
  host: ["host", "string"],
  ignore_annotations: ["ignoreAnnotations", "stringList"],
  ignore_labels: ["ignoreLabels", "stringList"],
  insecure: ["insecure", "boolean"],
  proxy_url: ["proxyUrl", "string"],
  tls_server_name: ["tlsServerName", "string"],
  token: ["token", "string"],
  alias: ["alias", "string"],
  exec: [
    "exec",
    {
      block: "list",
      typeName: "KubernetesProviderExec",
      arguments: { api_version: ["apiVersion", "string"], args: ["args", "stringList"], command: ["command", "string"], env: ["env", "stringMap"] },
    },
  ],
};

/** The kubernetes provider (`provider "kubernetes"`, hashicorp/kubernetes 2.38.0). */
export class KubernetesProvider extends TerraformProvider {
  /** The Terraform type: `kubernetes`. */
  public static readonly tfResourceType = "kubernetes";
  /** The hashicorp/kubernetes version it declares in `required_providers` (the one `@cdktf/provider-kubernetes` 12.1.1 declares). */
  public static readonly providerVersion = KUBERNETES_PROVIDER_VERSION;
  private config: KubernetesProviderConfig;

  constructor(scope: Construct, id: string, config: KubernetesProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "kubernetes",
      terraformGeneratorMetadata: { providerName: "kubernetes", providerVersion: KUBERNETES_PROVIDER_VERSION, providerVersionConstraint: "~> 2.0" },
      terraformProviderSource: "kubernetes",
    });
    this.config = { ...config };
  }

  /** The provider's alias, if it has one. */
  public override get alias(): string | undefined {
    return this.config.alias;
  }

  public override set alias(value: string | undefined) {
    this.config = { ...this.config, alias: value };
  }

  /** The arguments, as the core writes them into the stack's JSON. */
  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformJson(PROVIDER_SCHEMA, this.config as Record<string, unknown>);
  }

  /** The arguments, as the core's HCL renderer reads them. */
  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return toTerraformHcl(PROVIDER_SCHEMA, this.config as Record<string, unknown>);
  }
}

/** The `metadata` block of a kubernetes object. */
export interface KubernetesMetadata {
  /** The object's name. */
  readonly name: string;
  /**
   * Its labels.
   * @default none
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Its annotations.
   * @default none
   */
  readonly annotations?: { readonly [key: string]: string };
}

/** The `metadata` block of a namespaced kubernetes object. */
export interface KubernetesNamespacedMetadata extends KubernetesMetadata {
  /**
   * The namespace.
   * @default "default"
   */
  readonly namespace?: string;
}

/** What Terraform knows of a kubernetes object's metadata after apply, as references. */
export interface KubernetesMetadataAttributes {
  /** `metadata[0].name`. */
  readonly name: string;
  /** `metadata[0].uid`. */
  readonly uid: string;
  /** `metadata[0].resource_version`. */
  readonly resourceVersion: string;
}

/** Props of {@link KubernetesNamespaceV1}. */
export interface KubernetesNamespaceV1Config extends TerraformMetaArguments {
  /** The namespace's metadata. */
  readonly metadata: KubernetesMetadata;
}

/** Props of {@link KubernetesServiceAccountV1}. */
export interface KubernetesServiceAccountV1Config extends TerraformMetaArguments {
  /** The service account's metadata. */
  readonly metadata: KubernetesNamespacedMetadata;
  /**
   * Whether pods mount the service account's API token automatically.
   * @default true (Kubernetes' default)
   */
  readonly automountServiceAccountToken?: boolean;
}

const KUBERNETES_METADATA = { annotations: ["annotations", "stringMap"], labels: ["labels", "stringMap"], name: ["name", "string"] } as const;

const NAMESPACE_SCHEMA: BindingSchema = {
  metadata: ["metadata", { block: "single", typeName: "NamespaceV1Metadata", arguments: KUBERNETES_METADATA }],
};

const SERVICE_ACCOUNT_SCHEMA: BindingSchema = {
  automount_service_account_token: ["automountServiceAccountToken", "boolean"],
  metadata: ["metadata", { block: "single", typeName: "ServiceAccountV1Metadata", arguments: { ...KUBERNETES_METADATA, namespace: ["namespace", "string"] } }],
};

/** The metadata references of a kubernetes resource. */
function metadataAttributes(resource: TerraformResource): KubernetesMetadataAttributes {
  return {
    name: resource.getStringAttribute("metadata[0].name"),
    uid: resource.getStringAttribute("metadata[0].uid"),
    resourceVersion: resource.getStringAttribute("metadata[0].resource_version"),
  };
}

/** The meta-arguments every resource passes to the core. */
function metaArguments(config: TerraformMetaArguments): TerraformMetaArguments {
  return { provider: config.provider, dependsOn: config.dependsOn, count: config.count, lifecycle: config.lifecycle, forEach: config.forEach };
}

/** A kubernetes namespace (`kubernetes_namespace_v1`). */
export class KubernetesNamespaceV1 extends TerraformResource {
  /** The Terraform type: `kubernetes_namespace_v1`. */
  public static readonly tfResourceType = "kubernetes_namespace_v1";
  /** References to the namespace's metadata (its name once created). */
  public readonly metadata: KubernetesMetadataAttributes;
  private readonly config: KubernetesNamespaceV1Config;

  constructor(scope: Construct, id: string, config: KubernetesNamespaceV1Config) {
    super(scope, id, {
      terraformResourceType: KubernetesNamespaceV1.tfResourceType,
      terraformGeneratorMetadata: { providerName: "kubernetes", providerVersion: KUBERNETES_PROVIDER_VERSION, providerVersionConstraint: "~> 2.0" },
      ...metaArguments(config),
    });
    this.config = config;
    this.metadata = metadataAttributes(this);
  }

  /** The arguments, as the core writes them into the stack's JSON. */
  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformJson(NAMESPACE_SCHEMA, this.config as unknown as Record<string, unknown>);
  }

  /** The arguments, as the core's HCL renderer reads them. */
  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return toTerraformHcl(NAMESPACE_SCHEMA, this.config as unknown as Record<string, unknown>);
  }
}

/** A kubernetes service account (`kubernetes_service_account_v1`). */
export class KubernetesServiceAccountV1 extends TerraformResource {
  /** The Terraform type: `kubernetes_service_account_v1`. */
  public static readonly tfResourceType = "kubernetes_service_account_v1";
  /** References to the service account's metadata (its name once created). */
  public readonly metadata: KubernetesMetadataAttributes;
  private readonly config: KubernetesServiceAccountV1Config;

  constructor(scope: Construct, id: string, config: KubernetesServiceAccountV1Config) {
    super(scope, id, {
      terraformResourceType: KubernetesServiceAccountV1.tfResourceType,
      terraformGeneratorMetadata: { providerName: "kubernetes", providerVersion: KUBERNETES_PROVIDER_VERSION, providerVersionConstraint: "~> 2.0" },
      ...metaArguments(config),
    });
    this.config = config;
    this.metadata = metadataAttributes(this);
  }

  /** The arguments, as the core writes them into the stack's JSON. */
  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformJson(SERVICE_ACCOUNT_SCHEMA, this.config as unknown as Record<string, unknown>);
  }

  /** The arguments, as the core's HCL renderer reads them. */
  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return toTerraformHcl(SERVICE_ACCOUNT_SCHEMA, this.config as unknown as Record<string, unknown>);
  }
}
