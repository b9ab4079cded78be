import { Construct } from "constructs";
import { claimsOfKind } from "../../core/claims";
import { ValidationError } from "../../core/errors";
import { isToken } from "../../core/naming";
import type { ServiceAccountSubject } from "../../iam/trust-policy";
import { overlapExample, patternsOverlap } from "../../iam/wildcards";
import type { IOidcProvider } from "../oidc-provider";
import type { IWorkloadCluster } from "../workload-cluster";

/**
 * Each service account of a cluster is reachable by one role: no two roles of an app trust
 * service accounts (exact names, or `StringLike` patterns of them) that one service account of the
 * same cluster matches, whichever construct made the roles (`WorkloadsStack`, `addServiceAccount`,
 * `WorkloadIdentity`, `WorkloadRole`, the cluster's add-on and vpc-cni roles) and in whichever stack.
 * The pods of a service account that two roles trust could assume both: through IRSA with their
 * token, through Pod Identity with the association, each role's permissions.
 *
 * A cluster is known by its ARN (the same reference in every stack of the app, or the same literal
 * ARN), and, for IRSA, by each OIDC provider's ARN (a role may trust further clusters' providers):
 * two roles are compared where they share one. Two lookups of one cluster by name are two
 * references, not compared.
 */

/** One service account (or pattern) that a role binds. */
interface Bound {
  readonly namespace: string;
  readonly name: string;
  /** The path of the role that binds it. */
  readonly rolePath: string;
  /** The binding, for messages: `the binding at workloads-dev/apps_reader`. */
  readonly binding: string;
}

/** What one cluster's service accounts are bound to: exact names by `<namespace>/<name>`, patterns apart. */
interface ClusterBindings {
  readonly label: string;
  readonly exact: Map<string, Bound>;
  readonly patterns: Bound[];
}

const KIND = "bound service accounts";

/** A service account of a role, with the field it came from. */
export interface BoundSubject extends ServiceAccountSubject {
  /** Where it is in the role's props: `serviceAccounts[2]`. */
  readonly field: string;
}

/** What a role trusts: the cluster (any mechanism) and the OIDC providers (IRSA). */
export interface BindingScope {
  readonly cluster?: IWorkloadCluster;
  readonly providers: readonly IOidcProvider[];
}

function isWildcard(sa: ServiceAccountSubject): boolean {
  return /[*?]/.test(sa.namespace) || /[*?]/.test(sa.name);
}

function matches(a: ServiceAccountSubject, b: ServiceAccountSubject): boolean {
  return patternsOverlap(a.namespace, b.namespace) && patternsOverlap(a.name, b.name);
}

/** How a message names a cluster or provider: by its literal name or ARN, else by where it is in the app. */
function labelOf(thing: object, literal: string, what: string): string {
  if (!isToken(literal)) return `${what} ${literal}`;
  return Construct.isConstruct(thing) ? `the ${what} at ${thing.node.path}` : `a ${what} known at apply time`;
}

/** The keys a role is compared under, each with how a message names it. */
function keysOf(scope: BindingScope): Map<string, string> {
  const keys = new Map<string, string>();
  const cluster = scope.cluster;
  if (cluster) {
    const label = labelOf(cluster, cluster.clusterName, "cluster");
    keys.set(`cluster ${cluster.arn}`, label);
    if (cluster.oidcProvider) keys.set(`provider ${cluster.oidcProvider.arn}`, label);
  }
  for (const provider of scope.providers) {
    if (!keys.has(`provider ${provider.arn}`)) keys.set(`provider ${provider.arn}`, labelOf(provider, provider.arn, "cluster of OIDC provider"));
  }
  return keys;
}

/** The binding a role belongs to, for messages: its parent when it is a binding's `role`. */
function bindingOf(role: Construct): string {
  const parent = role.node.scope;
  return role.node.id === "role" && parent && parent.node.path !== "" ? `the binding at ${parent.node.path}` : `the role at ${role.node.path}`;
}

/**
 * Claims the service accounts a role binds in its clusters. Fails, naming both bindings and a
 * service account both match, when another role of the app already binds one that these match.
 * Subjects whose namespace or name is only known at apply time are not compared.
 */
export function claimBoundServiceAccounts(role: Construct, scope: BindingScope, subjects: readonly BoundSubject[]): void {
  const keys = keysOf(scope);
  if (keys.size === 0) return;
  const all = claimsOfKind<ClusterBindings>(role, KIND, "app") as Map<string, { path: string; what: string; data: ClusterBindings }>;
  const clusters = [...keys].map(([key, label]) => {
    let entry = all.get(key);
    if (!entry) {
      entry = { path: role.node.path, what: label, data: { label, exact: new Map(), patterns: [] } };
      all.set(key, entry);
    }
    return entry.data;
  });
  const compared = subjects.filter((sa) => !isToken(sa.namespace) && !isToken(sa.name));
  for (const sa of compared) {
    for (const cluster of clusters) {
      const other = conflictOf(cluster, sa, role.node.path);
      if (other) throw overlapError(role, sa, other, cluster.label);
    }
  }
  const binding = bindingOf(role);
  for (const sa of compared) {
    const bound: Bound = { namespace: sa.namespace, name: sa.name, rolePath: role.node.path, binding };
    for (const cluster of clusters) {
      if (isWildcard(sa)) cluster.patterns.push(bound);
      else cluster.exact.set(`${sa.namespace}/${sa.name}`, bound);
    }
  }
}

/** The first service account another role binds in the cluster that `sa` matches too. */
function conflictOf(cluster: ClusterBindings, sa: ServiceAccountSubject, rolePath: string): Bound | undefined {
  const other = (b: Bound | undefined) => (b !== undefined && b.rolePath !== rolePath ? b : undefined);
  if (!isWildcard(sa)) {
    const exact = other(cluster.exact.get(`${sa.namespace}/${sa.name}`));
    if (exact) return exact;
    return cluster.patterns.find((p) => p.rolePath !== rolePath && matches(p, sa));
  }
  for (const bound of cluster.exact.values()) if (bound.rolePath !== rolePath && matches(sa, bound)) return bound;
  return cluster.patterns.find((p) => p.rolePath !== rolePath && matches(p, sa));
}

function overlapError(role: Construct, sa: BoundSubject, other: Bound, cluster: string): ValidationError {
  const example = `${overlapExample(sa.namespace, other.namespace)}/${overlapExample(sa.name, other.name)}`;
  const given = `${sa.namespace}/${sa.name}`;
  const theirs = `${other.namespace}/${other.name}`;
  const both =
    given === theirs && !isWildcard(sa)
      ? `${other.binding} already binds it in ${cluster}`
      : `${other.binding} already binds ${theirs} in ${cluster}, and both match ${example}`;
  return ValidationError.invalid(
    sa.field,
    given,
    `${both}: the pods of ${example} could assume both roles (${other.rolePath} and ${role.node.path}); ` +
      "a service account is bound by one role per cluster: bind it in one place, or narrow the pattern",
  );
}
