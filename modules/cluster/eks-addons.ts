import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { EksAddon, EksAddonConfig } from "@cdktf/provider-aws/lib/eks-addon";
import { ADDON_PRESETS, type AddonPresetId } from "../addons/catalogue";
import type { AddonPreset } from "../addons/preset";
import { ValidationError, withField } from "../core/errors";
import { rules, validateNamespace, validateOneOf, validateServiceAccountName } from "../core/naming";
import type { ServiceAccountSubject } from "../iam/trust-policy";
import type { ReservedServiceAccount } from "../identity/workload-cluster";
import { WorkloadRole, type WorkloadRoleOptions } from "../identity/workload-role";
import type { IEksCluster } from "./cluster";
import { addonResourceName } from "./cluster-addons";
import { CORE_ADDON_NAMES } from "./core-addons";
import { type EksAddonArguments, eksAddonArguments, type EksAddonSettings } from "./eks-addon-settings";

/**
 * The role of an EKS add-on: for the service account the add-on runs as, bound through the add-on
 * (`service_account_role_arn` for IRSA, a `pod_identity_association` for EKS Pod Identity), with a
 * preset's least-privilege policy (`addonPolicies`) or statements of your own.
 */
export interface EksAddonRole
  extends Pick<
    WorkloadRoleOptions,
    "policyStatements" | "managedPolicyArns" | "addonPolicies" | "roleName" | "path" | "permissionsBoundary" | "maxSessionDuration"
  > {
  /** The service account the add-on runs as (its documentation names it), which the role trusts. */
  readonly serviceAccount: ServiceAccountSubject;
  /**
   * How the add-on's pods get the role. Pod Identity installs the eks-pod-identity-agent add-on
   * (built into Auto Mode), and does not reach pods on Fargate.
   * @default "irsa"
   */
  readonly mechanism?: "irsa" | "podIdentity";
}

/** Any EKS add-on, by its name: how EKS installs it, and the role of its service account. */
export interface EksAddonOptions extends EksAddonSettings {
  /**
   * A role for the add-on's service account, bound through the add-on.
   * @default none: the add-on needs no AWS permissions (or takes them from elsewhere)
   */
  readonly role?: EksAddonRole;
}

/** EKS add-ons by name (`snapshot-controller`, `metrics-server`, `aws-guardduty-agent`, partner add-ons such as `kubecost_kubecost`). */
export type EksAddons = { readonly [name: string]: EksAddonOptions };

/** One add-on of `eksAddons` on a cluster. */
export interface InstalledEksAddon {
  /** The `aws_eks_addon` resource, at `addon-<name>`. */
  readonly addon: EksAddon;
  /** The role of its service account, at `eks-addon-roles/<name>`, when it has one. */
  readonly role?: WorkloadRole;
  /** How its pods get the role, when it has one. */
  readonly mechanism?: "irsa" | "podIdentity";
  /** The service account the role trusts, when it has one. */
  readonly serviceAccount?: ServiceAccountSubject;
}

/** What {@link addEksAddons} needs of the cluster besides the `IEksCluster`. */
export interface EksAddonsContext {
  /** Makes an IAM role name from the cluster's name and a suffix. */
  readonly roleName: (suffix: string) => string;
  /** Installs an add-on with the cluster's common settings (`addon-<name>`). */
  readonly installAddon: (name: string, settings: EksAddonArguments, extra: Partial<EksAddonConfig>) => EksAddon;
  /** What the add-ons wait for: the nodes (or Fargate profiles) their pods run on. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The add-ons of the catalogue on the cluster, by preset ID: an add-on of theirs is theirs to install. */
  readonly catalogueAddons: readonly AddonPresetId[];
  /** Why one of the cluster's own add-ons may not be set here, by add-on name (Auto Mode runs them), or undefined. */
  readonly coreAddonField: (name: string) => string;
  /** Tags of the roles. */
  readonly tags?: { readonly [key: string]: string };
}

/**
 * Installs add-ons by name with the settings every EKS add-on takes, each optionally with a role of
 * its own. The cluster's own add-ons (vpc-cni, kube-proxy, coredns, eks-pod-identity-agent) are set
 * under `coreAddons`, and those of the catalogue under `addons`, which gives them their
 * least-privilege roles: both are refused here, naming the field to use. Errors name fields below
 * `eksAddons`.
 */
export function addEksAddons(cluster: IEksCluster & Construct, addons: EksAddons, context: EksAddonsContext): { readonly [name: string]: InstalledEksAddon } {
  if (addons === null || typeof addons !== "object" || Array.isArray(addons)) {
    throw ValidationError.invalid("eksAddons", addons, 'give an object of add-ons by name, { "snapshot-controller": {} }');
  }
  const catalogueByAddon = new Map<string, AddonPresetId>();
  for (const id of Object.keys(ADDON_PRESETS) as AddonPresetId[]) {
    const preset = ADDON_PRESETS[id] as AddonPreset<unknown>;
    if (preset.managedAddon) catalogueByAddon.set(preset.managedAddon.name, id);
  }
  const installed: Record<string, InstalledEksAddon> = {};
  const taken = new Map<string, string>();
  // By name, so that the order the add-ons are written in changes nothing.
  for (const name of Object.keys(addons).sort()) {
    // Said of the key, as the configuration check says it.
    const refuse = (allowed: string) => new ValidationError("eksAddons", `key ${JSON.stringify(name)} is invalid: ${allowed}`);
    const malformed = rules.addonName(name);
    if (malformed !== undefined) throw refuse(malformed);
    if (CORE_ADDON_NAMES.includes(name)) throw refuse(`${name} is one of the cluster's own add-ons: ${context.coreAddonField(name)}`);
    const presetId = catalogueByAddon.get(name);
    if (presetId !== undefined)
      throw refuse(
        `${name} is the catalogue's ${(ADDON_PRESETS[presetId] as AddonPreset<unknown>).title}: give it as addons.${presetId}, which makes its least-privilege role`,
      );
    const twin = context.catalogueAddons.find((id) => addonResourceName(id) === name);
    if (twin !== undefined) throw refuse(`addons.${twin} installs ${(ADDON_PRESETS[twin] as AddonPreset<unknown>).title} already: give one of them`);
    installed[name] = withField(`eksAddons.${name}`, () => addEksAddon(cluster, name, addons[name], context, taken));
  }
  return installed;
}

function addEksAddon(
  cluster: IEksCluster & Construct,
  name: string,
  options: EksAddonOptions,
  context: EksAddonsContext,
  taken: Map<string, string>,
): InstalledEksAddon {
  const { role: roleOptions, ...settings } = options ?? {};
  const args = eksAddonArguments(settings);
  if (roleOptions === undefined) {
    return { addon: context.installAddon(name, args, { dependsOn: [...context.dependsOn] }) };
  }
  const { serviceAccount, mechanism: given, ...permissions } = withField("role", () => checkedRole(roleOptions));
  const mechanism = given ?? "irsa";
  const subject = `${serviceAccount.namespace}/${serviceAccount.name}`;
  const owner = cluster.reservedServiceAccounts.find((r) => r.namespace === serviceAccount.namespace && r.name === serviceAccount.name);
  if (owner) throw ValidationError.invalid("role.serviceAccount", subject, `it belongs to ${owner.owner}: ${owner.instead}`);
  const other = taken.get(subject);
  if (other !== undefined)
    throw ValidationError.invalid("role.serviceAccount", subject, `eksAddons.${other} runs as it already: each add-on has a service account of its own`);
  taken.set(subject, name);

  const role = withField(
    "role",
    () =>
      new WorkloadRole(rolesScope(cluster), name, {
        ...permissions,
        roleName: permissions.roleName ?? context.roleName(name.replace(/_/g, "-")),
        description: `${name} add-on of EKS cluster ${cluster.clusterName}`,
        mechanism,
        cluster,
        clusterOwned: true,
        serviceAccounts: [serviceAccount],
        tags: context.tags,
      }),
  );
  if (mechanism === "podIdentity") withField("role", () => cluster.usePodIdentity("mechanism", [serviceAccount]));
  const addon = context.installAddon(name, args, {
    serviceAccountRoleArn: mechanism === "irsa" ? role.arn : undefined,
    podIdentityAssociation: mechanism === "podIdentity" ? [{ roleArn: role.arn, serviceAccount: serviceAccount.name }] : undefined,
    dependsOn: [...context.dependsOn],
  });
  return { addon, role, mechanism, serviceAccount };
}

/** Where the add-ons' roles are: `eks-addon-roles/<add-on name>`, apart from the add-ons' own `addon-<name>`. */
function rolesScope(cluster: Construct): Construct {
  return (cluster.node.tryFindChild("eks-addon-roles") as Construct | undefined) ?? new Construct(cluster, "eks-addon-roles");
}

/** The role's options, checked where the role itself does not check them. */
function checkedRole(role: EksAddonRole): EksAddonRole {
  if (role === null || typeof role !== "object" || Array.isArray(role)) {
    throw ValidationError.invalid("", role, "give { serviceAccount: { namespace, name }, mechanism, policyStatements | managedPolicyArns | addonPolicies }");
  }
  const sa = role.serviceAccount;
  if (sa === undefined || sa === null || typeof sa !== "object") {
    throw ValidationError.missing("serviceAccount", "give the service account the add-on runs as, { namespace, name } (the add-on's documentation names it)");
  }
  validateNamespace("serviceAccount.namespace", sa.namespace);
  validateServiceAccountName("serviceAccount.name", sa.name);
  validateOneOf("mechanism", role.mechanism ?? "irsa", ["irsa", "podIdentity"]);
  if (role.policyStatements === undefined && role.managedPolicyArns === undefined && role.addonPolicies === undefined) {
    throw new ValidationError(
      "",
      "has no permissions: give policyStatements, managedPolicyArns or addonPolicies (a preset of the catalogue), or leave the role out",
    );
  }
  return { ...role, serviceAccount: { namespace: sa.namespace, name: sa.name } };
}

/** The service accounts the add-ons' roles trust, which no user workload may bind. */
export function reservedEksAddonServiceAccounts(installed: { readonly [name: string]: InstalledEksAddon }): ReservedServiceAccount[] {
  return Object.entries(installed).flatMap(([name, addon]) =>
    addon.serviceAccount && addon.role
      ? [
          {
            ...addon.serviceAccount,
            owner: `the ${name} add-on`,
            instead: `the cluster's eksAddons.${name}.role gives it its role (${addon.role.node.path})`,
          },
        ]
      : [],
  );
}
