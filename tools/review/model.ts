import { asList, asObject, asString, asStrings, compare, globMatches, type JsonObject } from "./json";
import { accessEntriesOf } from "./access-entries";
import type { SynthOutput } from "./load";
import { clusterLabel, display, displayArn } from "./names";
import { readPolicyDocument } from "./policy";
import { blockOf, constructPath, isLiteral, refsIn } from "./refs";
import type { AccessReport, Carrier, FargateProfileUse, InfrastructureItem, Policy, RoleAccess, StackAccess, TrustedSubject } from "./report";
import { isLike, type ProviderFound, readTrust, type TrustRead } from "./trust";

/** The annotation of a Kubernetes service account that names the IAM role its pods assume through IRSA. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
const SERVICE_ACCOUNT_TYPES = ["kubernetes_service_account_v1", "kubernetes_service_account"];
const ASSOCIATION_TYPE = "aws_eks_pod_identity_association";
const FARGATE_PROFILE_TYPE = "aws_eks_fargate_profile";

type Blocks = [string, JsonObject][];

/** The blocks of one type of a stack, as [logical id, body], in logical id order. */
function blocks(out: SynthOutput, stack: string, type: string, data = false): Blocks {
  const byName = asObject(asObject(out.stacks.get(stack)?.[data ? "data" : "resource"])?.[type]) ?? {};
  return Object.keys(byName)
    .sort(compare)
    .map((name): [string, JsonObject] => [name, asObject(byName[name]) ?? {}]);
}

/** A role being collected: its facts, and the lists the attachments and carriers add to. */
interface RoleBuilder {
  readonly logicalId: string;
  readonly stack: string;
  readonly path: string;
  readonly literalName?: string;
  readonly name: string;
  readonly read: TrustRead;
  readonly workload: boolean;
  readonly policies: Policy[];
  readonly permissionsBoundary?: string;
  readonly carriers: Carrier[];
  /** Names of the stack outputs that name the role. */
  readonly outputs: string[];
  /** The Fargate profiles that use it as their pod execution role. */
  readonly fargateProfiles: FargateProfileUse[];
}

/** The roles of the output: by `<stack> <logical id>`, and by literal name. */
interface RoleIndex {
  readonly byId: Map<string, RoleBuilder>;
  readonly byName: Map<string, RoleBuilder[]>;
}

function roleId(stack: string, logicalId: string): string {
  return `${stack} ${logicalId}`;
}

/**
 * The role an attribute names: a reference to an `aws_iam_role` (also across stacks), or a
 * literal role name or ARN, matched by name (first in the same stack, else anywhere if unique;
 * workload roles before the others).
 */
function roleNamed(out: SynthOutput, roles: RoleIndex, stack: string, value: string): RoleBuilder | undefined {
  const ref = refsIn(out, stack, value).find((r) => r.type === "aws_iam_role" && !r.data);
  if (ref) return roles.byId.get(roleId(ref.stack, ref.name));
  if (!isLiteral(value)) return undefined;
  const name = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(value)?.[1] ?? value;
  const candidates = roles.byName.get(name) ?? [];
  const workload = candidates.filter((r) => r.workload);
  const inStack = (list: RoleBuilder[]) => list.find((r) => r.stack === stack);
  const only = (list: RoleBuilder[]) => (list.length === 1 ? list[0] : undefined);
  return inStack(workload) ?? only(workload) ?? inStack(candidates) ?? only(candidates);
}

/** A policy attached by ARN: an `aws_iam_policy` of the output is read, anything else is a managed policy. */
function attachedPolicy(out: SynthOutput, stack: string, arn: string): Policy {
  const ref = refsIn(out, stack, arn).find((r) => r.type === "aws_iam_policy" && !r.data);
  const body = ref ? blockOf(out, ref) : undefined;
  if (!ref || !body) return { kind: "managed", name: displayArn(arn) };
  const name = asString(body.name);
  const tags = asObject(body.tags);
  const widened = asString(tags?.AddonWiderThanUpstream);
  return {
    kind: "customer",
    name: name !== undefined ? display(name) : constructPath(ref.stack, ref.type, ref.name, body),
    document: readPolicyDocument(out, ref.stack, asString(body.policy)),
    ...(widened !== undefined ? { widerThanUpstream: `${asString(tags?.AddonPreset) ?? "add-on preset"}: ${widened}` } : {}),
  };
}

function collectRoles(out: SynthOutput): RoleIndex {
  const roles: RoleIndex = { byId: new Map(), byName: new Map() };
  for (const stack of out.stacks.keys()) {
    for (const [logicalId, body] of blocks(out, stack, "aws_iam_role")) {
      const read = readTrust(out, stack, body);
      const path = constructPath(stack, "aws_iam_role", logicalId, body);
      const name = asString(body.name);
      const boundary = asString(body.permissions_boundary);
      const literalName = name !== undefined && isLiteral(name) ? name : undefined;
      const role: RoleBuilder = {
        logicalId,
        stack,
        path,
        literalName,
        name: name !== undefined ? display(name) : path,
        read,
        // A Fargate pod execution role is shown too: Fargate assumes it for the pods of its profiles.
        workload: read.mechanism !== "none" || read.kube2iam || read.fargatePods,
        policies: [],
        permissionsBoundary: boundary !== undefined ? attachedPolicy(out, stack, boundary).name : undefined,
        carriers: [],
        outputs: [],
        fargateProfiles: [],
      };
      // The role's own (deprecated) inline_policy blocks and managed_policy_arns.
      for (const inline of asList(body.inline_policy)) {
        const p = asObject(inline) ?? {};
        const policyName = asString(p.name) ?? "(unnamed)";
        role.policies.push({ kind: "inline", name: display(policyName), document: readPolicyDocument(out, stack, asString(p.policy)) });
      }
      for (const arn of asStrings(body.managed_policy_arns)) role.policies.push(attachedPolicy(out, stack, arn));
      roles.byId.set(roleId(stack, logicalId), role);
      if (literalName !== undefined) roles.byName.set(literalName, [...(roles.byName.get(literalName) ?? []), role]);
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

/** The `metadata` block, written as an object or a one-element list. */
function metadataOf(body: JsonObject | undefined): JsonObject | undefined {
  return asObject(body?.metadata) ?? asObject(asList(body?.metadata)[0]);
}

/**
 * A Kubernetes name: literal, or the literal `metadata.name` of the Kubernetes resource of `types`
 * it refers to (a namespace, a service account), else the shortened expression (`known` false).
 */
function kubernetesName(out: SynthOutput, stack: string, value: string | undefined, types: string, fallback: string): { name: string; known: boolean } {
  if (value === undefined) return { name: fallback, known: fallback !== "?" };
  if (isLiteral(value)) return { name: value, known: true };
  const ref = types !== "" ? refsIn(out, stack, value).find((r) => r.type.startsWith(types)) : undefined;
  const name = asString(metadataOf(ref ? blockOf(out, ref) : undefined)?.name);
  return name !== undefined && isLiteral(name) ? { name, known: true } : { name: display(value), known: false };
}

/** Whether a role's IRSA trust accepts a service account; undefined when a name is not literal. */
function irsaTrusts(trust: readonly TrustedSubject[], namespace: string, name: string, known: boolean): boolean | undefined {
  if (!known) return undefined;
  const subject = `system:serviceaccount:${namespace}:${name}`;
  return trust.some(
    (t) => t.match === "any" || (isLike(t.match) ? globMatches(t.subject, subject) : t.match.includes("Equals") ? t.subject === subject : true),
  );
}

/** Whether a role's Pod Identity trust lets an association of this cluster in; undefined when that cannot be told. */
function podIdentityTrusts(role: RoleBuilder, cluster: string, clusterKnown: boolean): boolean | undefined {
  const pi = role.read.trust.podIdentity;
  if (!pi) return role.read.trust.unreadable !== undefined ? undefined : false;
  if (!pi.sourceArn || pi.clusters.some((c) => globMatches(c, cluster))) return true;
  return clusterKnown && role.read.podIdentityPinKnown ? false : undefined;
}

/** A Fargate profile as the carriers need it: its cluster and the namespaces it takes whole. */
interface FargateProfileFound {
  readonly name: string;
  readonly cluster: string;
  /** Namespaces (patterns) of selectors without labels: every pod there runs on Fargate. */
  readonly wholeNamespaces: readonly string[];
}

/** The Fargate profiles of the output, each added to its pod execution role's list. */
function collectFargateProfiles(out: SynthOutput, roles: RoleIndex): FargateProfileFound[] {
  const found: FargateProfileFound[] = [];
  for (const stack of out.stacks.keys()) {
    for (const [logicalId, body] of blocks(out, stack, FARGATE_PROFILE_TYPE)) {
      const name = display(asString(body.fargate_profile_name) ?? logicalId);
      const cluster = clusterLabel(out, stack, asString(body.cluster_name) ?? "?").label;
      const selectors = asList(body.selector).map((entry) => {
        const selector = asObject(entry) ?? {};
        const namespace = display(asString(selector.namespace) ?? "?");
        const labels = Object.entries(asObject(selector.labels) ?? {}).map(([key, value]) => `${key}=${display(asString(value) ?? "?")}`);
        return { namespace, labels };
      });
      found.push({ name, cluster, wholeNamespaces: selectors.filter((s) => s.labels.length === 0).map((s) => s.namespace) });
      const roleArn = asString(body.pod_execution_role_arn);
      const role = roleArn !== undefined ? roleNamed(out, roles, stack, roleArn) : undefined;
      role?.fargateProfiles.push({
        key: `${stack}/${constructPath(stack, FARGATE_PROFILE_TYPE, logicalId, body)}`,
        stack,
        path: constructPath(stack, FARGATE_PROFILE_TYPE, logicalId, body),
        logicalId,
        name,
        cluster,
        selectors: selectors.map((s) => (s.labels.length > 0 ? `${s.namespace} (${s.labels.join(", ")})` : s.namespace)),
      });
    }
  }
  return found;
}

function collectCarriers(out: SynthOutput, roles: RoleIndex, profiles: readonly FargateProfileFound[]): Carrier[] {
  const stray: Carrier[] = [];
  const attach = (stack: string, roleArn: string, carrier: (role: RoleBuilder | undefined) => Carrier) => {
    const role = roleNamed(out, roles, stack, roleArn);
    const made = carrier(role);
    // A role that is no workload role keeps its carriers (the base may have had it as one), but
    // they are listed with the stack's stray carriers.
    if (role) role.carriers.push(made);
    if (!role?.workload) stray.push(made);
  };
  const common = (stack: string, type: string, logicalId: string, body: JsonObject, roleArn: string, role: RoleBuilder | undefined) => {
    const path = constructPath(stack, type, logicalId, body);
    return {
      key: `${stack}/${path}`,
      stack,
      path,
      type,
      logicalId,
      ...(role ? { roleKey: `${role.stack}/${role.path}` } : {}),
      roleExpression: displayArn(roleArn),
    };
  };
  for (const stack of out.stacks.keys()) {
    for (const type of SERVICE_ACCOUNT_TYPES) {
      for (const [logicalId, body] of blocks(out, stack, type)) {
        const metadata = metadataOf(body);
        const roleArn = asString(asObject(metadata?.annotations)?.[ROLE_ARN_ANNOTATION]);
        if (roleArn === undefined) continue;
        const namespace = kubernetesName(out, stack, asString(metadata?.namespace), "kubernetes_namespace", "default");
        const name = kubernetesName(out, stack, asString(metadata?.name), "", "?");
        const known = namespace.known && name.known;
        attach(stack, roleArn, (role) => {
          const trusted = role && role.read.trust.unreadable === undefined ? irsaTrusts(role.read.trust.irsa, namespace.name, name.name, known) : undefined;
          return {
            ...common(stack, type, logicalId, body, roleArn, role),
            kind: "serviceAccount",
            label: `${namespace.name}/${name.name}`,
            ...(trusted !== undefined ? { trusted } : {}),
          };
        });
      }
    }
    for (const [logicalId, body] of blocks(out, stack, "aws_eks_addon")) {
      const addonName = display(asString(body.addon_name) ?? logicalId);
      const roleArn = asString(body.service_account_role_arn);
      if (roleArn !== undefined) {
        attach(stack, roleArn, (role) => ({ ...common(stack, "aws_eks_addon", logicalId, body, roleArn, role), kind: "addOn", label: addonName }));
      }
      // An add-on bound through EKS Pod Identity: its own association, one per service account.
      for (const association of asList(body.pod_identity_association).map(asObject)) {
        const associationRole = asString(association?.role_arn);
        if (associationRole === undefined) continue;
        const serviceAccount = asString(association?.service_account) ?? "?";
        attach(stack, associationRole, (role) => {
          const made = common(stack, "aws_eks_addon", logicalId, body, associationRole, role);
          return {
            ...made,
            key: `${made.key}/pod-identity/${serviceAccount}`,
            kind: "addOn",
            label: `${addonName} (Pod Identity, ${display(serviceAccount)})`,
          };
        });
      }
    }
    for (const [logicalId, body] of blocks(out, stack, ASSOCIATION_TYPE)) {
      const roleArn = asString(body.role_arn);
      if (roleArn === undefined) continue;
      const rawCluster = asString(body.cluster_name) ?? "?";
      const cluster = clusterLabel(out, stack, rawCluster);
      const namespace = kubernetesName(out, stack, asString(body.namespace), "kubernetes_namespace", "?");
      const name = kubernetesName(out, stack, asString(body.service_account), "kubernetes_service_account", "?");
      const sessionTags = body.disable_session_tags;
      const target = asString(body.target_role_arn);
      // Pod Identity does not run on Fargate: an association whose namespace a profile takes whole hands out nothing.
      const fargate = namespace.known
        ? profiles.find((p) => p.cluster === cluster.label && p.wholeNamespaces.some((ns) => globMatches(ns, namespace.name)))
        : undefined;
      const sessionPolicy = asString(body.policy);
      attach(stack, roleArn, (role) => {
        const trusted = role ? podIdentityTrusts(role, cluster.label, cluster.found !== undefined || isLiteral(rawCluster)) : undefined;
        return {
          ...common(stack, ASSOCIATION_TYPE, logicalId, body, roleArn, role),
          kind: "podIdentityAssociation",
          label: `${namespace.name}/${name.name}`,
          cluster: cluster.label,
          ...(trusted !== undefined ? { trusted } : {}),
          ...(typeof sessionTags === "boolean" ? { disableSessionTags: sessionTags } : {}),
          ...(target !== undefined ? { targetRoleArn: displayArn(target) } : {}),
          ...(fargate !== undefined ? { onFargate: fargate.name } : {}),
          ...(sessionPolicy !== undefined ? { sessionPolicy: readPolicyDocument(out, stack, sessionPolicy) } : {}),
        };
      });
    }
  }
  return stray;
}

function comparePolicies(a: Policy, b: Policy): number {
  const order = ["managed", "customer", "inline"];
  return order.indexOf(a.kind) - order.indexOf(b.kind) || compare(a.name, b.name);
}

function compareCarriers(a: Carrier, b: Carrier): number {
  return compare(a.stack, b.stack) || compare(a.label, b.label) || compare(a.kind, b.kind) || compare(a.path, b.path);
}

function finishRole(role: RoleBuilder): RoleAccess {
  return {
    key: `${role.stack}/${role.path}`,
    stack: role.stack,
    path: role.path,
    logicalId: role.logicalId,
    name: role.name,
    mechanism: role.read.mechanism,
    kube2iam: role.read.kube2iam,
    trust: role.read.trust,
    policies: [...role.policies].sort(comparePolicies),
    ...(role.permissionsBoundary !== undefined ? { permissionsBoundary: role.permissionsBoundary } : {}),
    carriers: [...role.carriers].sort(compareCarriers),
    ...(role.outputs.length > 0 ? { outputs: [...role.outputs].sort(compare) } : {}),
    ...(role.read.fargatePods ? { fargateProfiles: [...role.fargateProfiles].sort((a, b) => compare(a.stack, b.stack) || compare(a.path, b.path)) } : {}),
  };
}

/**
 * The stack outputs that name a role (cdktf's own cross-stack outputs aside): how a role reaches a
 * Helm chart's values, where nothing in the output carries it.
 */
function collectOutputs(out: SynthOutput, roles: RoleIndex): void {
  for (const stack of out.stacks.keys()) {
    const outputs = asObject(out.stacks.get(stack)?.output) ?? {};
    for (const name of Object.keys(outputs)) {
      if (name.startsWith("cross-stack-output-")) continue;
      const value = asString(asObject(outputs[name])?.value);
      if (value === undefined) continue;
      const named = new Set(
        refsIn(out, stack, value)
          .filter((r) => r.type === "aws_iam_role" && !r.data && r.attr === "arn")
          .map((r) => roleId(r.stack, r.name)),
      );
      for (const id of named) roles.byId.get(id)?.outputs.push(name);
    }
  }
}

/** The clusters and OIDC providers a stack defines or looks up, and those its roles trust from elsewhere. */
function infrastructureOf(out: SynthOutput, stack: string, roles: readonly RoleBuilder[]): InfrastructureItem[] {
  const items: InfrastructureItem[] = [];
  for (const data of [false, true]) {
    const source = data ? "dataSource" : "resource";
    for (const [logicalId, body] of blocks(out, stack, "aws_eks_cluster", data)) {
      const path = constructPath(stack, "aws_eks_cluster", logicalId, body, data);
      items.push({ kind: "cluster", name: display(asString(body.name) ?? logicalId), source, path });
    }
    for (const [logicalId, body] of blocks(out, stack, "aws_iam_openid_connect_provider", data)) {
      const type = "aws_iam_openid_connect_provider";
      const url = asString(body.url);
      const cluster = url !== undefined ? clusterLabel(out, stack, url).found : undefined;
      const path = constructPath(stack, type, logicalId, body, data);
      items.push({
        kind: "oidcProvider",
        name: cluster ? cluster.name : display(url ?? asString(body.arn) ?? logicalId),
        ofCluster: cluster !== undefined,
        source,
        path,
      });
    }
  }
  // Clusters of other stacks, and providers not in the output, that the stack's roles trust.
  const elsewhere = new Map<string, InfrastructureItem>();
  const add = (found: ProviderFound) => {
    if (found.stack === stack || elsewhere.has(found.label)) return;
    elsewhere.set(
      found.label,
      found.stack !== undefined
        ? { kind: "cluster", name: found.label, source: "otherStack", definedIn: found.stack }
        : { kind: "oidcProvider", name: found.label, source: "external" },
    );
  };
  for (const role of roles) {
    role.read.providers.forEach(add);
    role.read.podIdentityClusters.forEach((c) => add({ label: c.name, stack: c.stack }));
  }
  items.push(...[...elsewhere.keys()].sort(compare).map((label) => elsewhere.get(label)!));
  return items;
}

/** The stack's `moved` blocks: `from` address -> `to` address. */
function movedOf(out: SynthOutput, stack: string): { [from: string]: string } {
  const moved: { [from: string]: string } = {};
  for (const entry of asList(out.stacks.get(stack)?.moved)) {
    const from = asString(asObject(entry)?.from);
    const to = asString(asObject(entry)?.to);
    if (from !== undefined && to !== undefined) moved[from] = to;
  }
  return moved;
}

/**
 * Reads the workload access of a synthesized app: per stack, its clusters and OIDC providers, and
 * for each role whose trust policy lets pods in (IRSA, Pod Identity, kube2iam), who may assume it,
 * its policies, and the service accounts, add-ons and Pod Identity associations that carry it; and
 * the Fargate pod execution roles with the profiles that use them, and
 * who can do what in the clusters (EKS access entries and their access policies' scopes). The
 * stack's other roles are read likewise (`otherRoles`), so that a diff can tell a role that lost
 * its workload trust from a deleted one.
 */
export function buildAccessReport(out: SynthOutput): AccessReport {
  const roles = collectRoles(out);
  collectPolicies(out, roles);
  const profiles = collectFargateProfiles(out, roles);
  const stray = collectCarriers(out, roles, profiles);
  collectOutputs(out, roles);
  const all = [...roles.byId.values()];
  return {
    stacks: [...out.stacks.keys()].sort(compare).map((name): StackAccess => {
      const own = all.filter((r) => r.stack === name && r.workload);
      const other = all.filter((r) => r.stack === name && !r.workload);
      const accessEntries = accessEntriesOf(out, name);
      return {
        name,
        infrastructure: infrastructureOf(out, name, own),
        roles: own.map(finishRole).sort((a, b) => compare(a.path, b.path)),
        otherRoles: other.map(finishRole).sort((a, b) => compare(a.path, b.path)),
        strayCarriers: stray.filter((c) => c.stack === name).sort(compareCarriers),
        ...(accessEntries.length > 0 ? { accessEntries } : {}),
        moved: movedOf(out, name),
      };
    }),
  };
}
