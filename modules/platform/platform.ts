import { App } from "cdktf";
import type { Construct } from "constructs";
import { ClusterStack } from "./cluster-stack";
import type { EnvironmentConfig, PlatformConfig } from "./config";
import { ValidationError, ValidationErrors, withField } from "../core/errors";
import { awsProviderVersionRule } from "../core/aws-provider-version";
import { checkRule, rules } from "../core/naming";
import { validateTags } from "../iam/iam-limits";
import { mergeRoleSettings, type RoleSettings, validateRoleSettings } from "../iam/role-settings";
import { type StateBackendOptions, validateLocalStateDir, validateStateBackendOptions } from "./state-backend";
import { WorkloadsStack } from "./workloads-stack";

/** The tag every resource of the platform carries, besides the environment's name. */
export const MANAGED_BY_TAG = { ManagedBy: "cdktf-eks-irsa" } as const;

/** What an environment's stacks share with the other environments. */
export interface EnvironmentStacksOptions extends StateBackendOptions {
  /**
   * Tags of every AWS resource of both stacks, besides `ManagedBy` (overridable) and `Environment`
   * (always the environment's name).
   * @default none
   */
  readonly defaultTags?: { readonly [key: string]: string };
  /**
   * The hashicorp/aws version (or constraint) written into each stack's `required_providers`, in place
   * of the one the aws provider bindings declare (`@cdktf/provider-aws` 21.22.1: 6.25.0); the synth
   * fails when a feature the stack uses needs a newer one (see `AwsProviderVersion`).
   * @default the bindings' version
   */
  readonly awsProviderVersion?: string;
  /**
   * The permissions boundary, path and tags of every IAM role of the environment, under the
   * cluster's own `roleDefaults` (tags are merged).
   * @default none
   */
  readonly roleDefaults?: RoleSettings;
}

/** The stacks of one environment. */
export interface EnvironmentStacks {
  /** The environment's name. */
  readonly name: string;
  /** `eks-<name>`: the cluster, its network, node groups, add-ons and OIDC provider. */
  readonly clusterStack: ClusterStack;
  /** `workloads-<name>`: the IAM roles and Kubernetes service accounts of the workloads without a `stack`. */
  readonly workloadsStack: WorkloadsStack;
  /** `workloads-<name>-<stack>` for each `stack` the workloads name, by that name (none when no workload names one). */
  readonly workloadStacks: { readonly [stack: string]: WorkloadsStack };
}

/** Props of {@link Platform}. */
export interface PlatformProps {
  /** The configuration: read from a file with `PlatformConfigSource.read`, or written in code. */
  readonly config: PlatformConfig;
  /**
   * The names of the environments to add, for an app that synthesizes only some of them.
   * @default every environment of the configuration
   */
  readonly environments?: readonly string[];
}

/**
 * The whole platform: for each environment of a configuration, a cluster stack `eks-<name>`, a
 * workloads stack `workloads-<name>`, and a stack `workloads-<name>-<stack>` for each `stack` its
 * workloads name, added to `scope` (the app). The Platform is not a construct
 * itself, so the stacks' names and paths are the environment's alone.
 *
 * Before adding anything it checks what no single stack can: environment names are valid and
 * distinct, and a cluster whose workloads use EKS Pod Identity runs the Pod Identity Agent. Every
 * such problem is reported at once (`ValidationErrors`), each at its field (`environments[1].name`).
 */
export class Platform {
  /** The stacks, by environment name. */
  public readonly environments: { readonly [name: string]: EnvironmentStacks };

  constructor(scope: Construct, props: PlatformProps) {
    const { config } = props;
    const problems = platformProblems(config, props.environments, App.of(scope).outdir);
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) throw new ValidationErrors(problems, "the platform configuration");

    const shared: EnvironmentStacksOptions = {
      stateBucket: config.stateBucket,
      stateBucketRegion: config.stateBucketRegion,
      stateKeyPrefix: config.stateKeyPrefix,
      localStateDir: config.localStateDir,
      defaultTags: config.defaultTags,
      awsProviderVersion: config.awsProviderVersion,
      roleDefaults: config.roleDefaults,
    };
    const wanted = props.environments ? new Set(props.environments) : undefined;
    const environments: Record<string, EnvironmentStacks> = {};
    config.environments.forEach((environment, i) => {
      if (wanted && !wanted.has(environment.name)) return;
      environments[environment.name] = withField(`environments[${i}]`, () => Platform.addEnvironment(scope, environment, shared));
    });
    this.environments = environments;
  }

  /**
   * Adds one environment's stacks to `scope`: `eks-<name>` with the cluster, `workloads-<name>` with
   * its workloads that name no `stack`, and `workloads-<name>-<stack>` with those that name one (in
   * the order of the names), each with its own state, all with the default tags
   * `{ ManagedBy: "cdktf-eks-irsa", ...defaultTags, Environment: <name> }`. The cluster gets the Pod
   * Identity Agent when a workload uses EKS Pod Identity. Errors name fields below the environment
   * (`cluster.vpc.cidr`, `workloads[0].roleName`). (On an Auto Mode cluster without node groups the
   * agent is built in.)
   */
  public static addEnvironment(scope: Construct, environment: EnvironmentConfig, options: EnvironmentStacksOptions = {}): EnvironmentStacks {
    const problems = environmentProblems(environment);
    if (problems.length > 0) throw problems[0];
    const backend: StateBackendOptions = {
      stateBucket: options.stateBucket,
      stateBucketRegion: options.stateBucketRegion,
      stateKeyPrefix: options.stateKeyPrefix,
      localStateDir: options.localStateDir,
    };
    const defaultTags = { ...MANAGED_BY_TAG, ...options.defaultTags, Environment: environment.name };
    const podIdentity = podIdentityWorkload(environment) !== undefined;
    // Auto Mode runs the agent itself, unless the cluster has node groups of its own too.
    const autoModeOnly = environment.cluster.autoMode !== undefined && Object.keys(environment.cluster.nodeGroups ?? {}).length === 0;
    let cluster = podIdentity && !autoModeOnly ? { ...environment.cluster, podIdentityAgent: true } : environment.cluster;
    // The platform's role defaults under the cluster's own.
    if (options.roleDefaults !== undefined) cluster = { ...cluster, roleDefaults: mergeRoleSettings(options.roleDefaults, cluster.roleDefaults) };

    const clusterStack = new ClusterStack(scope, `eks-${environment.name}`, {
      ...backend,
      region: environment.region,
      cluster,
      defaultTags,
      awsProviderVersion: options.awsProviderVersion,
    });
    const workloads = (name: string, group?: string) =>
      new WorkloadsStack(scope, name, {
        ...backend,
        region: environment.region,
        cluster: clusterStack.cluster,
        workloads: environment.workloads,
        defaultTags,
        awsProviderVersion: options.awsProviderVersion,
        group,
        // A binding keeps its role's name in whichever stack of the environment it is.
        roleNamePrefix: group === undefined ? undefined : `workloads-${environment.name}`,
      });
    const workloadsStack = workloads(`workloads-${environment.name}`);
    const workloadStacks: Record<string, WorkloadsStack> = {};
    for (const group of workloadStackGroups(environment)) workloadStacks[group] = workloads(`workloads-${environment.name}-${group}`, group);
    return { name: environment.name, clusterStack, workloadsStack, workloadStacks };
  }
}

/** The `stack` names of an environment's workloads, each once, sorted. */
function workloadStackGroups(environment: EnvironmentConfig): string[] {
  return [...new Set(environment.workloads.flatMap((w) => (w.stack === undefined ? [] : [w.stack])))].sort();
}

/** The names of an environment's stacks. */
function stackNames(environment: EnvironmentConfig): string[] {
  return [`eks-${environment.name}`, `workloads-${environment.name}`, ...workloadStackGroups(environment).map((g) => `workloads-${environment.name}-${g}`)];
}

/**
 * What no one workloads stack sees when an environment's workloads are in several: a service
 * account bound in two stacks, a namespace two stacks create, or a service account in a namespace
 * that another stack creates (stacks deploy in parallel, so its namespace might not exist yet).
 */
function acrossStacks(environment: EnvironmentConfig): ValidationError[] {
  const problems: ValidationError[] = [];
  const stackName = (stack?: string) => (stack === undefined ? `workloads-${environment.name}` : `workloads-${environment.name}-${stack}`);
  const bound = new Map<string, { index: number; stack?: string }>();
  const created = new Map<string, { index: number; stack?: string }>();
  environment.workloads.forEach((workload, index) => {
    workload.serviceAccounts.forEach((sa, j) => {
      if (!sa.createNamespace) return;
      const creator = created.get(sa.namespace);
      if (creator === undefined) created.set(sa.namespace, { index, stack: workload.stack });
      else if (creator.stack !== workload.stack) {
        problems.push(
          ValidationError.invalid(
            `workloads[${index}].serviceAccounts[${j}].createNamespace`,
            true,
            `workloads[${creator.index}] creates namespace ${sa.namespace} already, in stack ${stackName(creator.stack)}: one stack creates a namespace, set createNamespace there only`,
          ),
        );
      }
    });
  });
  environment.workloads.forEach((workload, index) => {
    workload.serviceAccounts.forEach((sa, j) => {
      const account = `${sa.namespace}/${sa.name}`;
      const other = bound.get(account);
      if (other === undefined) bound.set(account, { index, stack: workload.stack });
      else if (other.stack !== workload.stack) {
        problems.push(
          ValidationError.invalid(
            `workloads[${index}].serviceAccounts[${j}]`,
            account,
            `workloads[${other.index}] binds it already, in stack ${stackName(other.stack)}: a service account is bound once per cluster, by one role`,
          ),
        );
      }
      const creator = created.get(sa.namespace);
      if (creator !== undefined && creator.stack !== workload.stack && !sa.createNamespace) {
        problems.push(
          ValidationError.invalid(
            `workloads[${index}].serviceAccounts[${j}].namespace`,
            sa.namespace,
            `stack ${stackName(creator.stack)} creates it (workloads[${creator.index}]), and this binding is in stack ${stackName(workload.stack)}, ` +
              "which may deploy first: put the bindings of a namespace that the platform creates into one stack",
          ),
        );
      }
    });
  });
  return problems;
}

/** The first workload (index and mechanism) of an environment that uses EKS Pod Identity. */
function podIdentityWorkload(environment: EnvironmentConfig): { index: number; mechanism: string } | undefined {
  const index = environment.workloads.findIndex((w) => w.mechanism === "podIdentity" || w.mechanism === "both");
  return index === -1 ? undefined : { index, mechanism: environment.workloads[index].mechanism! };
}

/** Runs a check and adds the `ValidationError` it throws, if any, to `problems`. */
function attempt(problems: ValidationError[], check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(error);
  }
}

/** What is wrong with one environment as a whole; fields relative to the environment. */
function environmentProblems(environment: EnvironmentConfig): ValidationError[] {
  const problems: ValidationError[] = [];
  attempt(problems, () => checkRule("name", environment.name, rules.environmentName));
  attempt(problems, () => checkRule("region", environment.region, rules.region));
  problems.push(...acrossStacks(environment));
  const podIdentity = podIdentityWorkload(environment);
  if (podIdentity && environment.cluster.podIdentityAgent === false) {
    problems.push(
      ValidationError.invalid(
        "cluster.podIdentityAgent",
        false,
        `workloads[${podIdentity.index}] uses mechanism "${podIdentity.mechanism}", and EKS Pod Identity needs the eks-pod-identity-agent add-on: leave podIdentityAgent out (it is then installed) or set it to true`,
      ),
    );
  }
  return problems;
}

/**
 * Every problem of the configuration as a whole (state backend, environments, their names, the Pod
 * Identity Agent), with full field paths. The state backend is checked here, once, rather than by
 * each stack, whose errors would carry an environment's path.
 */
function platformProblems(config: PlatformConfig, only: readonly string[] | undefined, outdir: string): ValidationError[] {
  const problems: ValidationError[] = [];
  attempt(problems, () => validateStateBackendOptions(config));
  attempt(problems, () => validateTags("defaultTags", config.defaultTags));
  attempt(problems, () => validateRoleSettings("roleDefaults", config.roleDefaults));
  // Said of the platform's field, which every stack takes.
  if (config.awsProviderVersion !== undefined) attempt(problems, () => checkRule("awsProviderVersion", config.awsProviderVersion, awsProviderVersionRule));
  if (!config.stateBucket) attempt(problems, () => validateLocalStateDir(outdir, config.localStateDir));
  if (config.environments.length === 0) {
    problems.push(ValidationError.invalid("environments", [], "give at least one environment { name, region, cluster, workloads }"));
  }
  const seen = new Map<string, number>();
  const stacks = new Map<string, number>();
  config.environments.forEach((environment, i) => {
    problems.push(...environmentProblems(environment).map((p) => p.under(`environments[${i}]`)));
    for (const stack of stackNames(environment)) {
      const first = stacks.get(stack);
      if (first === undefined) stacks.set(stack, i);
      else if (first !== i && config.environments[first].name !== environment.name) {
        problems.push(
          ValidationError.invalid(
            `environments[${i}]`,
            stack,
            `environments[${first}] has a stack of that name already: rename an environment or a workload's stack`,
          ),
        );
      }
    }
    const first = seen.get(environment.name);
    if (first !== undefined) {
      problems.push(
        ValidationError.invalid(
          `environments[${i}].name`,
          environment.name,
          `environments[${first}] has that name already: each environment names its own stacks`,
        ),
      );
    } else {
      seen.set(environment.name, i);
    }
  });
  for (const name of only ?? []) {
    if (!seen.has(name)) {
      problems.push(ValidationError.invalid("environments", name, `not an environment of the configuration (${[...seen.keys()].join(", ")})`));
    }
  }
  return problems;
}
