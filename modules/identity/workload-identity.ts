import { TerraformProvider, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { AwsProviderVersion } from "../core/aws-provider-version";
import { ValidationError, withField } from "../core/errors";
import { hasWildcard } from "../core/naming";
import type { IOidcProvider } from "./oidc-provider";
import type { IWorkloadCluster } from "./workload-cluster";
import { ServiceAccount, type ServiceAccountOptions } from "./service-account";
import { WorkloadRole, type WorkloadRoleOptions } from "./workload-role";

/** One Kubernetes service account of a binding. */
export interface WorkloadServiceAccount extends Omit<ServiceAccountOptions, "provider"> {
  /** The namespace (a DNS-1123 label; with `subjectMatch: "StringLike"`, may hold `*` and `?`). */
  readonly namespace: string;
  /** The service account's name (a DNS-1123 subdomain; with `subjectMatch: "StringLike"`, may hold `*` and `?`). */
  readonly name: string;
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

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) {
      throw ValidationError.invalid("id", id, "a binding's key has letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    const mechanism = props.mechanism ?? "irsa";
    const create = props.createServiceAccounts ?? true;
    if (props.serviceAccounts.length === 0) {
      throw ValidationError.invalid("serviceAccounts", [], "a binding has at least one service account { namespace, name }");
    }
    if (create) {
      props.serviceAccounts.forEach((sa, i) => {
        if (hasWildcard(sa.namespace) || hasWildcard(sa.name)) {
          throw ValidationError.invalid(
            `serviceAccounts[${i}]`,
            `${sa.namespace}/${sa.name}`,
            "a service account that the binding creates has one exact name: for wildcard subjects set createServiceAccounts false",
          );
        }
      });
    }
    const provider = create ? kubernetesProviderFor(this, props) : undefined;

    this.role = new WorkloadRole(this, "role", {
      ...props,
      cluster: props.cluster,
      oidcProviders: mechanism === "podIdentity" ? undefined : props.extraOidcProviders,
      serviceAccounts: props.serviceAccounts.map((sa) => ({ namespace: sa.namespace, name: sa.name })),
    });
    if (mechanism !== "irsa") props.cluster.usePodIdentity("mechanism", this.role.serviceAccounts);

    const accounts: Record<string, ServiceAccount> = {};
    const associations: Record<string, EksPodIdentityAssociation> = {};
    props.serviceAccounts.forEach((sa, i) => {
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
          disableSessionTags: props.podIdentity?.sessionTags === false ? true : undefined,
          tags: props.tags ? { ...props.tags } : undefined,
        });
      }
    });
    this.serviceAccounts = accounts;
    this.associations = associations;
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
