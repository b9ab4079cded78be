import type { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import type { ServiceAccountSubject } from "../iam/trust-policy";

/**
 * Where a preset's policy is used: the values its ARNs and conditions are built from. Each may be a
 * reference only known at apply time (a cdktf token), such as `DataAwsPartition.partition`; presets
 * only interpolate them, never inspect them.
 */
export interface PresetContext {
  /** The AWS partition: `aws`, `aws-cn`, `aws-us-gov`, ... */
  readonly partition: string;
  /** The cluster's region, `eu-west-1`. */
  readonly region: string;
  /** The cluster's account ID (12 digits). */
  readonly accountId: string;
  /** The cluster's name. */
  readonly clusterName: string;
}

/** Where a preset's policy comes from. */
export interface UpstreamSource {
  /** The add-on project, `kubernetes-sigs/aws-load-balancer-controller`. */
  readonly project: string;
  /** The add-on release the policy matches, `v3.5.0`. */
  readonly version: string;
  /** URL of the upstream policy file or documentation section, pinned to that release where the project tags its docs. */
  readonly source: string;
}

/** An add-on that EKS installs and upgrades itself (`aws_eks_addon`), by name. */
export interface ManagedAddon {
  /** The EKS add-on name, `aws-ebs-csi-driver`. */
  readonly name: string;
  /**
   * The service account the add-on creates and runs as: the role is bound to it through the add-on
   * (`service_account_role_arn` for IRSA, or a pod identity association), never through a second
   * Kubernetes service account.
   */
  readonly serviceAccount: ServiceAccountSubject;
}

/**
 * A Helm chart that creates its own service account. A binding makes the role only; the chart's
 * values name the service account and, for IRSA, annotate it with the role's ARN (see `helmValues`).
 */
export interface HelmChart {
  /** The chart repository: an `https://` index or an `oci://` registry path. */
  readonly repository: string;
  /** The chart's name in the repository. */
  readonly chart: string;
  /** The chart release that installs the upstream version of the preset. */
  readonly version: string;
  /**
   * Where the service account settings sit in the chart's values: `["serviceAccount"]`, or
   * `["controller", "serviceAccount"]` for the EBS CSI driver. Under it: `create`, `name`, `annotations`.
   */
  readonly serviceAccountPath: readonly string[];
  /**
   * The namespace the chart is usually installed in, when it differs from the preset's service
   * account namespace. (Helm charts install into the release namespace.)
   * @default the preset's service account namespace
   */
  readonly namespace?: string;
}

/**
 * A least-privilege IAM policy for an add-on, from the add-on's upstream documentation, with the
 * scoping inputs the upstream project documents.
 *
 * @typeParam I the preset's inputs (for example the hosted zones external-dns may change)
 */
export interface AddonPreset<I> {
  /** The preset's key in the catalogue and in configuration files, `loadBalancerController`. */
  readonly id: string;
  /** The add-on's name, `AWS Load Balancer Controller`. */
  readonly title: string;
  /** Where the statements come from, and the add-on version they match. */
  readonly upstream: UpstreamSource;
  /** The service account the add-on runs as by default (its chart's or managed add-on's). */
  readonly serviceAccount: ServiceAccountSubject;
  /**
   * Further service accounts of the add-on that must not be bound to user workloads (the node
   * daemonset of a CSI driver, for example), besides `serviceAccount`.
   * @default none
   */
  readonly otherServiceAccounts?: readonly ServiceAccountSubject[];
  /**
   * The EKS managed add-on, when EKS offers the add-on.
   * @default none: the add-on is installed with Helm (see `helmChart`)
   */
  readonly managedAddon?: ManagedAddon;
  /**
   * The Helm chart, when the add-on is installed with Helm.
   * @default none
   */
  readonly helmChart?: HelmChart;
  /**
   * Every write action (any access level but Read and List) that the statements may grant on
   * `"*"`, for some inputs: each because the upstream policy grants it so (the preset's TSDoc says
   * why). Scoping inputs remove actions from `*`, never add any.
   */
  readonly unscopedWriteActions: readonly string[];
  /**
   * How the statements are split into several customer-managed policies, by statement ID, for a
   * policy longer than IAM's 6,144 characters per managed policy (as upstream splits it): each key
   * names a policy (`<role name>-<preset id>-<key>`), each value lists its statements' IDs. Every
   * statement has an ID in exactly one group; a group without statements (for these inputs) makes
   * no policy.
   * @default one policy of all the statements
   */
  readonly policyGroups?: { readonly [name: string]: readonly string[] };
  /**
   * The inputs' outline (types, no unknown keys), for configuration files. `validate` applies it.
   */
  readonly schema: z.ZodType<I>;
  /**
   * Checks the inputs: their outline, then their values (ARN shapes, empty lists, contradictions).
   * Throws a `ValidationError` whose field is relative to the inputs (`hostedZoneArns[1]`); wrap the
   * call in `withField("addons.externalDns", ...)` to say where they came from. Values only known at
   * apply time are skipped.
   */
  validate(inputs: I): void;
  /**
   * The permissions policy statements. Validates the inputs first.
   */
  statements(inputs: I, ctx: PresetContext): PolicyStatement[];
  /**
   * The ARN inputs whose values hold wildcards wider than upstream's policy scopes them, which
   * `acknowledgeWideningWildcards` accepted: the access review lists them (policy tag `AddonWiderThanUpstream`).
   * @default none
   */
  widerThanUpstream?(inputs: I): string[];
  /**
   * ARNs of AWS-managed policies to attach besides the statements, where upstream prescribes one.
   * @default none
   */
  managedPolicyArns?(inputs: I, ctx: PresetContext): string[];
}

/** The option of a preset whose ARN inputs upstream's policy scopes. */
export interface WideningAcknowledgement {
  /**
   * Accept wildcards in the ARN inputs that make the policy wider than upstream's, which names each
   * resource there (`role/*` passes every role, `hostedzone/*` every zone, a bucket `*` every bucket):
   * without it they are refused. The policy is tagged `AddonWiderThanUpstream` with the inputs, and
   * the access review lists them.
   * @default false
   */
  readonly acknowledgeWideningWildcards?: boolean;
}

/** The inputs type of a preset. */
export type PresetInputs<P> = P extends AddonPreset<infer I> ? I : never;

/** The annotation an IRSA service account carries (the chart's values set it). */
const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/** What {@link helmValues} needs. */
export interface HelmValuesOptions {
  /**
   * The service account's name.
   * @default the preset's default service account name
   */
  readonly serviceAccountName?: string;
  /**
   * The role's ARN, annotated on the service account for IRSA.
   * @default no annotation (EKS Pod Identity binds the role through an association instead)
   */
  readonly roleArn?: string;
}

/**
 * The chart values that make a Helm chart create its service account under the name a binding
 * trusts and, for IRSA, annotate it with the role's ARN:
 * `{ serviceAccount: { create: true, name, annotations: { "eks.amazonaws.com/role-arn": arn } } }`.
 * Returns `undefined` for a preset without a Helm chart.
 */
export function helmValues(preset: AddonPreset<unknown>, options: HelmValuesOptions = {}): Record<string, unknown> | undefined {
  const chart = preset.helmChart;
  if (!chart) return undefined;
  const serviceAccount: Record<string, unknown> = {
    create: true,
    name: options.serviceAccountName ?? preset.serviceAccount.name,
  };
  if (options.roleArn !== undefined) serviceAccount.annotations = { [ROLE_ARN_ANNOTATION]: options.roleArn };
  let values: Record<string, unknown> = serviceAccount;
  for (const key of [...chart.serviceAccountPath].reverse()) values = { [key]: values };
  return values;
}

/** Every service account an add-on owns: its default one and its others. */
export function ownedServiceAccounts(preset: AddonPreset<unknown>): ServiceAccountSubject[] {
  const all = [preset.serviceAccount, ...(preset.otherServiceAccounts ?? [])];
  if (preset.managedAddon) all.push(preset.managedAddon.serviceAccount);
  const seen = new Set<string>();
  return all.filter((sa) => {
    const key = `${sa.namespace}/${sa.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
