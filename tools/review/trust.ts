import { asObject, asString, compare, globMatches, hasWildcard, type JsonObject, sortedUnique } from "./json";
import type { SynthOutput } from "./load";
import { type ClusterFound, clusterLabel, clusterOf, display, displayArn, roleLabel } from "./names";
import { conditionText, readPolicyDocument, type Statement } from "./policy";
import { blockOf, constructPath, refsIn } from "./refs";
import type { AudienceCondition, Mechanism, PodIdentityPin, PodIdentityTrust, RoleTrust, TrustedPrincipal, TrustedSubject } from "./report";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
/** The service principal Fargate assumes a pod execution role as. */
export const FARGATE_PODS_SERVICE = "eks-fargate-pods.amazonaws.com";
/** The `sid` of the kube2iam transitional trust statement. */
export const KUBE2IAM_SID = "Kube2iamMigration";
/** The tag (and its value) a role with kube2iam transitional trust carries. */
export const KUBE2IAM_TAG = { key: "MigrationTrust", value: "kube2iam" } as const;

/** A trusted OIDC provider's cluster, when the output shows it. */
export interface ProviderFound {
  /** The cluster's name, or the provider (shortened) when no cluster was found. */
  readonly label: string;
  /** The stack that defines the cluster, when found. */
  readonly stack?: string;
}

/** A role's trust policy, read. */
export interface TrustRead {
  readonly trust: RoleTrust;
  readonly mechanism: Mechanism;
  readonly kube2iam: boolean;
  /** The OIDC providers its IRSA statements trust, for the stack's infrastructure list. */
  readonly providers: readonly ProviderFound[];
  /** The clusters of the output its Pod Identity pin names, likewise. */
  readonly podIdentityClusters: readonly ClusterFound[];
  /** Whether every `aws:SourceArn` value names a cluster (so an association of another cluster is known not to be trusted). */
  readonly podIdentityPinKnown: boolean;
  /** Whether a statement lets Fargate (`eks-fargate-pods.amazonaws.com`) assume the role: a pod execution role. */
  readonly fargatePods: boolean;
}

/** Whether a condition operator matches patterns (`StringLike`, `ForAnyValue:StringLike`, ...) rather than equal values. */
export function isLike(match: string): boolean {
  return match.includes("Like");
}

/** Whether an IAM pattern or value matches more than one service account under this operator. */
export function isWildcardSubject(match: string, subject: string): boolean {
  return match === "any" || (isLike(match) && hasWildcard(subject));
}

function parseSubject(subject: string): { namespace?: string; serviceAccount?: string } {
  const m = /^system:serviceaccount:([^:]*):(.*)$/.exec(subject);
  return m ? { namespace: m[1], serviceAccount: m[2] } : {};
}

function compareAudiences(a: AudienceCondition, b: AudienceCondition): number {
  return compare(a.match, b.match) || compare(a.values.join("\n"), b.values.join("\n"));
}

/**
 * The identity of a federated principal across base and head: the construct path of the
 * `aws_iam_openid_connect_provider` (resource or data source) it refers to, else the ARN as written.
 */
function providerIdentity(out: SynthOutput, stack: string, principal: string): string {
  const ref = refsIn(out, stack, principal).find((r) => r.type === "aws_iam_openid_connect_provider");
  const body = ref ? blockOf(out, ref) : undefined;
  if (!ref || !body) return displayArn(principal);
  return `${ref.stack}/${constructPath(ref.stack, ref.type, ref.name, body, ref.data)}`;
}

/**
 * The cluster of a web identity statement's federated principal. When the principal is a literal
 * ARN (an existing provider), the `sub` condition's host expression may still lead to the cluster.
 */
function trustedProvider(
  out: SynthOutput,
  stack: string,
  principal: string,
  conditionVariables: readonly string[],
): ProviderFound & { readonly identity: string } {
  // Every role of a stack trusts the same few providers: each is looked up once per output.
  let cache = PROVIDERS.get(out);
  if (!cache) PROVIDERS.set(out, (cache = new Map()));
  const key = [stack, principal, ...conditionVariables].join("\n");
  let found = cache.get(key);
  if (!found) cache.set(key, (found = findProvider(out, stack, principal, conditionVariables)));
  return found;
}

const PROVIDERS = new WeakMap<SynthOutput, Map<string, ProviderFound & { readonly identity: string }>>();

function findProvider(
  out: SynthOutput,
  stack: string,
  principal: string,
  conditionVariables: readonly string[],
): ProviderFound & { readonly identity: string } {
  const identity = providerIdentity(out, stack, principal);
  for (const expression of [principal, ...conditionVariables]) {
    const found = clusterOf(out, refsIn(out, stack, expression));
    if (found) return { label: found.name, stack: found.stack, identity };
  }
  return { label: display(principal), identity };
}

/** A principal as one statement trusts it, before statements that trust the same one are merged. */
interface Grant {
  readonly type: string;
  readonly identifier: string;
  readonly actions: readonly string[];
  readonly conditions: readonly string[];
}

function grantsOf(s: Statement, keep: (type: string, identifier: string) => boolean = () => true): Grant[] {
  const conditions = s.conditions.map(conditionText);
  return s.principals.flatMap((p) =>
    p.identifiers
      .filter((identifier) => keep(p.type, identifier))
      .map((identifier) => ({ type: p.type, identifier: display(identifier), actions: s.actions, conditions })),
  );
}

/** The principals, one entry per type and identifier: the actions of all statements, the conditions all of them ask. */
function mergePrincipals(grants: readonly Grant[]): TrustedPrincipal[] {
  const merged = new Map<string, TrustedPrincipal>();
  for (const g of grants) {
    const id = `${g.type}\n${g.identifier}`;
    const seen = merged.get(id);
    merged.set(id, {
      type: g.type,
      identifier: g.identifier,
      actions: sortedUnique([...(seen?.actions ?? []), ...g.actions]),
      conditions: sortedUnique(seen ? seen.conditions.filter((c) => g.conditions.includes(c)) : g.conditions),
    });
  }
  return [...merged.values()].sort((a, b) => compare(a.type, b.type) || compare(a.identifier, b.identifier));
}

/** Any one of several statements lets a subject in: no `aud` condition as soon as one has none, else all of them. */
function mergeAudiences(a: readonly AudienceCondition[], b: readonly AudienceCondition[]): AudienceCondition[] {
  if (a.length === 0 || b.length === 0) return [];
  const unique = new Map([...a, ...b].map((c) => [`${c.match}\n${c.values.join("\n")}`, c]));
  return [...unique.values()].sort(compareAudiences);
}

/** The subjects of one web identity statement; other principals of it go to `others`. */
function webIdentitySubjects(out: SynthOutput, stack: string, s: Statement, providers: ProviderFound[], others: Grant[]): TrustedSubject[] {
  const subjects: TrustedSubject[] = [];
  const variables = s.conditions.map((c) => c.variable);
  const subs = s.conditions.filter((c) => c.variable.endsWith(":sub"));
  const audiences = s.conditions
    .filter((c) => c.variable.endsWith(":aud"))
    .map((c): AudienceCondition => ({ match: c.test, values: sortedUnique(c.values) }))
    .sort(compareAudiences);
  for (const principal of s.principals) {
    if (principal.type !== "Federated") {
      others.push(...grantsOf({ ...s, principals: [principal] }));
      continue;
    }
    for (const identifier of principal.identifiers) {
      const found = trustedProvider(out, stack, identifier, variables);
      providers.push(found);
      const base = { cluster: found.label, provider: found.identity, audiences };
      if (subs.length === 0) subjects.push({ ...base, match: "any", subject: "*", namespace: "*", serviceAccount: "*", wildcard: true });
      for (const c of subs) {
        for (const subject of c.values) {
          subjects.push({ ...base, match: c.test, subject, ...parseSubject(subject), wildcard: isWildcardSubject(c.test, subject) });
        }
      }
    }
  }
  return subjects;
}

/** One row per provider, operator and subject, however many statements repeat it. */
function mergeSubjects(subjects: readonly TrustedSubject[]): TrustedSubject[] {
  const unique = new Map<string, TrustedSubject>();
  for (const t of subjects) {
    const id = `${t.provider}\n${t.match}\n${t.subject}`;
    const seen = unique.get(id);
    unique.set(id, seen ? { ...t, audiences: mergeAudiences(seen.audiences, t.audiences) } : t);
  }
  return [...unique.values()].sort(
    (a, b) => compare(a.cluster, b.cluster) || compare(a.subject, b.subject) || compare(a.match, b.match) || compare(a.provider, b.provider),
  );
}

function isPodIdentityPrincipal(type: string, identifier: string): boolean {
  return type === "Service" && identifier.toLowerCase() === POD_IDENTITY_SERVICE;
}

/** The pin a statement's conditions make on a key (case-insensitive, as IAM reads condition keys), whatever the operator. */
function pinOf(s: Statement, keys: readonly string[]): PodIdentityPin | undefined {
  const conditions = s.conditions.filter((c) => keys.includes(c.variable.toLowerCase()));
  if (conditions.length === 0) return undefined;
  return { matches: sortedUnique(conditions.map((c) => c.test)), values: sortedUnique(conditions.flatMap((c) => c.values).map(displayArn)) };
}

/** A pin over several statements: only when each has it, then all their operators and values. */
function mergePins(pins: readonly (PodIdentityPin | undefined)[]): PodIdentityPin | undefined {
  if (pins.length === 0 || pins.some((p) => p === undefined)) return undefined;
  return { matches: sortedUnique(pins.flatMap((p) => p!.matches)), values: sortedUnique(pins.flatMap((p) => p!.values)) };
}

/**
 * The keys that pin Pod Identity trust to clusters: `aws:SourceArn`, and the session tag
 * `aws:RequestTag/eks-cluster-arn` that EKS sets (what this project's trust policies use, following
 * the EKS User Guide). Lower case, as IAM compares condition keys.
 */
const CLUSTER_PIN_KEYS = ["aws:sourcearn", "aws:requesttag/eks-cluster-arn"];
const SOURCE_ACCOUNT_KEYS = ["aws:sourceaccount"];
/** The session tags that pin Pod Identity trust to service accounts, lower case. */
export const NAMESPACE_TAG_KEY = "aws:requesttag/kubernetes-namespace";
export const SERVICE_ACCOUNT_TAG_KEY = "aws:requesttag/kubernetes-service-account";

/**
 * The `<namespace>/<name>` pairs Pod Identity statements admit: per statement, every pair of the
 * values of its namespace and service account conditions. Undefined when a statement has neither
 * (any service account); a statement with one of them admits any value of the other (`*`).
 */
function admittedServiceAccounts(statements: readonly Statement[]): string[] | undefined {
  const pairs: string[] = [];
  for (const s of statements) {
    const values = (key: string) => {
      const found = s.conditions.filter((c) => c.variable.toLowerCase() === key);
      return found.length === 0 ? undefined : found.flatMap((c) => c.values);
    };
    const namespaces = values(NAMESPACE_TAG_KEY);
    const names = values(SERVICE_ACCOUNT_TAG_KEY);
    if (namespaces === undefined && names === undefined) return undefined;
    for (const namespace of namespaces ?? ["*"]) for (const name of names ?? ["*"]) pairs.push(`${displayArn(namespace)}/${displayArn(name)}`);
  }
  return sortedUnique(pairs);
}

/** The Pod Identity trust of the statements that trust `pods.eks.amazonaws.com`, and the clusters of the output its pin names. */
function podIdentityTrust(
  out: SynthOutput,
  stack: string,
  statements: readonly Statement[],
  clusters: ClusterFound[],
): { trust?: PodIdentityTrust; known: boolean } {
  if (statements.length === 0) return { known: false };
  const sourceArn = mergePins(statements.map((s) => pinOf(s, CLUSTER_PIN_KEYS)));
  const sourceAccount = mergePins(statements.map((s) => pinOf(s, SOURCE_ACCOUNT_KEYS)));
  const labels: string[] = [];
  let known = true;
  if (sourceArn) {
    const raw = statements.flatMap((s) => s.conditions.filter((c) => CLUSTER_PIN_KEYS.includes(c.variable.toLowerCase())).flatMap((c) => c.values));
    for (const value of raw) {
      const { label, found, named } = clusterLabel(out, stack, value);
      labels.push(label);
      if (found) clusters.push(found);
      known &&= named;
    }
  }
  const pinned = new Set([...CLUSTER_PIN_KEYS, ...SOURCE_ACCOUNT_KEYS]);
  const serviceAccounts = admittedServiceAccounts(statements);
  const others = statements.map((s) => sortedUnique(s.conditions.filter((c) => !pinned.has(c.variable.toLowerCase())).map(conditionText)));
  const trust: PodIdentityTrust = {
    actions: sortedUnique(statements.flatMap((s) => s.actions)),
    ...(sourceArn ? { sourceArn } : {}),
    ...(sourceAccount ? { sourceAccount } : {}),
    clusters: sortedUnique(labels),
    conditions: others.reduce((all, c) => all.filter((x) => c.includes(x))),
    ...(serviceAccounts !== undefined ? { serviceAccounts } : {}),
  };
  return { trust, known };
}

/** Whether a role carries the kube2iam migration tag. */
function hasKube2iamTag(role: JsonObject): boolean {
  return asString(asObject(role.tags)?.[KUBE2IAM_TAG.key]) === KUBE2IAM_TAG.value;
}

function isKube2iamStatement(s: Statement, tagged: boolean): boolean {
  if (s.sid === KUBE2IAM_SID) return true;
  return tagged && s.principals.length > 0 && s.principals.every((p) => p.type === "AWS") && s.actions.every((a) => globMatches(a, "sts:AssumeRole", true));
}

function mechanismOf(irsa: boolean, podIdentity: boolean): Mechanism {
  return irsa ? (podIdentity ? "both" : "irsa") : podIdentity ? "podIdentity" : "none";
}

/**
 * Reads a role's trust policy: its IRSA subjects (web identity statements), its Pod Identity trust
 * (statements trusting `pods.eks.amazonaws.com`), its kube2iam node roles and its other principals.
 * A policy that cannot be read is reported as such; its mechanism is then guessed from its text.
 */
export function readTrust(out: SynthOutput, stack: string, role: JsonObject): TrustRead {
  const policy = asString(role.assume_role_policy);
  const document = readPolicyDocument(out, stack, policy);
  const tagged = hasKube2iamTag(role);
  if (document.unreadable !== undefined) {
    const text = policy ?? "";
    const podIdentity = text.includes(POD_IDENTITY_SERVICE);
    return {
      trust: { irsa: [], kube2iamNodeRoles: [], principals: [], unreadable: document.unreadable },
      mechanism: mechanismOf(text.includes("AssumeRoleWithWebIdentity"), podIdentity),
      kube2iam: tagged || text.includes(KUBE2IAM_SID),
      providers: [],
      podIdentityClusters: [],
      podIdentityPinKnown: false,
      fargatePods: text.includes(FARGATE_PODS_SERVICE),
    };
  }
  const providers: ProviderFound[] = [];
  const podIdentityClusters: ClusterFound[] = [];
  const subjects: TrustedSubject[] = [];
  const others: Grant[] = [];
  const podIdentityStatements: Statement[] = [];
  const nodeRoles: string[] = [];
  let webIdentity = false;
  for (const s of document.statements.filter((s) => s.effect === "Allow")) {
    if (s.actions.some((a) => globMatches(a, WEB_IDENTITY, true))) {
      webIdentity = true;
      subjects.push(...webIdentitySubjects(out, stack, s, providers, others));
    } else if (s.principals.some((p) => p.identifiers.some((id) => isPodIdentityPrincipal(p.type, id)))) {
      podIdentityStatements.push(s);
      others.push(...grantsOf(s, (type, id) => !isPodIdentityPrincipal(type, id)));
    } else if (isKube2iamStatement(s, tagged)) {
      for (const p of s.principals) {
        if (p.type === "AWS") nodeRoles.push(...p.identifiers.map((id) => roleLabel(out, stack, id)));
        else others.push(...grantsOf({ ...s, principals: [p] }));
      }
    } else {
      others.push(...grantsOf(s));
    }
  }
  const { trust: podIdentity, known } = podIdentityTrust(out, stack, podIdentityStatements, podIdentityClusters);
  return {
    trust: {
      irsa: mergeSubjects(subjects),
      ...(podIdentity ? { podIdentity } : {}),
      kube2iamNodeRoles: sortedUnique(nodeRoles),
      principals: mergePrincipals(others),
    },
    mechanism: mechanismOf(webIdentity, podIdentity !== undefined),
    kube2iam: nodeRoles.length > 0,
    providers,
    podIdentityClusters,
    podIdentityPinKnown: known,
    fargatePods: document.statements.some(
      (s) => s.effect === "Allow" && s.principals.some((p) => p.type === "Service" && p.identifiers.some((id) => id.toLowerCase() === FARGATE_PODS_SERVICE)),
    ),
  };
}
