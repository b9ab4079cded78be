import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { IEksCluster } from "../cluster/cluster";
import { AwsProviderVersion } from "../core/aws-provider-version";
import { ValidationError, withField } from "../core/errors";
import { checkInputs, checkRule, derivedRoleName, rules } from "../core/naming";
import { checkBindingRelations } from "../identity/workload-identity";
import { checkRoleRelations, checkSubjects, ROLE_OPTION_CHECKS } from "../identity/workload-role";
import { validateTags } from "../iam/iam-limits";
import { writeAsData } from "../core/literal-text";
import { configureStateBackend, type StateBackendOptions } from "./state-backend";
import type { WorkloadIdentity, WorkloadIdentityOptions } from "../identity/workload-identity";
import { KubernetesProvider } from "../identity/kubernetes";

/** A workload: its role, mechanism and service accounts, keyed by a stable name in the stack. */
export interface Workload extends Omit<WorkloadIdentityOptions, "kubernetesProvider" | "extraOidcProviders"> {
  /**
   * A stable name of the binding, required when several service accounts share the role: it names
   * the binding's construct (and the derived role name), so that adding or reordering service accounts
   * renames nothing. At most 63 lower-case letters, digits and `-`; or `<namespace>_<name>` of one of
   * the workload's service accounts, which keeps the role of a workload that had only that account.
   * @default `<namespace>_<name>` of the only service account (`_` occurs in neither)
   */
  readonly roleKey?: string;
  /**
   * The workloads stack of the binding, for an app that splits an environment's workloads into
   * several stacks (each with its own state, so that a change plans its own stack only): the
   * `WorkloadsStack` whose `group` is this name holds it; the Platform names that stack
   * `workloads-<environment>-<stack>`. 1-31 lower-case letters, digits or `-` (a team's name, say).
   * @default the stack without a `group` (the Platform's `workloads-<environment>`)
   */
  readonly stack?: string;
}

/** The names of the stack's own parts, which no role key may take (it names a construct beside them). */
const RESERVED_KEYS = ["aws", "kubernetes", "backend"];

/** The `<namespace>_<name>` of each service account of a workload: the keys of a workload of one of them. */
function ownKeysOf(workload: Workload): string[] {
  return workload.serviceAccounts.map((sa) => `${sa.namespace}_${sa.name}`);
}

/** The key of a workload's binding: its role key, or `<namespace>_<name>` of its only service account. */
function bindingKeyOf(workload: Workload): string {
  return workload.roleKey ?? ownKeysOf(workload)[0];
}

/**
 * Checks a workload as a whole, as its binding and role check their options
 * (`checkBindingRelations`, `checkRoleRelations`), and its role key (`checkWorkloadKey`): what the
 * configuration schema runs on each workload of the file. WorkloadsStack checks the key itself
 * and leaves the rest to the binding it makes.
 */
export function checkWorkload(workload: Workload): void {
  checkBindingRelations(workload);
  checkRoleRelations(workload);
  checkWorkloadKey(workload);
}

/** Checks a workload's role key: given when several service accounts share the role, of the allowed form, not a name the stack uses. */
export function checkWorkloadKey(workload: Workload): void {
  // The key may come from the service accounts: they are checked first.
  checkSubjects("serviceAccounts", workload.serviceAccounts, workload.subjectMatch ?? "StringEquals");
  const ownKeys = ownKeysOf(workload);
  const roleKey = workload.roleKey;
  if (roleKey === undefined) {
    if (workload.serviceAccounts.length > 1) {
      throw ValidationError.missing(
        "roleKey",
        `${workload.serviceAccounts.length} service accounts share the role, so it needs a stable name. ` +
          `To keep the role of a workload that had one service account, use that account's "<namespace>_<name>" (${ownKeys[0]})`,
      );
    }
    return;
  }
  checkRule("roleKey", roleKey, (key) =>
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(key) || ownKeys.includes(key)
      ? undefined
      : `use at most 63 lower-case letters, digits and '-', or "<namespace>_<name>" of one of the workload's service accounts (${ownKeys.join(", ")})`,
  );
  if (RESERVED_KEYS.includes(roleKey) || roleKey.startsWith("namespaces")) {
    throw ValidationError.invalid("roleKey", roleKey, "aws, kubernetes, backend and namespaces* name the stack's own parts: choose another role key");
  }
}

/** Props of {@link WorkloadsStack}. */
export interface WorkloadsStackProps extends StateBackendOptions {
  /** The AWS region of the cluster. */
  readonly region: string;
  /** The cluster, from another stack of this app or looked up by name. */
  readonly cluster: IEksCluster;
  /** The workloads. */
  readonly workloads: readonly Workload[];
  /**
   * Tags the AWS provider puts on every resource the stack creates (roles, policies, associations).
   * @default none
   */
  readonly defaultTags?: { readonly [key: string]: string };
  /**
   * The hashicorp/aws version (or constraint) written into the stack's `required_providers`, in place
   * of the one the aws provider bindings declare (`@cdktf/provider-aws` 21.22.1: 6.25.0); the synth
   * fails when a feature the stack uses needs a newer one (see `AwsProviderVersion`).
   * @default the bindings' version
   */
  readonly awsProviderVersion?: string;
  /**
   * Which of `workloads` this stack holds: those whose `stack` is this name. The others are checked
   * with them (role keys are unique across all of `workloads`, errors name their index in it) and
   * left to the stack of their own group.
   * @default the workloads without a `stack`
   */
  readonly group?: string;
  /**
   * The first part of derived role names (`<prefix>_<namespace>_<name>`), instead of the stack's
   * name: the Platform gives every workloads stack of an environment `workloads-<environment>`, so
   * that a binding keeps its role's name when it moves from one stack to another.
   * @default the stack's name
   */
  readonly roleNamePrefix?: string;
}

/**
 * A stack of workload identities on one cluster: the kubernetes provider is configured from the
 * cluster (endpoint, CA, `aws eks get-token`), and each workload gets its role and service accounts.
 * Outputs `pod_identity_external_ids` (`<namespace>/<name>` -> the association's external ID) when
 * an association chains to a target role.
 * Kept apart from the cluster's stack, so that the kubernetes provider is only configured once the
 * cluster exists.
 */
export class WorkloadsStack extends TerraformStack {
  /** The bindings, by key (`<namespace>_<name>`, or the role key). */
  public readonly bindings: { readonly [key: string]: WorkloadIdentity } = {};
  /** The kubernetes provider. */
  public readonly kubernetesProvider: KubernetesProvider;

  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id);
    if (props.awsProviderVersion !== undefined) AwsProviderVersion.use(this, props.awsProviderVersion);
    validateTags("defaultTags", props.defaultTags);
    if (props.group !== undefined) checkRule("group", props.group, rules.workloadsStackGroup);
    const aws = new AwsProvider(this, "aws", {
      region: props.region,
      defaultTags: props.defaultTags ? [{ tags: { ...props.defaultTags } }] : undefined,
    });
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", {
      host: props.cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(props.cluster.certificateAuthorityData),
      exec: [
        {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", props.cluster.clusterName, "--region", props.region],
        },
      ],
    });
    // What the stack writes itself is data, as what its constructs write (core/literal-text.ts).
    writeAsData(aws, this.kubernetesProvider);
    configureStateBackend(this, props.region, props);

    const bindings: Record<string, WorkloadIdentity> = {};
    const keys = new Map<string, string>();
    props.workloads.forEach((workload, i) => {
      const field = `workloads[${i}]`;
      const key = withField(field, () => {
        // The key (and subjectMatch, which says what the service accounts it may come from look like): the binding checks the rest.
        checkInputs("", workload, { subjectMatch: ROLE_OPTION_CHECKS.subjectMatch });
        checkWorkloadKey(workload);
        return bindingKeyOf(workload);
      });
      const other = keys.get(key);
      if (other !== undefined) {
        // Said of what the workload wrote: its role key, or the service account the key comes from.
        const written = workload.roleKey !== undefined ? `${field}.roleKey` : `${field}.serviceAccounts[0]`;
        throw ValidationError.invalid(
          written,
          key,
          `${other} has the same role key: role keys (or the <namespace>_<name> of a workload's only service account) are unique in a stack`,
        );
      }
      keys.set(key, field);
      if (workload.stack !== undefined) checkRule(`${field}.stack`, workload.stack, rules.workloadsStackGroup);
      if (workload.stack !== props.group) return;

      const { stack: _group, ...options } = workload;
      const roleName = options.roleName ?? (props.roleNamePrefix === undefined ? undefined : derivedRoleName(props.roleNamePrefix, key.split("_")));
      // The stack's kubernetes provider, for the service accounts the binding creates.
      const kubernetesProvider = workload.createServiceAccounts === false ? undefined : this.kubernetesProvider;
      bindings[key] = withField(field, () =>
        props.cluster.addServiceAccount(key, {
          ...options,
          ...(roleName === undefined ? {} : { roleName }),
          scope: this,
          kubernetesProvider,
        }),
      );
    });
    this.bindings = bindings;

    // For the trust of target roles in other accounts: their sts:ExternalId condition.
    const externalIds = Object.fromEntries(Object.values(bindings).flatMap((b) => Object.entries(b.externalIds)));
    if (Object.keys(externalIds).length > 0) {
      new TerraformOutput(this, "pod_identity_external_ids", {
        value: externalIds,
        description:
          "External IDs of the Pod Identity associations that chain to a target role, by <namespace>/<name>: the target role's trust requires them as sts:ExternalId",
      }).overrideLogicalId("pod_identity_external_ids");
    }
  }
}
