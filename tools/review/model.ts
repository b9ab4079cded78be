import { asList, asObject, asString, asStrings, compare, globMatches, JsonObject, shortExpression, sortedUnique } from "./json";
import type { SynthOutput } from "./load";
import { code } from "./md";
import { conditionText, PolicyDocument, readPolicyDocument, Statement } from "./policy";
import { blockOf, constructPath, isLiteral, Ref, refsIn } from "./refs";

/** The annotation of a Kubernetes service account that names the IAM role its pods assume. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
const SERVICE_ACCOUNT_TYPES = ["kubernetes_service_account_v1", "kubernetes_service_account"];

/** An `aud` condition of a web identity trust statement. */
export interface AudienceCondition {
  /** The condition operator (`StringEquals`, `StringLike`, ...). */
  readonly match: string;
  /** The audiences it accepts, such as `sts.amazonaws.com`. */
  readonly values: readonly string[];
}

/** One `sub` value a role's trust policy accepts, from one cluster. */
export interface TrustedSubject {
  /** The trusted cluster's name, or the OIDC provider (ARN or shortened expression) when no cluster could be found. */
  readonly cluster: string;
  /**
   * The trusted OIDC provider (the federated principal): `<stack>/<construct path>` of its
   * `aws_iam_openid_connect_provider` when the output has it, else its ARN or shortened expression.
   */
  readonly provider: string;
  /** The condition operator (`StringEquals`, `StringLike`, ...), or `any` when no `sub` condition restricts the subject. */
  readonly match: string;
  /** The `sub` value, such as `system:serviceaccount:orders:orders-api`. */
  readonly subject: string;
  /** The namespace, when the subject is `system:serviceaccount:<namespace>:<name>`. */
  readonly namespace?: string;
  /** The service account's name, likewise. */
  readonly serviceAccount?: string;
  /**
   * The `aud` conditions of the subject's trust statement, sorted; within one statement all of
   * them must hold. When several statements of the role trust the same subject, any one of them
   * lets it in, so this is merged (see `mergeAudiences`). Empty when no `aud` condition restricts
   * the audience.
   */
  readonly audiences: readonly AudienceCondition[];
}

/** A principal a trust policy lets assume the role other than through an OIDC provider's web identity: a service, an account, ... */
export interface TrustedPrincipal {
  /** `AWS`, `Service`, `Federated`, `*`, or `NOT <type>` for NotPrincipal. */
  readonly type: string;
  /** The principal, shortened when it is an expression. */
  readonly identifier: string;
  /** The actions it is allowed, such as `sts:AssumeRole`, sorted. */
  readonly actions: readonly string[];
  /** The conditions every statement that trusts it asks for (`conditionText`), sorted. */
  readonly conditions: readonly string[];
}

/** A policy that grants a role permissions. */
export interface Policy {
  /** `managed`: attached by ARN, its content is not in the output; `customer`: an `aws_iam_policy` of the output; `inline`: `aws_iam_role_policy`. */
  readonly kind: "managed" | "customer" | "inline";
  /** The ARN (managed), or the policy's name. */
  readonly name: string;
  /** The statements (customer and inline policies). */
  readonly document?: PolicyDocument;
}

/** What hands a role to pods: a Kubernetes service account annotated with it, or an EKS add-on. */
export interface Carrier {
  /** The identity across base and head: `<stack>/<construct path>`. */
  readonly key: string;
  readonly stack: string;
  /** The construct path, without the stack's name. */
  readonly path: string;
  readonly kind: "service account" | "add-on";
  /** `<namespace>/<name>` of a service account, the add-on's name of an add-on. */
  readonly label: string;
  /** Whether the role's trust policy accepts this service account; undefined when that cannot be told. */
  readonly trusted?: boolean;
  /** The identity (`<stack>/<construct path>`) of the role the carrier names, when that role is in the output, IRSA role or not. */
  readonly roleKey?: string;
  /** The role the carrier names, as written (shortened), for carriers whose role is not in the output. */
  readonly roleExpression: string;
}

/** An IRSA role: who may assume it, with what permissions, and what carries it. */
export interface RoleAccess {
  /** The identity across base and head: `<stack>/<construct path>`. */
  readonly key: string;
  readonly stack: string;
  /** The construct path, without the stack's name. */
  readonly path: string;
  /** The role's name, or a shortened expression, or its construct path when it has no name. */
  readonly name: string;
  readonly trust: readonly TrustedSubject[];
  /** The principals it trusts other than service accounts through an OIDC provider, by type and identifier. */
  readonly principals: readonly TrustedPrincipal[];
  /** Other facts of the trust policy that widen it, in Markdown: an unpinned audience, an unreadable policy. */
  readonly trustNotes: readonly string[];
  readonly policies: readonly Policy[];
  readonly permissionsBoundary?: string;
  readonly carriers: readonly Carrier[];
}

/** A cluster or OIDC provider a stack defines, looks up, or whose providers its roles trust. */
export interface InfrastructureItem {
  /** `cluster`, `OIDC provider` or `OIDC provider of cluster`. */
  readonly kind: string;
  /** The cluster's name, or the provider's label. */
  readonly name: string;
  /** Where it comes from, in Markdown. */
  readonly detail: string;
}

/** The IRSA access of one stack. */
export interface StackAccess {
  readonly name: string;
  readonly infrastructure: readonly InfrastructureItem[];
  readonly roles: readonly RoleAccess[];
  /**
   * The stack's other IAM roles: no `sts:AssumeRoleWithWebIdentity` statement in their trust
   * policy. Not part of the report, but a role of the base that loses its web identity trust is
   * diffed against its entry here, and the report shows it then.
   */
  readonly otherRoles: readonly RoleAccess[];
  /** Carriers in this stack whose role is not an IRSA role of the output. */
  readonly strayCarriers: readonly Carrier[];
}

/** The IRSA access of a whole cdktf.out. */
export interface AccessReport {
  readonly stacks: readonly StackAccess[];
}

type Blocks = [string, JsonObject][];

/** The blocks of one type of a stack, as [logical id, body], in logical id order. */
function blocks(out: SynthOutput, stack: string, type: string, data = false): Blocks {
  const byName = asObject(asObject(out.stacks.get(stack)?.[data ? "data" : "resource"])?.[type]) ?? {};
  return Object.keys(byName)
    .sort(compare)
    .map((name): [string, JsonObject] => [name, asObject(byName[name]) ?? {}]);
}

/** A value for display: literal as is, an expression shortened. */
function display(value: string): string {
  return isLiteral(value) ? value : shortExpression(value);
}

/** An ARN for display: the partition data source becomes `<partition>`. */
export function displayArn(arn: string): string {
  return display(arn.replace(/\$\{data\.aws_partition\.[\w-]+\.partition\}/g, "<partition>"));
}

interface ClusterFound {
  readonly name: string;
  readonly stack: string;
  readonly lookedUp: boolean;
}

/** The cluster behind references: an `aws_eks_cluster`, or an OIDC provider whose `url` is a cluster's issuer. */
function clusterOf(out: SynthOutput, refs: readonly Ref[], depth = 0): ClusterFound | undefined {
  for (const ref of refs) {
    const body = blockOf(out, ref);
    if (!body) continue;
    if (ref.type === "aws_eks_cluster") {
      return { name: display(asString(body.name) ?? ref.name), stack: ref.stack, lookedUp: ref.data };
    }
    const url = asString(body.url);
    if (ref.type === "aws_iam_openid_connect_provider" && url !== undefined && depth < 4) {
      const found = clusterOf(out, refsIn(out, ref.stack, url), depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** A trusted OIDC provider, named after its cluster when the output shows which one. */
interface ProviderFound {
  readonly label: string;
  /** The stack that defines the cluster, when found. */
  readonly stack?: string;
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
 * Names the cluster of a trust statement's federated principal. When the principal is a literal
 * ARN (an existing provider), the `sub` condition's host expression may still lead to the cluster.
 */
function trustedProvider(out: SynthOutput, stack: string, principal: string, conditionVariables: readonly string[]): ProviderFound {
  for (const expression of [principal, ...conditionVariables]) {
    const found = clusterOf(out, refsIn(out, stack, expression));
    if (found) return { label: found.name, stack: found.stack };
  }
  return { label: display(principal) };
}

function parseSubject(subject: string): { namespace?: string; serviceAccount?: string } {
  const m = /^system:serviceaccount:([^:]*):(.*)$/.exec(subject);
  return m ? { namespace: m[1], serviceAccount: m[2] } : {};
}

function isWebIdentity(s: Statement): boolean {
  return s.actions.some((a) => globMatches(a, WEB_IDENTITY, true));
}

/** The note of a web identity statement without an `aud` condition. */
export function audienceNote(cluster: string): string {
  return `audience not pinned for cluster \`${cluster}\`: tokens minted for any audience are accepted`;
}

/** A principal as trusted by one statement, before statements that trust the same one are merged. */
interface PrincipalGrant {
  readonly type: string;
  readonly identifier: string;
  readonly actions: readonly string[];
  readonly conditions: readonly string[];
}

interface Trust {
  readonly subjects: TrustedSubject[];
  readonly notes: string[];
  readonly providers: ProviderFound[];
  readonly principals: PrincipalGrant[];
  /** Whether the policy has an Allow `sts:AssumeRoleWithWebIdentity` statement (or, unreadable, mentions one): an IRSA role. */
  webIdentity: boolean;
}

/** The principals of a statement as trust entries, one per type and identifier. */
function principalGrants(s: Statement): PrincipalGrant[] {
  const conditions = s.conditions.map(conditionText);
  return s.principals.flatMap((p) => p.identifiers.map((identifier) => ({ type: p.type, identifier: display(identifier), actions: s.actions, conditions })));
}

/** The subjects and notes of one web identity statement. */
function webIdentityTrust(out: SynthOutput, stack: string, s: Statement, trust: Trust): void {
  const variables = s.conditions.map((c) => c.variable);
  const subs = s.conditions.filter((c) => c.variable.endsWith(":sub"));
  const audiences = s.conditions
    .filter((c) => c.variable.endsWith(":aud"))
    .map((c): AudienceCondition => ({ match: c.test, values: sortedUnique(c.values) }))
    .sort(compareAudiences);
  for (const principal of s.principals) {
    if (principal.type !== "Federated") {
      trust.principals.push(...principalGrants({ ...s, principals: [principal] }));
      continue;
    }
    for (const identifier of principal.identifiers) {
      const found = trustedProvider(out, stack, identifier, variables);
      const provider = providerIdentity(out, stack, identifier);
      trust.providers.push(found);
      const cluster = found.label;
      if (subs.length === 0) {
        trust.subjects.push({ cluster, provider, match: "any", subject: "*", namespace: "*", serviceAccount: "*", audiences });
      }
      for (const c of subs) {
        for (const subject of c.values) trust.subjects.push({ cluster, provider, match: c.test, subject, ...parseSubject(subject), audiences });
      }
      if (audiences.length === 0) trust.notes.push(audienceNote(cluster));
    }
  }
}

/** Reads a role's trust policy: its web identity subjects, its other principals, and what cannot be read. */
function readTrust(out: SynthOutput, stack: string, role: JsonObject): Trust {
  const policy = asString(role.assume_role_policy);
  const document = readPolicyDocument(out, stack, policy);
  const trust: Trust = { subjects: [], notes: [], providers: [], principals: [], webIdentity: false };
  if (document.unreadable !== undefined) {
    trust.webIdentity = policy?.includes("AssumeRoleWithWebIdentity") ?? false;
    trust.notes.push(`trust policy cannot be read here (${code(document.unreadable)}): review it by hand`);
    return trust;
  }
  for (const s of document.statements.filter((s) => s.effect === "Allow")) {
    if (isWebIdentity(s)) {
      trust.webIdentity = true;
      webIdentityTrust(out, stack, s, trust);
    } else {
      trust.principals.push(...principalGrants(s));
    }
  }
  return trust;
}

function compareAudiences(a: AudienceCondition, b: AudienceCondition): number {
  return compare(a.match, b.match) || compare(a.values.join("\n"), b.values.join("\n"));
}

/** A role being collected: its facts, and the lists the attachments and carriers add to. */
interface RoleBuilder {
  readonly logicalId: string;
  readonly stack: string;
  readonly path: string;
  readonly literalName?: string;
  readonly name: string;
  readonly trust: Trust;
  readonly policies: Policy[];
  readonly permissionsBoundary?: string;
  readonly carriers: Carrier[];
}

/** Roles by `<stack> <logical id>`. */
type RoleIndex = Map<string, RoleBuilder>;

function roleKey(stack: string, logicalId: string): string {
  return `${stack} ${logicalId}`;
}

/**
 * The role an attribute names: a reference to an `aws_iam_role` (also across stacks), or a
 * literal role name or ARN, matched by name (first in the same stack, else anywhere if unique;
 * IRSA roles before the others).
 */
function roleNamed(out: SynthOutput, roles: RoleIndex, stack: string, value: string): RoleBuilder | undefined {
  const ref = refsIn(out, stack, value).find((r) => r.type === "aws_iam_role" && !r.data);
  if (ref) return roles.get(roleKey(ref.stack, ref.name));
  if (!isLiteral(value)) return undefined;
  const name = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(value)?.[1] ?? value;
  const candidates = [...roles.values()].filter((r) => r.literalName === name);
  // IRSA roles first: the other roles are in the index only to diff a role that lost its web identity trust.
  const irsa = candidates.filter((r) => r.trust.webIdentity);
  const inStack = (list: RoleBuilder[]) => list.find((r) => r.stack === stack);
  const only = (list: RoleBuilder[]) => (list.length === 1 ? list[0] : undefined);
  return inStack(irsa) ?? only(irsa) ?? inStack(candidates) ?? only(candidates);
}

/** A policy attached by ARN: an `aws_iam_policy` of the output is read, anything else is a managed policy. */
function attachedPolicy(out: SynthOutput, stack: string, arn: string): Policy {
  const ref = refsIn(out, stack, arn).find((r) => r.type === "aws_iam_policy" && !r.data);
  const body = ref ? blockOf(out, ref) : undefined;
  if (!ref || !body) return { kind: "managed", name: displayArn(arn) };
  const name = asString(body.name);
  return {
    kind: "customer",
    name: name !== undefined ? display(name) : constructPath(ref.stack, ref.type, ref.name, body),
    document: readPolicyDocument(out, ref.stack, asString(body.policy)),
  };
}

function collectRoles(out: SynthOutput): RoleIndex {
  const roles: RoleIndex = new Map();
  for (const stack of out.stacks.keys()) {
    for (const [logicalId, body] of blocks(out, stack, "aws_iam_role")) {
      const trust = readTrust(out, stack, body);
      const path = constructPath(stack, "aws_iam_role", logicalId, body);
      const name = asString(body.name);
      const boundary = asString(body.permissions_boundary);
      const role: RoleBuilder = {
        logicalId,
        stack,
        path,
        literalName: name !== undefined && isLiteral(name) ? name : undefined,
        name: name !== undefined ? display(name) : path,
        trust,
        policies: [],
        permissionsBoundary: boundary !== undefined ? attachedPolicy(out, stack, boundary).name : undefined,
        carriers: [],
      };
      // The role's own (deprecated) inline_policy blocks and managed_policy_arns.
      for (const inline of asList(body.inline_policy)) {
        const p = asObject(inline) ?? {};
        const policyName = asString(p.name) ?? "(unnamed)";
        role.policies.push({ kind: "inline", name: display(policyName), document: readPolicyDocument(out, stack, asString(p.policy)) });
      }
      for (const arn of asStrings(body.managed_policy_arns)) role.policies.push(attachedPolicy(out, stack, arn));
      roles.set(roleKey(stack, logicalId), role);
    }
  }
  return roles;
}

function collectPolicies(out: SynthOutput, roles: RoleIndex): void {
  for (const stack of out.stacks.keys()) {
    for (const [, body] of blocks(out, stack, "aws_iam_role_policy_attachment")) {
      const role = roleNamed(out, roles, stack, asString(body.role) ?? "");
      const arn = asString(body.policy_arn);
      if (role && arn !== undefined) role.policies.push(attachedPolicy(out, stack, arn));
    }
    for (const [, body] of blocks(out, stack, "aws_iam_policy_attachment")) {
      const arn = asString(body.policy_arn);
      for (const name of asStrings(body.roles)) {
        const role = roleNamed(out, roles, stack, name);
        if (role && arn !== undefined) role.policies.push(attachedPolicy(out, stack, arn));
      }
    }
    for (const [logicalId, body] of blocks(out, stack, "aws_iam_role_policy")) {
      const role = roleNamed(out, roles, stack, asString(body.role) ?? "");
      if (!role) continue;
      const name = asString(body.name);
      role.policies.push({
        kind: "inline",
        name: name !== undefined ? display(name) : constructPath(stack, "aws_iam_role_policy", logicalId, body),
        document: readPolicyDocument(out, stack, asString(body.policy)),
      });
    }
  }
}

/** The namespace of a service account: literal, or the name of the `kubernetes_namespace(_v1)` it refers to. */
function namespaceOf(out: SynthOutput, stack: string, value: string | undefined): string {
  if (value === undefined) return "default";
  if (isLiteral(value)) return value;
  const ref = refsIn(out, stack, value).find((r) => r.type.startsWith("kubernetes_namespace"));
  const metadata = ref ? metadataOf(blockOf(out, ref)) : undefined;
  const name = asString(metadata?.name);
  return name !== undefined && isLiteral(name) ? name : display(value);
}

/** The `metadata` block, written as an object or a one-element list. */
function metadataOf(body: JsonObject | undefined): JsonObject | undefined {
  return asObject(body?.metadata) ?? asObject(asList(body?.metadata)[0]);
}

/** Whether a role's trust accepts a service account; undefined when the name is not literal. */
function isTrusted(trust: readonly TrustedSubject[], namespace: string, name: string): boolean | undefined {
  if (!isLiteral(namespace) || !isLiteral(name)) return undefined;
  const subject = `system:serviceaccount:${namespace}:${name}`;
  return trust.some(
    (t) =>
      t.match === "any" ||
      (t.match.includes("Like") ? globMatches(t.subject, subject) : t.match.includes("Equals") ? t.subject === subject : true),
  );
}

function collectCarriers(out: SynthOutput, roles: RoleIndex): Carrier[] {
  const stray: Carrier[] = [];
  const attach = (stack: string, roleArn: string, carrier: (role: RoleBuilder | undefined) => Carrier) => {
    const role = roleNamed(out, roles, stack, roleArn);
    const made = carrier(role);
    // A role without web identity trust keeps its carriers (shown if it was an IRSA role of the
    // base), but they are listed with the carriers of roles that are no IRSA role of the output.
    if (role) role.carriers.push(made);
    if (!role?.trust.webIdentity) stray.push(made);
  };
  for (const stack of out.stacks.keys()) {
    for (const type of SERVICE_ACCOUNT_TYPES) {
      for (const [logicalId, body] of blocks(out, stack, type)) {
        const metadata = metadataOf(body);
        const roleArn = asString(asObject(metadata?.annotations)?.[ROLE_ARN_ANNOTATION]);
        if (roleArn === undefined) continue;
        const namespace = namespaceOf(out, stack, asString(metadata?.namespace));
        const name = display(asString(metadata?.name) ?? "?");
        const path = constructPath(stack, type, logicalId, body);
        attach(stack, roleArn, (role) => ({
          key: `${stack}/${path}`,
          stack,
          path,
          kind: "service account",
          label: `${namespace}/${name}`,
          trusted: role?.trust.webIdentity ? isTrusted(role.trust.subjects, namespace, name) : undefined,
          roleKey: role ? `${role.stack}/${role.path}` : undefined,
          roleExpression: display(roleArn),
        }));
      }
    }
    for (const [logicalId, body] of blocks(out, stack, "aws_eks_addon")) {
      const roleArn = asString(body.service_account_role_arn);
      if (roleArn === undefined) continue;
      const path = constructPath(stack, "aws_eks_addon", logicalId, body);
      attach(stack, roleArn, (role) => ({
        key: `${stack}/${path}`,
        stack,
        path,
        kind: "add-on",
        label: display(asString(body.addon_name) ?? logicalId),
        roleKey: role ? `${role.stack}/${role.path}` : undefined,
        roleExpression: display(roleArn),
      }));
    }
  }
  return stray;
}

function comparePolicies(a: Policy, b: Policy): number {
  const order = ["managed", "customer", "inline"];
  return order.indexOf(a.kind) - order.indexOf(b.kind) || compare(a.name, b.name);
}

function compareCarriers(a: Carrier, b: Carrier): number {
  return compare(a.stack, b.stack) || compare(a.label, b.label) || compare(a.path, b.path);
}

/**
 * The audiences of a subject that several statements trust: any of the statements lets it in, so
 * no condition when one of them has none, else the conditions of all of them.
 */
function mergeAudiences(a: readonly AudienceCondition[], b: readonly AudienceCondition[]): AudienceCondition[] {
  if (a.length === 0 || b.length === 0) return [];
  const unique = new Map([...a, ...b].map((c) => [`${c.match}\n${c.values.join("\n")}`, c]));
  return [...unique.values()].sort(compareAudiences);
}

/** The principals, one entry per type and identifier: the actions of all statements, the conditions all of them ask. */
function mergePrincipals(grants: readonly PrincipalGrant[]): TrustedPrincipal[] {
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

function finishRole(role: RoleBuilder): RoleAccess {
  // One row per provider, operator and subject, however many statements repeat it.
  const unique = new Map<string, TrustedSubject>();
  for (const t of role.trust.subjects) {
    const id = `${t.provider}\n${t.match}\n${t.subject}`;
    const seen = unique.get(id);
    unique.set(id, seen ? { ...t, audiences: mergeAudiences(seen.audiences, t.audiences) } : t);
  }
  const trust = [...unique.values()].sort(
    (a, b) => compare(a.cluster, b.cluster) || compare(a.subject, b.subject) || compare(a.match, b.match) || compare(a.provider, b.provider),
  );
  return {
    key: `${role.stack}/${role.path}`,
    stack: role.stack,
    path: role.path,
    name: role.name,
    trust,
    principals: mergePrincipals(role.trust.principals),
    trustNotes: [...new Set(role.trust.notes)].sort(compare),
    policies: [...role.policies].sort(comparePolicies),
    permissionsBoundary: role.permissionsBoundary,
    carriers: [...role.carriers].sort(compareCarriers),
  };
}

/** The clusters and OIDC providers a stack defines or looks up, and those its roles trust from elsewhere. */
function infrastructureOf(out: SynthOutput, stack: string, roles: readonly RoleBuilder[]): InfrastructureItem[] {
  const items: InfrastructureItem[] = [];
  for (const data of [false, true]) {
    const how = data ? "looked up with `data." : "`";
    for (const [logicalId, body] of blocks(out, stack, "aws_eks_cluster", data)) {
      const path = constructPath(stack, "aws_eks_cluster", logicalId, body, data);
      items.push({ kind: "cluster", name: display(asString(body.name) ?? logicalId), detail: `${how}aws_eks_cluster\` at \`${path}\`` });
    }
    for (const [logicalId, body] of blocks(out, stack, "aws_iam_openid_connect_provider", data)) {
      const ref: Ref = { stack, data, type: "aws_iam_openid_connect_provider", name: logicalId };
      const cluster = clusterOf(out, [ref]);
      const path = constructPath(stack, ref.type, logicalId, body, data);
      items.push({
        kind: cluster ? "OIDC provider of cluster" : "OIDC provider",
        name: cluster ? cluster.name : display(asString(body.url) ?? asString(body.arn) ?? logicalId),
        detail: `${how}aws_iam_openid_connect_provider\` at \`${path}\``,
      });
    }
  }
  const elsewhere = new Map<string, string>();
  for (const role of roles) {
    for (const p of role.trust.providers) {
      if (p.stack === stack) continue;
      elsewhere.set(
        p.label,
        p.stack !== undefined ? `defined in stack \`${p.stack}\`, trusted by roles here` : "not defined in this output, trusted by roles here",
      );
    }
  }
  for (const label of [...elsewhere.keys()].sort(compare)) {
    items.push({ kind: elsewhere.get(label)!.startsWith("defined") ? "cluster" : "OIDC provider", name: label, detail: elsewhere.get(label)! });
  }
  return items;
}

/**
 * Reads the IRSA access of a synthesized app: per stack, its clusters and OIDC providers, and
 * for each role whose trust policy has a `sts:AssumeRoleWithWebIdentity` statement, the subjects
 * it trusts, its policies, and the service accounts and add-ons that carry it. The stack's other
 * roles are read likewise (`otherRoles`), so that a diff can tell a role that lost its web
 * identity trust from a deleted one.
 */
export function buildAccessReport(out: SynthOutput): AccessReport {
  const roles = collectRoles(out);
  collectPolicies(out, roles);
  const stray = collectCarriers(out, roles);
  const all = [...roles.values()];
  return {
    stacks: [...out.stacks.keys()].sort(compare).map((name) => {
      const own = all.filter((r) => r.stack === name && r.trust.webIdentity);
      const other = all.filter((r) => r.stack === name && !r.trust.webIdentity);
      return {
        name,
        infrastructure: infrastructureOf(out, name, own),
        roles: own.map(finishRole).sort((a, b) => compare(a.path, b.path)),
        otherRoles: other.map(finishRole).sort((a, b) => compare(a.path, b.path)),
        strayCarriers: stray.filter((c) => c.stack === name).sort(compareCarriers),
      };
    }),
  };
}
