import { TerraformProvider, TerraformStack } from "cdktf";
import type { PolicyStatement } from "../iam/policy-statement";
import { IAM_LIMITS, policyDocumentSize } from "../iam/iam-limits";
import { checkPolicyStatements } from "../iam/policy-check";
import { policyDocumentJson } from "../iam/policy-document";
import { Construct } from "constructs";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { AwsProviderVersion } from "../core/aws-provider-version";
import { ValidationError, withField } from "../core/errors";
import { booleanCheck, checkInputs, hasWildcard, type InputChecks } from "../core/naming";
import { IRSA_OPTIONS, SERVICE_ACCOUNT_OPTION_CHECKS } from "./service-account";
import type { IOidcProvider } from "./oidc-provider";
import type { IWorkloadCluster } from "./workload-cluster";
import { ServiceAccount, type ServiceAccountOptions } from "./service-account";
import { checkSubjects, ROLE_OPTION_CHECKS, WorkloadRole, type WorkloadRoleOptions } from "./workload-role";
import { writeAsData } from "../core/literal-text";

/** One Kubernetes service account of a binding. */
export interface WorkloadServiceAccount extends Omit<ServiceAccountOptions, "provider"> {
  /** The namespace (a DNS-1123 label; with `subjectMatch: "StringLike"`, may hold `*` and `?`). */
  readonly namespace: string;
  /** The service account's name (a DNS-1123 subdomain; with `subjectMatch: "StringLike"`, may hold `*` and `?`). */
  readonly name: string;
  /**
   * A session policy for this service account's Pod Identity association (mechanism `podIdentity`):
   * its pods get only what both the role's policies and these statements allow, so one role can
   * serve several service accounts, each scoped down. Checked like every policy (at most 2,048
   * characters). EKS refuses session tags with it: the binding's session tags are turned off, and
   * its trust keeps only the account pin. Needs hashicorp/aws 6.57.1 or later (the association's
   * `policy` argument, newer than the pinned bindings): choose it for the stack with
   * `AwsProviderVersion.use(stack, ">= 6.57.1")` (`awsProviderVersion` in platform.json), or the synth fails.
   * @default none: the association hands out the role's full permissions
   */
  readonly sessionPolicy?: readonly PolicyStatement[];
}

/** Options of a binding: the role, its mechanism and the service accounts that use it. */
export interface WorkloadIdentityOptions extends WorkloadRoleOptions {
  /** The service accounts whose pods get the role; usually one. */
  readonly serviceAccounts: readonly WorkloadServiceAccount[];
  /**
   * Create the Kubernetes service accounts (`kubernetes_service_account_v1`, annotated with the role
   * for IRSA). Turn off for charts that create their own service account (set its name and, for IRSA,
   * the `eks.amazonaws.com/role-arn` annotation to `role.arn` in the chart's values); the role, its
   * trust and the Pod Identity associations are made either way.
   * @default true
   */
  readonly createServiceAccounts?: boolean;
  /**
   * OIDC providers of further clusters whose pods with these service accounts may assume the role
   * too through IRSA (blue/green clusters, several regions). Only this cluster gets the service accounts.
   * @default none
   */
  readonly extraOidcProviders?: readonly IOidcProvider[];
  /**
   * The kubernetes provider of the cluster, for the service accounts.
   * @default the stack's default kubernetes provider (the one without an alias)
   */
  readonly kubernetesProvider?: TerraformProvider;
}

/** Props of {@link WorkloadIdentity}. */
export interface WorkloadIdentityProps extends WorkloadIdentityOptions {
  /** The cluster: an `EksCluster`, or one from `EksCluster.fromClusterName` / `fromClusterAttributes`. */
  readonly cluster: IWorkloadCluster;
}

/**
 * A workload identity: the IAM role that pods of some Kubernetes service accounts assume, and the
 * bindings that give it to them (IRSA: the service account annotated with the role; EKS Pod Identity:
 * one association per service account; both while migrating). The one way to bind: `addServiceAccount`
 * on a cluster, `WorkloadsStack` and direct use all create it.
 *
 * Construct layout (a public contract: the same from every entry point, for any number of service
 * accounts and any mechanism, so none of those changes renames a resource):
 * - `<id>/role`: the role (`WorkloadRole`), named `<stack>_<id parts>` unless `roleName` is given;
 * - `<id>/<namespace>_<name>`: a service account;
 * - `<id>/pod-identity_<namespace>_<name>`: a Pod Identity association.
 */
export class WorkloadIdentity extends Construct {
  /** The role. */
  public readonly role: WorkloadRole;
  /** The service accounts this binding created, by `<namespace>/<name>`. */
  public readonly serviceAccounts: { readonly [key: string]: ServiceAccount };
  /** The Pod Identity associations, by `<namespace>/<name>`. */
  public readonly associations: { readonly [key: string]: EksPodIdentityAssociation };
  /**
   * The external IDs of the associations that chain to a target role (`podIdentity.targetRoleArn`),
   * by `<namespace>/<name>`: EKS passes each as `sts:ExternalId` when it assumes the target role,
   * whose trust should require it (see `PodIdentityTargetRole`). Known at apply time.
   */
  public readonly externalIds: { readonly [key: string]: string };

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    // Each option, then the options as a whole, as the configuration schema checks them; before the
    // key, which the service accounts name when it is derived.
    checkBindingInputs(props);
    checkBindingRelations(props);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) {
      throw ValidationError.invalid("id", id, "a binding's key has letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    const mechanism = props.mechanism ?? "irsa";
    const create = props.createServiceAccounts ?? true;
    const provider = create ? kubernetesProviderFor(this, props) : undefined;
    const sessionPolicies = checkSessionPolicies(this, props, mechanism);
    // EKS refuses session tags with a session policy: off for the binding, so the role's trust
    // drops the pins only session tags could meet (trust-policy.ts), and every association agrees.
    const podIdentity = sessionPolicies.size > 0 ? { ...props.podIdentity, sessionTags: false } : props.podIdentity;

    this.role = new WorkloadRole(this, "role", {
      ...props,
      podIdentity,
      cluster: props.cluster,
      oidcProviders: props.extraOidcProviders,
      serviceAccounts: props.serviceAccounts.map((sa) => ({ namespace: sa.namespace, name: sa.name })),
    });
    if (mechanism !== "irsa") props.cluster.usePodIdentity("mechanism", this.role.serviceAccounts);

    const accounts: Record<string, ServiceAccount> = {};
    const associations: Record<string, EksPodIdentityAssociation> = {};
    props.serviceAccounts.forEach(({ sessionPolicy: _, ...sa }, i) => {
      const key = `${sa.namespace}_${sa.name}`;
      if (create) {
        accounts[`${sa.namespace}/${sa.name}`] = withField(
          `serviceAccounts[${i}]`,
          () =>
            new ServiceAccount(this, key, {
              ...sa,
              // Pod Identity needs no annotation: the association names the service account.
              roleArn: mechanism === "podIdentity" ? undefined : this.role.arn,
              provider,
            }),
        );
      }
      if (mechanism !== "irsa") {
        AwsProviderVersion.requireFeature(this, "eksPodIdentityAssociation");
        if (props.podIdentity?.targetRoleArn !== undefined || props.podIdentity?.sessionTags === false) {
          AwsProviderVersion.requireFeature(this, "eksPodIdentityTargetRole");
        }
        associations[`${sa.namespace}/${sa.name}`] = new EksPodIdentityAssociation(this, `pod-identity_${key}`, {
          clusterName: props.cluster.clusterName,
          namespace: sa.namespace,
          serviceAccount: sa.name,
          roleArn: this.role.arn,
          targetRoleArn: props.podIdentity?.targetRoleArn,
          disableSessionTags: podIdentity?.sessionTags === false ? true : undefined,
          tags: props.tags ? { ...props.tags } : undefined,
        });
        const sessionPolicy = sessionPolicies.get(i);
        if (sessionPolicy !== undefined) {
          // The pinned provider bindings (hashicorp/aws 6.25) lack `policy`: written as an override,
          // for the provider version the stack is made to require.
          associations[`${sa.namespace}/${sa.name}`].addOverride("policy", sessionPolicy);
        }
      }
    });
    this.serviceAccounts = accounts;
    this.associations = associations;
    this.externalIds =
      props.podIdentity?.targetRoleArn === undefined ? {} : Object.fromEntries(Object.entries(associations).map(([key, a]) => [key, a.externalId]));
    if (sessionPolicies.size > 0) AwsProviderVersion.requireFeature(this, "eksPodIdentitySessionPolicy");
  }
}

/**
 * Checks the session policies of a binding's service accounts and renders them (IAM JSON), by the
 * service account's index: Pod Identity only (with `both`, IRSA would hand out the unscoped role),
 * each checked like every other policy and within STS's 2,048 characters, and never beside session
 * tags asked for explicitly.
 */
function checkSessionPolicies(scope: Construct, props: WorkloadIdentityProps, mechanism: string): Map<number, string> {
  const rendered = new Map<number, string>();
  props.serviceAccounts.forEach((sa, i) => {
    if (sa.sessionPolicy === undefined) return;
    const field = `serviceAccounts[${i}].sessionPolicy`;
    const count = `${sa.sessionPolicy.length} ${sa.sessionPolicy.length === 1 ? "statement" : "statements"}`;
    if (mechanism !== "podIdentity") {
      throw ValidationError.invalid(
        field,
        count,
        `a session policy scopes a Pod Identity association: use mechanism "podIdentity" (with ${JSON.stringify(mechanism)}, IRSA hands out the role unscoped)`,
      );
    }
    checkPolicyStatements(field, sa.sessionPolicy, { scope, extraActions: props.extraIamActions });
    const size = policyDocumentSize(sa.sessionPolicy);
    if (size.estimate > IAM_LIMITS.sessionPolicySize) {
      throw ValidationError.invalid(
        field,
        count,
        `the policy takes about ${size.estimate} characters, over the ${IAM_LIMITS.sessionPolicySize} STS allows a session policy: give fewer or shorter statements (wildcards in resources, or a narrower role)`,
      );
    }
    rendered.set(i, policyDocumentJson(field, sa.sessionPolicy));
  });
  if (rendered.size > 0 && props.podIdentity?.sessionTags === true) {
    const first = [...rendered.keys()][0];
    throw ValidationError.invalid(
      "podIdentity.sessionTags",
      true,
      `EKS refuses session tags on an association with a session policy (serviceAccounts[${first}].sessionPolicy): leave sessionTags out, or set it false`,
    );
  }
  return rendered;
}

/** The options of a service account that apply only to one the binding creates. */
const CREATED_ONLY: readonly (keyof WorkloadServiceAccount)[] = [
  "createNamespace",
  "labels",
  "annotations",
  "automountServiceAccountToken",
  "stsRegionalEndpoints",
  "tokenExpirationSeconds",
];

/**
 * The checks of a binding's options that stand alone (see `InputChecks`): the role's, and whether
 * to create the service accounts. The service accounts are checked as a whole (`checkBindingRelations`).
 */
export const BINDING_OPTION_CHECKS: InputChecks<WorkloadIdentityOptions> = {
  ...ROLE_OPTION_CHECKS,
  createServiceAccounts: booleanCheck,
  serviceAccounts: null,
  // Constructs, not inputs of the file.
  extraOidcProviders: null,
  kubernetesProvider: null,
};

/** Checks each option of a binding and of its service accounts on its own (`BINDING_OPTION_CHECKS`, `SERVICE_ACCOUNT_OPTION_CHECKS`). */
export function checkBindingInputs(options: Omit<WorkloadIdentityOptions, "kubernetesProvider" | "extraOidcProviders">): void {
  checkInputs("", options, BINDING_OPTION_CHECKS);
  if (!Array.isArray(options.serviceAccounts)) return;
  options.serviceAccounts.forEach((sa, i) => {
    if (typeof sa === "object" && sa !== null) checkInputs(`serviceAccounts[${i}]`, sa, SERVICE_ACCOUNT_OPTION_CHECKS);
  });
}

/**
 * Checks a binding's options as a whole, before anything is made: the service accounts (at least
 * one, Kubernetes names, wildcards only with `StringLike` and only for service accounts made
 * elsewhere, none twice), and that no option is given that the binding would not use: service
 * account options without `createServiceAccounts`, IRSA's annotations and OIDC providers with
 * mechanism `podIdentity`. WorkloadIdentity runs it (its role checks the role's options), and the
 * configuration schema runs it on each workload.
 */
export function checkBindingRelations(options: Omit<WorkloadIdentityOptions, "kubernetesProvider"> & { readonly kubernetesProvider?: unknown }): void {
  const mechanism = options.mechanism ?? "irsa";
  const create = options.createServiceAccounts ?? true;
  checkSubjects("serviceAccounts", options.serviceAccounts, options.subjectMatch ?? "StringEquals");
  options.serviceAccounts.forEach((sa, i) => {
    const field = `serviceAccounts[${i}]`;
    if (create && (hasWildcard(sa.namespace) || hasWildcard(sa.name))) {
      throw ValidationError.invalid(
        field,
        `${sa.namespace}/${sa.name}`,
        "a service account that the binding creates has one exact name: for wildcard subjects set createServiceAccounts false",
      );
    }
    for (const option of CREATED_ONLY) {
      if (sa[option] === undefined) continue;
      if (!create) {
        throw ValidationError.invalid(
          `${field}.${option}`,
          sa[option],
          "it applies to a service account the binding creates, and createServiceAccounts is false: leave it out",
        );
      }
      if (mechanism === "podIdentity" && (IRSA_OPTIONS as readonly string[]).includes(option)) {
        throw ValidationError.invalid(
          `${field}.${option}`,
          sa[option],
          'it sets an IRSA annotation, and mechanism "podIdentity" writes none: leave it out, or use mechanism "both"',
        );
      }
    }
  });
  if (mechanism === "podIdentity" && (options.extraOidcProviders ?? []).length > 0) {
    throw ValidationError.invalid(
      "extraOidcProviders",
      `${options.extraOidcProviders!.length} providers`,
      'OIDC providers are IRSA trust, which mechanism "podIdentity" does not use: leave them out, or use mechanism "irsa" or "both"',
    );
  }
  if (!create && options.kubernetesProvider !== undefined) {
    throw new ValidationError("kubernetesProvider", "is set, and createServiceAccounts is false: no Kubernetes resource is made with it; leave it out");
  }
}

/** The kubernetes provider for the service accounts: the one given, or the stack's default one; else an error that says how to give one. */
function kubernetesProviderFor(binding: Construct, props: WorkloadIdentityProps): TerraformProvider | undefined {
  if (props.kubernetesProvider) return props.kubernetesProvider;
  const stack = TerraformStack.of(binding);
  const found = stack.node.children.some(
    (c) => c instanceof TerraformProvider && c.terraformResourceType === "kubernetes" && (c as unknown as { alias?: string }).alias === undefined,
  );
  if (!found) {
    throw new ValidationError(
      "kubernetesProvider",
      `is missing: the service accounts of ${binding.node.path} are Kubernetes resources, and stack ${stack.node.id} has no default kubernetes provider. ` +
        "Create the binding in a stack with a kubernetes provider for the cluster (WorkloadsStack has one; addServiceAccount takes scope), " +
        "pass kubernetesProvider, or set createServiceAccounts false when something else creates them",
    );
  }
  return undefined;
}
