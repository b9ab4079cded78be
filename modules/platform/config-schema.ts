import { z } from "zod";
import { awsProviderVersionRule } from "../core/aws-provider-version";
import { ValidationError } from "../core/errors";
import { IAM_LIMITS, validateDescription, validateTags } from "../iam/iam-limits";
import { ADDON_PRESETS, type AddonPresetId, type AddonSelection } from "../addons/catalogue";
import type { AddonPreset } from "../addons/preset";
import { ARN_RULES, type ArnKind } from "../core/arns";
import { type AccessEntry, validateAccessEntryPrincipals, validateAccessEntryRelations } from "../cluster/access-entries";
import type { ClusterAddons } from "../cluster/cluster-addons";
import { ACCESS_ENTRY_TYPES, type AccessEntryType, type EksAccessPolicyName } from "../core/access-policies";
import { withField } from "../core/errors";
import { findRepeat, ipv4CidrRule, rangeAllowed, repeatAllowed, type Rule, rules, validateNamespace } from "../core/naming";
import { validateJsonObject } from "../core/json-value";
import { AUTO_MODE_NODE_POOLS } from "../cluster/auto-mode";
import { LOG_RETENTION_DAYS, validateLogRetentionDays } from "../cluster/control-plane-logs";
import { FARGATE_SELECTORS_MAX } from "../cluster/fargate-profile";

/**
 * The schema of the platform configuration (`platform.json`): the one description of its shape, from
 * which come the TypeScript types (`PlatformConfig`, `EnvironmentConfig`), the check of a file before
 * anything is built, and the JSON Schema that editors use (`schema/platform.schema.json`).
 *
 * Value rules are the functions of modules/core/naming.ts (and modules/iam/iam-limits.ts) that the constructs
 * call too, so a rule is written once. Rules that relate several fields (a cluster has `vpc` or
 * `subnetIds`; `minSize` <= `maxSize`; role keys) stay in the constructs, and the Platform's own
 * rules (environment names unique, the Pod Identity Agent) in modules/platform/platform.ts. Defaults are the
 * constructs' too: the schema only says what they are.
 *
 * The package exports what comes of the schema (the types in ./types.ts, which a test keeps equal to
 * it, the JSON Schema, the checks of ./load.ts) but not the zod objects themselves, so that a
 * consumer's type check needs no zod declarations.
 */

/** What the JSON Schema shows of a schema: documentation, and patterns that rules check. */
interface SchemaMeta {
  readonly id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly pattern?: string;
  readonly examples?: readonly unknown[];
}

/** Our own registry (not zod's global one), so that ids cannot clash with an application's schemas. */
export const configRegistry = z.registry<SchemaMeta>();

/** Adds documentation to a schema (keeping what was registered before) and returns it. */
function doc<T extends z.ZodType>(schema: T, meta: SchemaMeta | string): T {
  const added = typeof meta === "string" ? { description: meta } : meta;
  configRegistry.add(schema, { ...configRegistry.get(schema), ...added });
  return schema;
}

/** An optional field with its description. */
function optional<T extends z.ZodType>(schema: T, description: string): z.ZodOptional<T> {
  return doc(schema.optional(), description);
}

/** Turns a rule into issues; the JSON Schema gets the rule's pattern, when it has one. */
function ruled(rule: Rule<string>, description?: string): z.ZodString {
  const schema = z.string().superRefine((value, ctx) => {
    const allowed = rule(value);
    if (allowed !== undefined) ctx.addIssue({ code: "custom", message: allowed, input: value });
  });
  return doc(schema, { ...(rule.pattern ? { pattern: rule.pattern.source } : {}), ...(description ? { description } : {}) });
}

/** A whole number in [min, max], with the constructs' message for anything else. */
function wholeNumber(min: number, max: number): z.ZodInt {
  const error = rangeAllowed(min, max);
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A list, optionally non-empty, whose entries are distinct. */
function distinctList<T extends z.ZodType>(item: T, options: { min?: number; max?: number; what?: string } = {}) {
  let list = z.array(item);
  if (options.min !== undefined) {
    const what = options.what ?? "entry";
    list = list.min(options.min, { error: options.min === 1 ? `give at least one ${what}` : `give at least ${options.min} entries (${what})` });
  }
  if (options.max !== undefined) list = list.max(options.max, { error: `give at most ${options.max} entries` });
  return list.superRefine((values, ctx) => {
    const repeat = findRepeat(values);
    if (repeat) ctx.addIssue({ code: "custom", path: [repeat.index], message: repeatAllowed(repeat.first), input: values[repeat.index] });
  });
}

/**
 * Runs a validator of the constructs (one that throws `ValidationError`) as a check, so the file and
 * the constructs share it. The validator gets an empty field; the rest of its error's field (`.Team`
 * for a tag key) becomes the issue's path below the checked value.
 */
function validatedBy<T>(validate: (field: string, value: T) => void) {
  return (value: T, ctx: z.RefinementCtx) => {
    try {
      validate("", value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const rest = error.field.replace(/^\./, "");
      ctx.addIssue({ code: "custom", path: rest === "" ? [] : [rest], message: error.problem, params: { problem: error.problem } });
    }
  };
}

/** An ARN of one kind. */
function arn(kind: ArnKind): z.ZodString {
  return ruled(ARN_RULES[kind]);
}

/** A map of string keys and values checked against keys and values rules. */
function stringMap(keyRule: Rule<string>, valueRule?: Rule<string>) {
  return z.record(z.string(), z.string()).superRefine((map, ctx) => {
    for (const [key, value] of Object.entries(map)) {
      const keyProblem = keyRule(key);
      if (keyProblem !== undefined) ctx.addIssue({ code: "custom", path: [key], message: keyProblem, input: key, params: { atKey: true } });
      const valueProblem = valueRule?.(value);
      if (valueProblem !== undefined) ctx.addIssue({ code: "custom", path: [key], message: valueProblem, input: value });
    }
  });
}

// ---- shared parts --------------------------------------------------------------------------------

const tags = doc(z.record(z.string(), z.string({ error: "a tag value is a string" })).superRefine(validatedBy(validateTags)), {
  id: "Tags",
  description: `AWS tags: at most ${IAM_LIMITS.tagsPerResource}, keys of 1-${IAM_LIMITS.tagKeyLength} and values of at most ${IAM_LIMITS.tagValueLength} letters, digits, spaces or '_.:/=+-@'; no key starting with 'aws:'.`,
});

const kubernetesLabels = doc(stringMap(rules.kubernetesKey, rules.labelValue), {
  id: "KubernetesLabels",
  description: "Kubernetes labels: keys [<DNS subdomain>/]<name>, values of at most 63 letters, digits, '-', '_' or '.'.",
});

const policyCondition = doc(
  z.strictObject({
    test: ruled(rules.conditionOperator, "The condition operator, for example StringEquals."),
    variable: ruled(rules.conditionKey, "The condition key, for example aws:SourceVpc."),
    values: doc(z.array(z.string()).min(1, { error: "give at least one value" }), "The values compared with the key."),
  }),
  { id: "PolicyCondition", description: "A condition of a policy statement." },
);

/** Keys of AWS's own policy JSON, which a statement here writes in lower case and as lists. */
export const AWS_POLICY_KEYS: readonly string[] = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal"];

const policyStatement = doc(
  z.strictObject({
    sid: optional(ruled(rules.statementId), "The statement's ID: letters and digits. Default: none."),
    effect: optional(z.enum(["Allow", "Deny"]), 'Allow or deny. Default: "Allow".'),
    actions: doc(distinctList(ruled(rules.policyAction), { min: 1, what: "action" }), 'The actions, for example ["s3:GetObject"].'),
    resources: doc(distinctList(ruled(rules.policyResource), { min: 1, what: 'resource ARN (or "*")' }), "The resource ARNs the actions apply to."),
    conditions: optional(z.array(policyCondition), "Conditions of the statement. Default: none."),
    broadWriteReason: optional(
      ruled(rules.nonEmpty),
      "Why this statement grants write actions through a wildcard or on every resource: silences the policy check's warnings for it. Default: none (warnings shown).",
    ),
  }),
  {
    id: "PolicyStatement",
    description: "A statement of a permissions policy, in this project's form: effect, actions, resources, conditions (not AWS's Effect/Action/Resource).",
  },
);

const statements = distinctList(policyStatement, { min: 1, what: "statement" });

const roleSettings = doc(
  z.strictObject({
    permissionsBoundary: optional(arn("iamPolicy"), "ARN of a managed policy that bounds the role's permissions. Default: none."),
    path: optional(ruled(rules.iamPath), 'The role\'s IAM path, for example "/platform/"; changing it replaces the role. Default: "/".'),
    tags: optional(tags, "Tags of the role, besides those of its cluster or stack. Default: none."),
  }),
  {
    id: "RoleSettings",
    description: "The permissions boundary, path and tags of IAM roles the library creates (an organisation's guardrails on iam:CreateRole).",
  },
);

// ---- add-ons -------------------------------------------------------------------------------------

/**
 * A preset's inputs as the file gives them: the preset's own outline (its zod object), with
 * `settings` beside, and its value rules (ARN shapes, empty lists) run on the inputs alone.
 */
function presetInputs(id: AddonPresetId, settings: z.ZodRawShape = {}, settingKeys: readonly string[] = []): z.ZodType {
  const preset = ADDON_PRESETS[id] as AddonPreset<unknown>;
  const outline = preset.schema as unknown as z.ZodObject;
  return doc(
    outline.extend(settings).superRefine(
      validatedBy((_field: string, value: Record<string, unknown>) => {
        const inputs = Object.fromEntries(Object.entries(value).filter(([key]) => !settingKeys.includes(key)));
        withField("", () => preset.validate(inputs));
      }),
    ),
    `${preset.title}: ${preset.upstream.project} ${preset.upstream.version} (${preset.upstream.source}).`,
  );
}

const addonPolicies = doc(
  z.strictObject(
    Object.fromEntries((Object.keys(ADDON_PRESETS) as AddonPresetId[]).map((id) => [id, presetInputs(id).optional()])),
  ) as unknown as z.ZodType<AddonSelection>,
  { id: "AddonPolicies", description: "Add-on presets of the catalogue and their inputs." },
);

const addonSettings = {
  mechanism: optional(
    z.enum(["irsa", "podIdentity"]),
    'How the add-on\'s pods get its role. Default: "irsa", or "podIdentity" on a cluster with enableIrsa false.',
  ),
  roleSettings: optional(roleSettings, "The boundary, path and tags of the add-on's role, over the cluster's roleDefaults. Default: roleDefaults."),
  serviceAccount: optional(
    z.strictObject({
      namespace: ruled(rules.namespace, "The namespace."),
      name: ruled(rules.serviceAccountName, "The service account's name."),
    }),
    "The service account the add-on's Helm chart is told to use. Default: the chart's default.",
  ),
};
/** How EKS installs an add-on (`aws_eks_addon`): the settings every EKS add-on takes. */
const eksAddonSettingsShape = {
  version: optional(
    ruled(rules.addonVersion),
    "The EKS add-on version, v<major>.<minor>.<patch>-eksbuild.<n> (checked for its form only). Default: EKS's default for the cluster's Kubernetes version.",
  ),
  configurationValues: optional(
    z.record(z.string(), z.unknown()).superRefine(validatedBy(validateJsonObject)),
    "The add-on's configuration_values, as an object written as JSON (aws eks describe-addon-configuration gives its schema). Default: none.",
  ),
  preserve: optional(z.boolean(), "Keep the add-on's Kubernetes objects on the cluster when the add-on is removed. Default: false."),
  resolveConflictsOnCreate: optional(
    z.enum(["NONE", "OVERWRITE"]),
    'What EKS does with the add-on\'s objects that exist before it creates the add-on: take them over (OVERWRITE) or fail (NONE). Default: "OVERWRITE".',
  ),
  resolveConflictsOnUpdate: optional(
    z.enum(["NONE", "OVERWRITE", "PRESERVE"]),
    'What EKS does with fields changed outside EKS when it updates the add-on: reset (OVERWRITE), keep (PRESERVE) or fail (NONE). Default: "OVERWRITE".',
  ),
};
const eksAddonSettings = doc(z.strictObject(eksAddonSettingsShape), {
  id: "EksAddonSettings",
  description: "How EKS installs an add-on: version, configuration values, preserve, conflict resolution.",
});

const managedAddonSettings = {
  ...addonSettings,
  install: optional(z.boolean(), "Install the EKS managed add-on; false makes the role only, for Helm. Default: true."),
  ...eksAddonSettingsShape,
};
const karpenterSettings = doc(
  z.strictObject({
    ...addonSettings,
    nodeRoleName: optional(ruled(rules.roleName), "Name of the node role (the EC2NodeClasses' role). Default: KarpenterNodeRole-<cluster name>."),
    nodeRoleSettings: optional(roleSettings, "The boundary, path and tags of the node role, over the cluster's roleDefaults. Default: roleDefaults."),
    ssmManagedInstanceCore: optional(z.boolean(), "Attach AmazonSSMManagedInstanceCore to the node role. Default: true."),
    accessEntry: optional(z.boolean(), "Create the node role's EKS access entry (EC2_LINUX). Default: true."),
    interruptionHandling: optional(z.boolean(), "Create the interruption queue and its EventBridge rules. Default: true."),
    queueName: optional(ruled(rules.nonEmpty), "Name of the interruption queue (1-80 letters, digits, '-' or '_'). Default: the cluster's name."),
    subnetDiscoveryTag: optional(
      z.boolean(),
      "Tag the cluster's private subnets karpenter.sh/discovery: <cluster name>; false for subnets several clusters share. Default: true.",
    ),
  }),
  "Karpenter: its controller role, node role, access entry and interruption queue.",
);

const clusterAddons = doc(
  z.strictObject(
    Object.fromEntries(
      (Object.keys(ADDON_PRESETS) as AddonPresetId[]).map((id) => {
        if (id === "karpenter") return [id, karpenterSettings.optional()];
        const managed = (ADDON_PRESETS[id] as AddonPreset<unknown>).managedAddon !== undefined;
        const settings = managed ? managedAddonSettings : addonSettings;
        return [id, presetInputs(id, settings, Object.keys(settings)).optional()];
      }),
    ),
  ) as unknown as z.ZodType<ClusterAddons>,
  {
    id: "ClusterAddons",
    description:
      "Add-ons of the catalogue on the cluster, each with a least-privilege role; EKS installs those it manages. Each holds its preset's inputs and its settings.",
  },
);

// ---- the cluster ---------------------------------------------------------------------------------

// ---- issue 23: compute modes, the cluster's own and any other EKS add-ons, control-plane logging

const serviceRoleOptions = doc(
  z.strictObject({
    roleName: optional(ruled(rules.roleName), "The role's name. Default: <cluster name>-<purpose>, shortened to 64 characters with a hash."),
    path: optional(ruled(rules.iamPath), "The role's IAM path. Default: the cluster's roleDefaults.path, else \"/\"."),
    permissionsBoundary: optional(
      arn("iamPolicy"),
      "ARN of a policy that bounds the role's permissions. Default: the cluster's roleDefaults.permissionsBoundary, else none.",
    ),
    tags: optional(tags, "Tags of the role, on top of the cluster's roleDefaults.tags. Default: roleDefaults.tags."),
  }),
  {
    id: "ServiceRoleOptions",
    description: "A role the cluster makes for an AWS service: its name, and its path, permissions boundary and tags over the cluster's roleDefaults.",
  },
);

const autoMode = doc(
  z.strictObject({
    nodePools: optional(
      distinctList(z.enum(AUTO_MODE_NODE_POOLS as unknown as ["general-purpose", "system"])),
      'The built-in node pools to turn on; [] for NodePools of your own only. Default: ["general-purpose", "system"].',
    ),
    nodeRole: optional(serviceRoleOptions, "The role of the nodes Auto Mode launches. Default: <cluster name>-auto-node."),
  }),
  {
    id: "AutoMode",
    description:
      "EKS Auto Mode: EKS provisions nodes and runs networking, DNS, block storage, load balancing and the Pod Identity agent itself ({} turns it on). Needs AWS provider 5.79 or later.",
  },
);

const fargateSelector = doc(
  z.strictObject({
    namespace: doc(
      z.string().superRefine(validatedBy((field: string, value: string) => validateNamespace(field, value, true))),
      "The pods' namespace; * and ? match any characters.",
    ),
    labels: optional(kubernetesLabels, "Labels a pod must all carry. Default: none (every pod of the namespace)."),
  }),
  { id: "FargateSelector", description: "Which pods a Fargate profile runs: those of a namespace that carry all the labels." },
);

const fargateProfile = doc(
  z.strictObject({
    selectors: doc(
      distinctList(fargateSelector, { min: 1, max: FARGATE_SELECTORS_MAX, what: "selector { namespace, labels }" }),
      `Which pods run on Fargate: 1 to ${FARGATE_SELECTORS_MAX} selectors.`,
    ),
    subnetIds: optional(
      distinctList(ruled(rules.subnetId), { min: 1, what: "private subnet" }),
      "Private subnets of the pods. Default: the cluster's subnets (the private ones of the VPC it created).",
    ),
    tags: optional(tags, "Tags of the profile, besides the cluster's. Default: none."),
  }),
  { id: "FargateProfile", description: "A Fargate profile. EKS Pod Identity does not run on Fargate: its pods use IRSA." },
);

const addonServiceAccount = z.strictObject({
  namespace: ruled(rules.namespace, "The namespace."),
  name: ruled(rules.serviceAccountName, "The service account's name."),
});

const eksAddonRole = doc(
  z.strictObject({
    serviceAccount: doc(addonServiceAccount, "The service account the add-on runs as (its documentation names it), which the role trusts."),
    mechanism: optional(z.enum(["irsa", "podIdentity"]), 'How the add-on\'s pods get the role; Pod Identity does not reach pods on Fargate. Default: "irsa".'),
    policyStatements: optional(statements, "Statements of a customer-managed policy created for the role. Default: none."),
    managedPolicyArns: optional(distinctList(arn("iamPolicy")), "ARNs of managed policies to attach. Default: none."),
    addonPolicies: optional(
      addonPolicies,
      'Least-privilege policies of the catalogue\'s presets: { "externalDns": { "hostedZoneArns": [...] } }. Default: none.',
    ),
    roleName: optional(ruled(rules.roleName), "The role's name. Default: <cluster name>-<add-on name>, shortened to 64 characters with a hash."),
    path: optional(ruled(rules.iamPath), "The role's IAM path. Default: the cluster's roleDefaults.path, else \"/\"."),
    permissionsBoundary: optional(
      arn("iamPolicy"),
      "ARN of a policy that bounds the role's permissions. Default: the cluster's roleDefaults.permissionsBoundary, else none.",
    ),
    maxSessionDuration: optional(
      wholeNumber(IAM_LIMITS.sessionDurationMin, IAM_LIMITS.sessionDurationMax),
      `The longest session in seconds, ${IAM_LIMITS.sessionDurationMin} to ${IAM_LIMITS.sessionDurationMax}. Default: ${IAM_LIMITS.sessionDurationMin}.`,
    ),
  }),
  {
    id: "EksAddonRole",
    description: "The role of an EKS add-on's service account, bound through the add-on (IRSA or Pod Identity); give it permissions.",
  },
);

const eksAddon = doc(
  z.strictObject({
    ...eksAddonSettingsShape,
    role: optional(eksAddonRole, "A role for the add-on's service account. Default: none."),
  }),
  { id: "EksAddon", description: "An EKS add-on: how EKS installs it, and optionally the role of its service account." },
);

const coreAddons = doc(
  z.strictObject({
    vpcCni: optional(eksAddonSettings, 'vpc-cni: pod networking ({ "env": { "ENABLE_PREFIX_DELEGATION": "true" } }). Default: EKS\'s defaults.'),
    kubeProxy: optional(eksAddonSettings, "kube-proxy: service networking. Default: EKS's defaults."),
    coreDns: optional(eksAddonSettings, 'coredns: cluster DNS ({ "replicaCount": 3 }). Default: EKS\'s defaults; on Fargate alone, computeType Fargate.'),
    podIdentityAgent: optional(eksAddonSettings, "eks-pod-identity-agent, when installed. Default: EKS's defaults."),
  }),
  {
    id: "CoreAddons",
    description: "Settings of the cluster's own add-ons, which it installs unless it runs in Auto Mode without managed node groups.",
  },
);

const logGroup = doc(
  z.strictObject({
    create: optional(z.boolean(), "Create the log group with the cluster; false leaves it to EKS (no retention, left behind on destroy). Default: true."),
    retentionDays: optional(
      z.int({ error: `CloudWatch Logs keeps logs for ${LOG_RETENTION_DAYS.join(", ")} days` }).superRefine(validatedBy(validateLogRetentionDays)),
      `Days CloudWatch Logs keeps the logs: ${LOG_RETENTION_DAYS.join(", ")}. Default: 90.`,
    ),
    kmsKeyArn: optional(arn("kmsKey"), "ARN of a KMS key for the logs, whose key policy lets CloudWatch Logs use it. Default: none."),
    importExisting: optional(
      z.boolean(),
      "The group exists already (EKS made it for a cluster created earlier): take it over with a Terraform import block. Default: false.",
    ),
  }),
  { id: "ControlPlaneLogGroup", description: "The control plane's log group /aws/eks/<cluster name>/cluster, made before the cluster." },
);

/** A map whose keys follow a rule (the values have their own schema). */
function keyedBy<T extends z.ZodType>(keyRule: Rule<string>, value: T) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      const allowed = keyRule(key);
      if (allowed !== undefined) ctx.addIssue({ code: "custom", path: [key], message: allowed, input: key, params: { atKey: true } });
    }
  });
}

const vpcOptions = doc(
  z.strictObject({
    cidr: optional(ruled(ipv4CidrRule(16, 24)), 'The VPC\'s IPv4 CIDR block, from /16 to /24; each subnet takes a sixteenth of it. Default: "10.0.0.0/16".'),
    azCount: optional(wholeNumber(2, 6), "How many availability zones the subnets span (2 to 6). Default: 2."),
    availabilityZones: optional(
      distinctList(ruled(rules.availabilityZone), { min: 2, max: 6, what: "availability zones" }),
      'Availability zone names, for example ["eu-west-1a", "eu-west-1b"]; their number overrides azCount. Default: the first azCount available zones.',
    ),
    natGateways: optional(wholeNumber(1, 6), "NAT gateways for the private subnets' egress, from 1 up to one per zone. Default: 1."),
    tags: optional(tags, "Tags of every resource of the VPC. Default: none."),
  }),
  { id: "VpcOptions", description: "The VPC the cluster creates when it is not given subnetIds." },
);

const nodeTaint = doc(
  z.strictObject({
    key: ruled(rules.kubernetesKey, "The taint's key."),
    value: optional(ruled(rules.labelValue), "The taint's value. Default: none."),
    effect: doc(z.enum(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]), "What the taint does to pods that do not tolerate it."),
  }),
  { id: "NodeTaint", description: "A Kubernetes taint on every node of a group." },
);

const nodeGroup = doc(
  z.strictObject({
    instanceTypes: optional(
      distinctList(ruled(rules.instanceType), { min: 1, what: "EC2 instance type" }),
      'EC2 instance types, in order of preference. Default: ["m6i.large"].',
    ),
    capacityType: optional(z.enum(["ON_DEMAND", "SPOT"]), 'On-demand or spot capacity. Default: "ON_DEMAND".'),
    minSize: optional(wholeNumber(0, 1000), "The fewest nodes. Default: 1."),
    maxSize: optional(wholeNumber(1, 1000), "The most nodes. Default: 3."),
    desiredSize: optional(wholeNumber(0, 1000), "Nodes at creation; an autoscaler owns the count afterwards. Default: minSize."),
    labels: optional(kubernetesLabels, "Kubernetes labels of the nodes. Default: none."),
    taints: optional(z.array(nodeTaint).max(50, { error: "a node group has at most 50 taints" }), "Kubernetes taints of the nodes. Default: none."),
    diskSizeGib: optional(wholeNumber(1, 16384), "Root volume size in GiB (gp3, encrypted). Default: 50."),
    amiType: optional(ruled(rules.amiType), 'The EKS AMI type. Default: "AL2023_x86_64_STANDARD".'),
    tags: optional(tags, "Tags of the node group, its launch template, instances and volumes. Default: none."),
    instanceTags: optional(tags, "Further tags of the instances and volumes only. Default: none."),
  }),
  { id: "NodeGroupOptions", description: "An EKS managed node group." },
);

const addonVersions = doc(
  z.strictObject({
    vpcCni: optional(ruled(rules.addonVersion), "Version of vpc-cni. Default: the default for the cluster's Kubernetes version."),
    coreDns: optional(ruled(rules.addonVersion), "Version of coredns. Default: the default for the cluster's Kubernetes version."),
    kubeProxy: optional(ruled(rules.addonVersion), "Version of kube-proxy. Default: the default for the cluster's Kubernetes version."),
    podIdentityAgent: optional(ruled(rules.addonVersion), "Version of eks-pod-identity-agent. Default: the default for the cluster's Kubernetes version."),
  }),
  { id: "AddonVersions", description: "Versions of the EKS managed add-ons." },
);

/** `kubernetesVersion: 1.30` is a number that JSON reads as 1.3: say so. */
const kubernetesVersion = doc(
  z
    .string({
      error: (issue) =>
        typeof issue.input === "number"
          ? 'expected a string "1.<minor>" in quotes: a number loses trailing zeros (1.30 reads as 1.3)'
          : 'expected a string "1.<minor>", for example "1.33"',
    })
    .superRefine((value, ctx) => {
      const allowed = rules.kubernetesVersion(value);
      if (allowed !== undefined) ctx.addIssue({ code: "custom", message: allowed, input: value });
    }),
  { pattern: rules.kubernetesVersion.pattern!.source },
);

const accessPolicyAssociation = doc(
  z.strictObject({
    policy: doc(ruled(rules.accessPolicy) as unknown as z.ZodType<EksAccessPolicyName>, {
      description: "The EKS access policy, by its AWS name: AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy, ...",
    }),
    scope: doc(
      z.enum(["cluster", "namespace"]),
      "Where the policy applies: cluster (every namespace and cluster-wide resources) or namespace (only namespaces).",
    ),
    namespaces: optional(
      distinctList(ruled(rules.accessScopeNamespace)),
      'The namespaces of a "namespace" scope, at least one; * matches any characters (dev-*). Not with scope "cluster".',
    ),
  }),
  { id: "AccessPolicyAssociation", description: "An EKS access policy associated with an access entry, and where it applies." },
);

const accessEntry = doc(
  z
    .strictObject({
      principalArn: doc(arn("iamPrincipal"), "ARN of the IAM role or user (not an assumed-role session ARN); one entry per principal."),
      type: optional(
        z.enum(ACCESS_ENTRY_TYPES as [AccessEntryType, ...AccessEntryType[]]),
        "STANDARD for people and tools; EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, HYBRID_LINUX, EC2 or HYPERPOD_LINUX for the role of nodes EKS does not manage. Default: STANDARD.",
      ),
      kubernetesGroups: optional(
        distinctList(ruled(rules.kubernetesGroup)),
        "Kubernetes groups of the principal, for your RoleBindings and ClusterRoleBindings (not system: groups); STANDARD entries only. Default: none.",
      ),
      userName: optional(
        ruled(rules.accessEntryUserName),
        "The Kubernetes user name, for example admin:{{SessionName}}; STANDARD entries only. Default: EKS's (the user's ARN, or the role's session ARN).",
      ),
      policies: optional(
        z.array(accessPolicyAssociation),
        "EKS access policies and their scopes, each policy once; STANDARD entries (and EC2 with AmazonEKSAutoNodePolicy). Default: none.",
      ),
    })
    .superRefine(validatedBy(validateAccessEntryRelations)),
  { id: "AccessEntry", description: "An IAM principal's access to the cluster's Kubernetes API: its groups, user name and EKS access policies." },
) as unknown as z.ZodType<AccessEntry>;

const cluster = doc(
  z
    .strictObject({
      clusterName: ruled(rules.clusterName, "The cluster's name: 1-100 characters, starting with a letter or digit, then letters, digits, '-' or '_'."),
      kubernetesVersion: optional(
        kubernetesVersion,
        'The Kubernetes version "1.<minor>", in quotes. Default: a version in EKS standard support, chosen by the package.',
      ),
      upgradePolicy: optional(
        z.strictObject({
          supportType: doc(
            z.enum(["STANDARD", "EXTENDED"]),
            "STANDARD: EKS upgrades the cluster when standard support of its version ends; EXTENDED: extended support, at extra cost.",
          ),
        }),
        "What happens when the version's standard support ends. Default: EksCluster's (EKS itself defaults to EXTENDED).",
      ),
      subnetIds: optional(
        distinctList(ruled(rules.subnetId), { min: 2, what: "subnets in two availability zones" }),
        "Subnets (at least two, in two zones) for the cluster and its nodes: bring your own network. Give this or vpc, not both.",
      ),
      vpc: optional(vpcOptions, "Create a VPC for the cluster with these options. Give this or subnetIds, not both."),
      endpointPublicAccess: optional(
        z.boolean(),
        "Whether the API server endpoint is reachable from the internet (always from inside the VPC). Default: true.",
      ),
      publicAccessCidrs: optional(
        distinctList(ruled(rules.ipv4Cidr), { min: 1, what: "CIDR block" }),
        'CIDR blocks allowed to reach the public endpoint. Default: ["0.0.0.0/0"].',
      ),
      logTypes: optional(
        distinctList(z.enum(["api", "audit", "authenticator", "controllerManager", "scheduler"])),
        'Control plane log types sent to CloudWatch Logs. Default: ["api", "audit", "authenticator"].',
      ),
      kmsKeyArn: optional(arn("kmsKey"), "ARN of a KMS key for the envelope encryption of Kubernetes secrets. Default: a key created for the cluster."),
      authenticationMode: optional(z.enum(["API", "API_AND_CONFIG_MAP"]), 'Access entries only (API), or also the aws-auth ConfigMap. Default: "API".'),
      clusterCreatorAccess: optional(
        z.enum(["accessEntry", "bootstrap", "none"]),
        "What the principal creating the cluster gets: accessEntry (an ordinary, removable entry with AmazonEKSClusterAdminPolicy), bootstrap (EKS's bootstrap admin, outside Terraform) or none. Default: accessEntry; a cluster created with the bootstrap admin keeps it.",
      ),
      accessEntries: optional(
        z.array(accessEntry),
        "Access entries: per IAM role or user, its type, Kubernetes groups, user name and EKS access policies with their scopes. Default: none.",
      ),
      adminPrincipalArns: optional(
        distinctList(arn("iamPrincipal")),
        "IAM role or user ARNs that get an access entry with AmazonEKSClusterAdminPolicy at cluster scope (the short form of such an accessEntries entry). Default: none.",
      ),
      nodeGroups: optional(
        z.record(z.string(), nodeGroup).superRefine((groups, ctx) => {
          for (const name of Object.keys(groups)) {
            const allowed = rules.nodeGroupName(name);
            if (allowed !== undefined) ctx.addIssue({ code: "custom", path: [name], message: allowed, input: name, params: { atKey: true } });
          }
        }),
        'Managed node groups, keyed by name. Default: { "default": {} } (one group of m6i.large, 1-3 nodes); none on an Auto Mode cluster.',
      ),
      podIdentityAgent: optional(
        z.boolean(),
        "Install the eks-pod-identity-agent add-on; refused on an Auto Mode cluster without node groups, which runs the agent itself. Default: true when a workload of the environment uses EKS Pod Identity, else false.",
      ),
      addonVersions: optional(
        addonVersions,
        "Deprecated: give each version in coreAddons.<add-on>.version. Versions of the managed add-ons. Default: the default of each for the cluster's Kubernetes version.",
      ),
      addons: optional(
        clusterAddons,
        'Add-ons of the catalogue, each with a least-privilege role: { "loadBalancerController": {}, "externalDns": { "hostedZoneArns": [...] }, "ebsCsiDriver": {}, "karpenter": {} }. Default: none.',
      ),
      enableIrsa: optional(
        z.boolean(),
        "IRSA on the cluster: its IAM OIDC provider and the tls lookup of the issuer. false leaves both out for a cluster whose bindings all use Pod Identity (vpc-cni and the add-ons then use it too). Default: true.",
      ),
      vpcCniMechanism: optional(
        z.enum(["irsa", "podIdentity"]),
        'How the vpc-cni add-on gets its role: IRSA or EKS Pod Identity. Default: "irsa", or "podIdentity" when enableIrsa is false.',
      ),
      existingOidcProviderArn: optional(
        arn("oidcProvider"),
        "Use an IAM OIDC provider that already exists for the cluster's issuer (oidcExtraClientIds and oidcExtraThumbprints are then refused: set them on that provider). Default: one is created.",
      ),
      oidcExtraClientIds: optional(
        distinctList(ruled(rules.oidcClientId), { max: 99 }),
        "Audiences the OIDC provider accepts besides sts.amazonaws.com (IAM allows 100 in all). Default: none.",
      ),
      oidcExtraThumbprints: optional(
        distinctList(ruled(rules.thumbprint), { max: 4 }),
        "Thumbprints the OIDC provider trusts besides the issuer's root CA (IAM allows 5 in all). Default: none.",
      ),
      tags: optional(tags, "Tags of every taggable resource of the cluster. Default: none."),
      roleDefaults: optional(
        roleSettings,
        "The boundary, path and tags of every IAM role of the cluster (cluster, node, vpc-cni, add-on, Karpenter node, Auto Mode node and Fargate pod execution roles) and of the workload roles bound to it, over the platform's roleDefaults; each role can override them. Default: the platform's roleDefaults.",
      ),
      clusterRoleSettings: optional(roleSettings, "The boundary, path and tags of the cluster role, over roleDefaults. Default: roleDefaults."),
      nodeRoleSettings: optional(roleSettings, "The boundary, path and tags of the node groups' role, over roleDefaults. Default: roleDefaults."),
      vpcCniRoleSettings: optional(roleSettings, "The boundary, path and tags of the vpc-cni add-on's role, over roleDefaults. Default: roleDefaults."),
      instanceTags: optional(tags, "Tags of the EC2 instances and volumes the node groups launch, besides tags. Default: none."),
      autoMode: optional(
        autoMode,
        "Run the cluster in EKS Auto Mode ({} for the built-in node pools). Without nodeGroups the cluster has none and installs none of its own add-ons. Default: off.",
      ),
      fargateProfiles: optional(
        keyedBy(rules.fargateProfileName, fargateProfile),
        'Fargate profiles, keyed by name: { "batch": { "selectors": [{ "namespace": "batch" }] } }. Default: none.',
      ),
      fargatePodExecutionRole: optional(serviceRoleOptions, "The Fargate profiles' pod execution role. Default: <cluster name>-fargate-pods."),
      coreAddons: optional(coreAddons, "Settings of the cluster's own add-ons: vpc-cni, kube-proxy, coredns, eks-pod-identity-agent. Default: EKS's defaults."),
      eksAddons: optional(
        keyedBy(rules.addonName, eksAddon),
        'Any other EKS add-on by name, with its settings and optionally a role: { "snapshot-controller": {}, "metrics-server": {} }. Default: none.',
      ),
      logGroup: optional(logGroup, "The control plane's log group (when logTypes is not empty). Default: created, 90 days' retention."),
      deletionProtection: optional(z.boolean(), "Refuse to delete the cluster (EKS deletion protection). Needs AWS provider 6.9 or later. Default: off."),
      zonalShift: optional(
        z.boolean(),
        "Let ARC zonal shift move the cluster's traffic away from an impaired zone. Needs AWS provider 5.74 or later. Default: off.",
      ),
    })
    .superRefine(
      validatedBy((_field: string, value: { accessEntries?: readonly AccessEntry[]; adminPrincipalArns?: readonly string[] }) =>
        validateAccessEntryPrincipals(value.accessEntries, value.adminPrincipalArns),
      ),
    ),
  { id: "Cluster", description: "The EKS cluster of an environment (EksClusterProps)." },
);

/** Fields the file no longer takes, and what to write instead (said instead of "not a known field"). */
export const REPLACED_FIELDS: { readonly [key: string]: string } = {
  bootstrapClusterCreatorAdminPermissions:
    'was replaced by clusterCreatorAccess: true was "bootstrap", false was "none"; leave both out for an ordinary, removable entry of the creator (see docs/upgrading.md)',
};

// ---- workloads -----------------------------------------------------------------------------------

const serviceAccount = doc(
  z
    .strictObject({
      namespace: ruled(rules.namespacePattern, "The namespace (a DNS-1123 label; with subjectMatch StringLike, '*' and '?' match any characters)."),
      name: ruled(
        rules.serviceAccountNamePattern,
        "The service account's name (a DNS-1123 subdomain; with subjectMatch StringLike, '*' and '?' match any characters).",
      ),
      createNamespace: optional(
        z.boolean(),
        "Create the namespace too (shared by the stack's service accounts of that namespace); never for kube-system, kube-public, kube-node-lease or default. Default: false.",
      ),
      labels: optional(kubernetesLabels, "Labels of the service account. Default: none."),
      annotations: optional(
        stringMap(rules.kubernetesKey),
        "Further annotations; not eks.amazonaws.com/role-arn, sts-regional-endpoints or token-expiration, which the options set. Default: none.",
      ),
      automountServiceAccountToken: optional(z.boolean(), "Whether pods mount the service account's Kubernetes API token. Default: true."),
      stsRegionalEndpoints: optional(z.boolean(), 'Annotate eks.amazonaws.com/sts-regional-endpoints: "true". Default: true.'),
      tokenExpirationSeconds: optional(
        wholeNumber(3600, 86400),
        "Lifetime of the projected web identity token, 3600 to 86400 seconds. Default: the webhook's, 86400.",
      ),
      sessionPolicy: optional(
        statements,
        "A session policy for the service account's Pod Identity association (mechanism \"podIdentity\"): its pods get only what the role and these statements both allow. Turns the binding's session tags off; needs hashicorp/aws 6.57.1 or later. Default: none.",
      ),
    })
    .superRefine((account, ctx) => {
      if (!account.createNamespace) return;
      const allowed = rules.createdNamespace(account.namespace);
      if (allowed !== undefined) ctx.addIssue({ code: "custom", path: ["namespace"], message: allowed, input: account.namespace });
    }),
  { id: "WorkloadServiceAccount", description: "A Kubernetes service account of a workload." },
);

const workload = doc(
  z
    .strictObject({
      serviceAccounts: doc(
        z.array(serviceAccount).min(1, { error: "a workload has at least one service account" }),
        "The service accounts whose pods assume the role; usually one.",
      ),
      stack: optional(
        ruled(rules.workloadsStackGroup),
        "The workloads stack of the binding: workloads-<environment>-<stack>, with its own Terraform state, so that a change of its bindings plans that stack only (a team's name, say). Moving a binding to another stack keeps its role's name and its resource addresses: a state move (docs/stacks.md). Default: the environment's workloads stack, workloads-<environment>.",
      ),
      roleKey: optional(
        ruled(rules.nonEmpty),
        "A stable name of a role shared by several service accounts (required then): at most 63 lower-case letters, digits and '-', or <namespace>_<name> of one of the service accounts. Default: <namespace>_<name> of the only service account.",
      ),
      mechanism: optional(
        z.enum(["irsa", "podIdentity", "both"]),
        'How pods get the role: IRSA (OIDC web identity), EKS Pod Identity, or both during a migration. Default: "irsa".',
      ),
      podIdentity: optional(
        z.strictObject({
          sessionTags: optional(z.boolean(), "Pass session tags (cluster, namespace, service account) to the role. Default: true."),
          targetRoleArn: optional(arn("iamRole"), "A role in another account that the pod identity role assumes (role chaining). Default: none."),
        }),
        "Options of EKS Pod Identity (mechanism podIdentity or both).",
      ),
      kube2iamNodeRoleArns: optional(
        distinctList(arn("iamRole"), { min: 1, what: "node role ARN" }),
        "IAM role ARNs of nodes that may still sts:AssumeRole the role, while a kube2iam setup migrates. Default: none.",
      ),
      subjectMatch: optional(
        z.enum(["StringEquals", "StringLike"]),
        'How the IRSA trust matches service accounts: StringLike allows * and ? (with createServiceAccounts false; never with Pod Identity). Default: "StringEquals".',
      ),
      createServiceAccounts: optional(
        z.boolean(),
        "Create the Kubernetes service accounts; false creates only the role and its trust, for charts that create their own service account. Default: true.",
      ),
      managedPolicyArns: optional(distinctList(arn("iamPolicy")), "ARNs of managed policies to attach. Default: none."),
      policyArnsByKey: optional(
        z.record(z.string(), arn("iamPolicy")).superRefine((map, ctx) => {
          for (const key of Object.keys(map)) {
            const allowed = rules.nonEmpty(key);
            if (allowed !== undefined) ctx.addIssue({ code: "custom", path: [key], message: allowed, input: key, params: { atKey: true } });
          }
        }),
        "Policy ARNs to attach, keyed by a stable name for the attachment. Default: none.",
      ),
      inlinePolicies: optional(
        z.record(z.string(), statements).superRefine((map, ctx) => {
          for (const name of Object.keys(map)) {
            const allowed = rules.policyName(name);
            if (allowed !== undefined) ctx.addIssue({ code: "custom", path: [name], message: allowed, input: name, params: { atKey: true } });
          }
        }),
        "Inline policies, keyed by policy name. Default: none.",
      ),
      policyStatements: optional(statements, "Statements of a customer-managed policy created for the role. Default: none."),
      addonPolicies: optional(
        addonPolicies,
        'Least-privilege policies of add-ons from the catalogue, with their inputs: { "externalDns": { "hostedZoneArns": [...] } }. Default: none.',
      ),
      extraIamActions: optional(
        distinctList(ruled(rules.policyAction), { min: 1, what: "action" }),
        "Actions the policy check takes as real although the pinned IAM catalogue does not list them yet (service:Action). Default: none.",
      ),
      maxManagedPolicies: optional(
        wholeNumber(1, IAM_LIMITS.managedPoliciesPerRoleMax),
        `The account's quota "Managed policies per role": ${IAM_LIMITS.managedPoliciesPerRoleDefault} by default, raised in Service Quotas up to ${IAM_LIMITS.managedPoliciesPerRoleMax}. Default: ${IAM_LIMITS.managedPoliciesPerRoleDefault}.`,
      ),
      roleName: optional(
        ruled(rules.roleName),
        "The role's name. Default: <stack>_<namespace>_<name> (or the role key), shortened to 64 characters with a hash.",
      ),
      path: optional(ruled(rules.iamPath), "The role's IAM path. Default: the cluster's roleDefaults.path, else \"/\"."),
      description: optional(
        z.string().superRefine(validatedBy(validateDescription)),
        `The role's description, at most ${IAM_LIMITS.descriptionLength} characters. Default: one naming the service accounts.`,
      ),
      permissionsBoundary: optional(
        arn("iamPolicy"),
        "ARN of a policy that bounds the role's permissions. Default: the cluster's roleDefaults.permissionsBoundary, else none.",
      ),
      maxSessionDuration: optional(
        wholeNumber(IAM_LIMITS.sessionDurationMin, IAM_LIMITS.sessionDurationMax),
        `The longest session in seconds, ${IAM_LIMITS.sessionDurationMin} to ${IAM_LIMITS.sessionDurationMax}. Default: ${IAM_LIMITS.sessionDurationMin}.`,
      ),
      tags: optional(tags, "Tags of the role, on top of the cluster's roleDefaults.tags. Default: roleDefaults.tags."),
      maxTrustPolicyLength: optional(
        wholeNumber(IAM_LIMITS.trustPolicyLengthDefault, IAM_LIMITS.trustPolicyLengthMax),
        `The account's quota "Role trust policy length": ${IAM_LIMITS.trustPolicyLengthDefault} by default, raised in Service Quotas up to ${IAM_LIMITS.trustPolicyLengthMax}. Default: ${IAM_LIMITS.trustPolicyLengthDefault}.`,
      ),
    })
    .superRefine((w, ctx) => {
      // Wildcards are StringLike patterns, which a workload asks for explicitly: without it, the names are exact (the constructs' rule).
      if (w.subjectMatch === "StringLike") return;
      w.serviceAccounts.forEach((sa, i) => {
        for (const [key, rule] of [
          ["namespace", rules.namespace],
          ["name", rules.serviceAccountName],
        ] as const) {
          const problem = rule(sa[key]);
          const pattern = key === "name" ? rules.serviceAccountNamePattern : rules.namespacePattern;
          // A value wrong in other ways than wildcards has its issue already.
          if (problem !== undefined && pattern(sa[key]) === undefined)
            ctx.addIssue({ code: "custom", path: ["serviceAccounts", i, key], message: problem, input: sa[key] });
        }
      });
    }),
  { id: "Workload", description: "A workload: an IAM role and the Kubernetes service accounts whose pods assume it." },
);

// ---- environments and the whole file -------------------------------------------------------------

const environment = doc(
  z.strictObject({
    name: ruled(rules.environmentName, "The environment's name (dev, staging, prod): it names the stacks eks-<name> and workloads-<name>."),
    region: ruled(rules.region, "The AWS region, for example eu-west-1."),
    cluster,
    workloads: doc(z.array(workload), "The workloads on the cluster (may be empty)."),
  }),
  { id: "Environment", description: "One environment: a cluster stack eks-<name> and a workloads stack workloads-<name>." },
);

/** The schema of the whole configuration file. */
export const platformConfigSchema = doc(
  z.strictObject({
    $schema: optional(z.string(), "The JSON Schema of this file, for editors; ignored by the app."),
    environments: doc(
      z.array(environment).min(1, { error: "give at least one environment { name, region, cluster, workloads }" }),
      "The environments, each synthesized into its own pair of stacks.",
    ),
    stateBucket: optional(
      ruled(rules.s3BucketName),
      "S3 bucket for the Terraform state of every stack (EKS_IRSA_STATE_BUCKET overrides it). Default: local state files.",
    ),
    stateBucketRegion: optional(ruled(rules.region), "Region of the state bucket. Default: each stack's region."),
    stateKeyPrefix: optional(ruled(rules.stateKeyPrefix), 'Prefix of the state object keys <prefix><stack>/terraform.tfstate. Default: "cdktf-eks-irsa/".'),
    localStateDir: optional(
      ruled(rules.nonEmpty),
      'Directory of the local state files when there is no stateBucket, outside the synth output directory. Default: "." (the project directory).',
    ),
    defaultTags: optional(
      tags,
      'Tags on every AWS resource, besides ManagedBy: "cdktf-eks-irsa" and Environment: <name>, which are always set. Default: none.',
    ),
    awsProviderVersion: optional(
      ruled(awsProviderVersionRule),
      'The hashicorp/aws version, or a constraint with a lower bound ("6.66.0", "~> 6.66"), written into every stack\'s required_providers instead of the one the aws provider bindings declare; the synth fails when a feature used needs a newer one. Default: the bindings\' version (6.25.0 with @cdktf/provider-aws 21.22.1, 6.66.0 with @cdktn/provider-aws 25.7.0).',
    ),
    roleDefaults: optional(
      roleSettings,
      "The boundary, path and tags of every IAM role of every environment (a cluster's roleDefaults and each role override them). Default: none.",
    ),
  }),
  {
    title: "cdktf-eks-irsa platform configuration",
    description: "EKS clusters and the IAM identities of their workloads, one pair of CDKTF stacks per environment.",
  },
);

/** The parts of the schema, for tests and tools that check a part on its own. */
export const configSchemas = {
  tags,
  kubernetesLabels,
  policyStatement,
  roleSettings,
  accessEntry,
  vpcOptions,
  nodeGroup,
  addonVersions,
  cluster,
  serviceAccount,
  workload,
  addonPolicies,
  clusterAddons,
  environment,
  autoMode,
  fargateProfile,
  coreAddons,
  eksAddon,
  eksAddonSettings,
  logGroup,
  platform: platformConfigSchema,
};
