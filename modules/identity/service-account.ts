import { Lazy, type TerraformProvider, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import {
  booleanCheck,
  checkInputs,
  type InputChecks,
  invalidKey,
  isToken,
  rangeCheck,
  validateAnnotationKeys,
  validateCreatedNamespace,
  validateLabels,
  validateNamespace,
  validateServiceAccountName,
} from "../core/naming";
import { ValidationError } from "../core/errors";
import { claim } from "../core/claims";
import { writeAsData } from "../core/literal-text";
import { KubernetesNamespaceV1, KubernetesServiceAccountV1 } from "./kubernetes";

/** The annotation that the EKS pod identity webhook reads to inject the role's credentials. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
/** The annotation that makes the injected SDK settings use the regional STS endpoint. */
export const STS_REGIONAL_ENDPOINTS_ANNOTATION = "eks.amazonaws.com/sts-regional-endpoints";
/** The annotation that sets the lifetime of the projected token, in seconds. */
export const TOKEN_EXPIRATION_ANNOTATION = "eks.amazonaws.com/token-expiration";

/** Options of a Kubernetes service account for IRSA, without its identity and role. */
export interface ServiceAccountOptions {
  /**
   * Annotate `eks.amazonaws.com/sts-regional-endpoints: "true"`, so that pods call STS in their own
   * region instead of the global endpoint.
   * @default true
   */
  readonly stsRegionalEndpoints?: boolean;
  /**
   * Lifetime of the projected web identity token in seconds (3600 to 86400), as the annotation
   * `eks.amazonaws.com/token-expiration`.
   * @default no annotation (the webhook's default, 86400)
   */
  readonly tokenExpirationSeconds?: number;
  /**
   * Labels of the service account.
   * @default none
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Further annotations. They may not set `eks.amazonaws.com/role-arn` (the role's),
   * `eks.amazonaws.com/sts-regional-endpoints` or `eks.amazonaws.com/token-expiration` (set by the
   * options above).
   * @default none
   */
  readonly annotations?: { readonly [key: string]: string };
  /**
   * Whether pods mount the service account's Kubernetes API token automatically. IRSA's AWS token
   * is projected either way.
   * @default true (Kubernetes' default)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Create the namespace (`kubernetes_namespace_v1`) too. Service accounts of one namespace in one
   * stack share one namespace resource, and depend on it, so destroy removes them first.
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * The Kubernetes provider of the cluster.
   * @default the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
}

/** Props of {@link ServiceAccount}. */
export interface ServiceAccountProps extends ServiceAccountOptions {
  /** The namespace (a DNS-1123 label). */
  readonly namespace: string;
  /** The service account's name (a DNS-1123 subdomain). */
  readonly name: string;
  /**
   * ARN of the IAM role the pods assume through IRSA (`WorkloadRole.arn`), as the annotation
   * `eks.amazonaws.com/role-arn`.
   * @default no IRSA annotations (a service account used through EKS Pod Identity only)
   */
  readonly roleArn?: string;
}

/**
 * A Kubernetes service account annotated with the IAM role its pods assume
 * (`kubernetes_service_account_v1`), and optionally its namespace.
 */
export class ServiceAccount extends Construct {
  /** The namespace. */
  public readonly namespace: string;
  /** The service account's name. */
  public readonly name: string;
  /** The `kubernetes_service_account_v1` resource. */
  public readonly resource: KubernetesServiceAccountV1;
  /** The namespace resource, when `createNamespace` is set (shared with other service accounts). */
  public readonly namespaceResource?: KubernetesNamespaceV1;

  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    validateNamespace("namespace", props.namespace);
    validateServiceAccountName("name", props.name);
    checkInputs("", props, SERVICE_ACCOUNT_OPTION_CHECKS);
    checkServiceAccountRelations(props);
    if (props.roleArn === undefined) {
      // The IRSA annotations are only written with the role's.
      for (const option of IRSA_OPTIONS) {
        if (props[option] !== undefined)
          throw ValidationError.invalid(option, props[option], "it sets an IRSA annotation, written only with roleArn: give roleArn or leave it out");
      }
    }
    this.namespace = props.namespace;
    this.name = props.name;

    claimServiceAccount(this, props.namespace, props.name, props.provider);
    if (props.createNamespace) {
      this.namespaceResource = sharedNamespace(this, props.namespace, props.provider);
    }

    const annotations: Record<string, string> = { ...props.annotations };
    if (props.roleArn !== undefined) {
      annotations[ROLE_ARN_ANNOTATION] = props.roleArn;
      if (props.stsRegionalEndpoints ?? true) annotations[STS_REGIONAL_ENDPOINTS_ANNOTATION] = "true";
    }
    if (props.tokenExpirationSeconds !== undefined && props.roleArn !== undefined) {
      annotations[TOKEN_EXPIRATION_ANNOTATION] = isToken(props.tokenExpirationSeconds)
        ? Token.asString(props.tokenExpirationSeconds)
        : String(props.tokenExpirationSeconds);
    }

    this.resource = new KubernetesServiceAccountV1(this, "service-account", {
      provider: props.provider,
      metadata: {
        name: props.name,
        // A reference to the namespace resource orders create and destroy. A service account that
        // does not create its namespace still refers to it when another service account of the
        // stack creates it, whichever was declared first: decided at synth, once all exist.
        namespace: this.namespaceResource
          ? this.namespaceResource.metadata.name
          : isToken(props.namespace)
            ? props.namespace
            : Lazy.stringValue({ produce: () => findSharedNamespace(this, props.namespace, props.provider)?.metadata.name ?? props.namespace }),
        labels: props.labels ? { ...props.labels } : undefined,
        annotations,
      },
      automountServiceAccountToken: props.automountServiceAccountToken,
    });
  }
}

/** The annotations the options set, and which option sets each. */
const OWNED_ANNOTATIONS: { readonly [key: string]: string } = {
  [ROLE_ARN_ANNOTATION]: "the role ARN comes from the role (roleArn)",
  [STS_REGIONAL_ENDPOINTS_ANNOTATION]: "set stsRegionalEndpoints instead",
  [TOKEN_EXPIRATION_ANNOTATION]: "set tokenExpirationSeconds instead",
};

/** Checks a service account's further annotations: Kubernetes keys, none that an option sets, string values. */
export function validateAnnotations(field: string, annotations: { readonly [key: string]: string }): void {
  validateAnnotationKeys(field, annotations);
  for (const key of Object.keys(annotations)) {
    if (Object.hasOwn(OWNED_ANNOTATIONS, key)) throw invalidKey(field, key, OWNED_ANNOTATIONS[key]);
  }
}

/** The options that write IRSA's annotations, which apply only with a role ARN. */
export const IRSA_OPTIONS = ["stsRegionalEndpoints", "tokenExpirationSeconds"] as const;

/**
 * The checks of a service account's options that stand alone, one per option (see `InputChecks`):
 * ServiceAccount runs them, and the configuration schema runs each on its field of a service account.
 */
export const SERVICE_ACCOUNT_OPTION_CHECKS: InputChecks<ServiceAccountOptions> = {
  stsRegionalEndpoints: booleanCheck,
  tokenExpirationSeconds: rangeCheck(3600, 86400),
  labels: validateLabels,
  annotations: validateAnnotations,
  automountServiceAccountToken: booleanCheck,
  createNamespace: booleanCheck,
  // A construct, not an input of the file.
  provider: null,
};

/** Checks a service account's options as a whole: a namespace it creates is not one every cluster has. */
export function checkServiceAccountRelations(options: ServiceAccountOptions & { readonly namespace: string }): void {
  if (options.createNamespace) validateCreatedNamespace("namespace", options.namespace);
}

/**
 * One `kubernetes_namespace_v1` per namespace name (and provider) in a stack, whichever service
 * account asks for it first; its construct ID comes from the namespace name.
 */
function sharedNamespace(from: Construct, namespace: string, provider?: TerraformProvider): KubernetesNamespaceV1 {
  const existing = findSharedNamespace(from, namespace, provider);
  if (existing) return existing;
  const stack = TerraformStack.of(from);
  const holderId = namespaceHolderId(provider);
  const holder = (stack.node.tryFindChild(holderId) as Construct | undefined) ?? new Construct(stack, holderId);
  const created = new KubernetesNamespaceV1(holder, namespace, { provider, metadata: { name: namespace } });
  writeAsData(created);
  return created;
}

/** The namespace resource a service account of the stack created for this name and provider, if any. */
function findSharedNamespace(from: Construct, namespace: string, provider?: TerraformProvider): KubernetesNamespaceV1 | undefined {
  const holder = TerraformStack.of(from).node.tryFindChild(namespaceHolderId(provider));
  return holder?.node.tryFindChild(namespace) as KubernetesNamespaceV1 | undefined;
}

function namespaceHolderId(provider?: TerraformProvider): string {
  return provider ? `namespaces-${provider.node.id}` : "namespaces";
}

/** Fails when the stack already declares this service account for the same kubernetes provider. */
function claimServiceAccount(sa: Construct, namespace: string, name: string, provider?: TerraformProvider): void {
  if (isToken(namespace) || isToken(name)) return;
  const other = claim(sa, "declared service account", `${provider?.node.path ?? ""}\u0000${namespace}/${name}`);
  if (other !== undefined) {
    throw ValidationError.invalid(
      "name",
      `${namespace}/${name}`,
      `the service account is already declared by ${other} (and now by ${sa.node.path}): declare it once`,
    );
  }
}
