import { z } from "zod";
import { awsProviderVersionRule } from "../core/aws-provider-version";
import { ValidationError } from "../core/errors";
import { IAM_LIMITS, validateTags } from "../iam/iam-limits";
import { checkServiceAccountRelations, SERVICE_ACCOUNT_OPTION_CHECKS } from "../identity/service-account";
import { checkSubjects, POD_IDENTITY_OPTION_CHECKS, ROLE_OPTION_CHECKS } from "../identity/workload-role";
import { checkWorkload, type Workload } from "./workloads-stack";
import { ADDON_PRESETS, type AddonPresetId, type AddonSelection } from "../addons/catalogue";
import type { AddonPreset } from "../addons/preset";
import { ARN_RULES, type ArnKind, checkPartitions, validateArn } from "../core/arns";
import { type AccessEntry, validateAccessEntry, validateAccessEntryPrincipals } from "../cluster/access-entries";
import { ADDON_SETTING_CHECKS, checkAddonSettingsRelations, type ClusterAddons, KARPENTER_SETTING_CHECKS } from "../cluster/cluster-addons";
import {
  ADDON_VERSION_CHECKS,
  CLUSTER_OPTION_CHECKS,
  checkClusterRelations,
  type EksClusterProps,
  LOG_TYPE_CHECK,
  UPGRADE_POLICY_CHECKS,
} from "../cluster/eks-cluster";
import { EKS_VERSIONS_AS_OF } from "../cluster/kubernetes-versions";
import { checkNodeGroupRelations, NODE_GROUP_OPTION_CHECKS, TAINT_CHECKS } from "../cluster/node-group";
import { checkVpcRelations, VPC_OPTION_CHECKS } from "../cluster/vpc";
import { ACCESS_ENTRY_TYPES, type AccessEntryType, type EksAccessPolicyName } from "../core/access-policies";
import { withField } from "../core/errors";
import {
  findRepeat,
  type InputCheck,
  type ListShape,
  MAX_VALUE_DEPTH,
  oneOfAllowed,
  rangeAllowed,
  repeatAllowed,
  type Rule,
  ruleCheck,
  rules,
  validateLabels,
  validateKeys,
  validateNamespace,
} from "../core/naming";
import { AUTO_MODE_NODE_POOLS } from "../cluster/auto-mode";
import { LOG_RETENTION_DAYS, validateLogRetentionDays } from "../cluster/control-plane-logs";
import { EKS_ADDON_SETTING_CHECKS } from "../cluster/eks-addon-settings";
import { FARGATE_SELECTORS_MAX, validateFargateProfileOptions } from "../cluster/fargate-profile";
import { validateRoleSettings } from "../iam/role-settings";
import { validateServiceRoleOptions } from "../iam/service-role";

/**
 * The schema of the platform configuration (`platform.json`): the one description of its shape, from
 * which come the TypeScript types (`PlatformConfig`, `EnvironmentConfig`), the check of a file before
 * anything is built, and the JSON Schema that editors use (`schema/platform.schema.json`).
 *
 * One rule per input: the schema describes shapes and types, and every value is judged by the
 * constructs' own checks. Each field runs the check of its option from the construct's table
 * (`ROLE_OPTION_CHECKS`, `CLUSTER_OPTION_CHECKS`, ... : the function the construct runs on its props),
 * and each object the function that relates its options (`checkWorkload`, `checkClusterRelations`,
 * ...), once its fields are valid, as a construct checks them. So a file and TypeScript accept and
 * refuse the same values with the same message (test/platform/one-rule.test.ts). Enums, ranges, list
 * lengths and patterns are read from the checks for the JSON Schema. What needs the constructs
 * themselves (role names across a stack, service accounts an add-on owns) is checked by them when
 * the file is built. Defaults are the constructs' too: the schema only says what they are.
 *
 * The package exports what comes of the schema (the types in ./config.ts, which a test keeps equal to
 * it, the JSON Schema, the checks of ./config-file.ts) but not the zod objects themselves, so that a
 * consumer's type check needs no zod declarations.
 */

/** What the JSON Schema shows of a schema: documentation, and what editors can check of the constructs' rules (patterns, ranges, list lengths). */
interface SchemaMeta {
  readonly id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly pattern?: string;
  readonly examples?: readonly unknown[];
  readonly type?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
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
  return checked(z.string(), ruleCheck(rule), { ...(rule.pattern ? { pattern: rule.pattern.source } : {}), ...(description ? { description } : {}) });
}

/** One of the values of a construct's check (`oneOfCheck`), with its message for anything else. */
function choice<T extends string>(check: InputCheck<T> | null) {
  const values = (check as unknown as { readonly values: readonly T[] }).values;
  return z.enum(values as [T, ...T[]], { error: oneOfAllowed(values) });
}

/**
 * A field checked by a construct's input check: the zod schema gives the type, the check (the same
 * function the construct runs) everything else.
 */
function checked<T extends z.ZodType>(schema: T, check: InputCheck<z.output<T>> | null, meta?: SchemaMeta | string): T {
  const refined = check === null ? schema : (schema.superRefine(validatedBy(check)) as unknown as T);
  return meta === undefined ? refined : doc(refined, meta);
}

/**
 * An object (or a map) whose fields have their own schemas and checks, checked as a whole by a
 * construct's check too: run once its fields are valid (see `relations`), so that a bad field is
 * said once, by its own check.
 */
function checkedWhole<T extends z.ZodType>(schema: T, check: InputCheck<z.output<T>>): T {
  return schema.superRefine(relations((value: z.output<T>) => check("", value))) as unknown as T;
}

/** A string checked by a construct's input check; the JSON Schema gets its rule's pattern, when it has one. */
function inputString(check: InputCheck<string>): z.ZodString {
  const rule = (check as { readonly rule?: Rule<string> }).rule;
  return checked(z.string(), check, rule?.pattern ? { pattern: rule.pattern.source } : undefined);
}

/** A whole number checked by a construct's range check (`rangeCheck`); the JSON Schema gets its bounds. */
function inputNumber(check: InputCheck<number>): z.ZodNumber {
  const { min, max } = check as unknown as { readonly min: number; readonly max: number };
  return checked(z.number({ error: rangeAllowed(min, max) }), check, { type: "integer", minimum: min, maximum: max });
}

/**
 * A list of strings checked by a construct's list check (`listCheck`): each entry by its entry check
 * (so every bad entry is reported), the list by the rest of it; the JSON Schema gets its lengths and
 * its entries' pattern.
 */
function inputList(check: InputCheck<readonly string[]>): z.ZodArray<z.ZodString> {
  const list = check as unknown as { readonly shape: ListShape; readonly item?: InputCheck<string>; readonly whole: InputCheck<readonly string[]> };
  const shape = list.shape;
  const item = checked(z.string(), list.item ?? null, shape.rule?.pattern ? { pattern: shape.rule.pattern.source } : undefined);
  return checked(z.array(item), list.whole, {
    ...(shape.min !== undefined ? { minItems: shape.min } : {}),
    ...(shape.max !== undefined ? { maxItems: shape.max } : {}),
  });
}

/**
 * The path (keys) of a constructs' field name inside a value: `labels.app.kubernetes.io/name` is
 * `["labels", "app.kubernetes.io/name"]`, matching the longest key of the value at each step.
 */
function pathOfField(value: unknown, field: string): (string | number)[] {
  const path: (string | number)[] = [];
  let current = value;
  let rest = field;
  while (rest !== "") {
    const index = /^\[(\d+)\]/.exec(rest);
    if (index && Array.isArray(current)) {
      path.push(Number(index[1]));
      current = current[Number(index[1])];
      rest = rest.slice(index[0].length);
      continue;
    }
    const text = rest.replace(/^\./, "");
    const keys = typeof current === "object" && current !== null ? Object.keys(current) : [];
    const key = keys
      .filter((k) => text.startsWith(k) && (text.length === k.length || text[k.length] === "." || text[k.length] === "["))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) {
      path.push(text);
      break;
    }
    path.push(key);
    current = (current as Record<string, unknown>)[key];
    rest = text.slice(key.length);
  }
  return path;
}

/** A bad key, as the constructs say it: `key "<key>" is invalid: <allowed>`. */
const KEY_PROBLEM = /^key ("(?:[^"\\]|\\.)*") is invalid: ([\s\S]*)$/;

/**
 * Runs a check of the constructs that relates an object's fields (`checkRoleRelations`, ...) as a
 * refinement, once its fields are valid: as a construct checks each option before the options as a
 * whole, so a bad field is said once, by its own check.
 */
function relations<T>(validate: (value: T) => void) {
  const refine = validatedBy((_field: string, value: T) => validate(value));
  return (value: T, ctx: z.RefinementCtx) => {
    if (((ctx as unknown as { issues?: readonly unknown[] }).issues ?? []).length > 0) return;
    refine(value, ctx);
  };
}

/**
 * Runs a check of the constructs (one that throws `ValidationError`) as a refinement, so the file
 * and the constructs share it. The check gets an empty field; the rest of its error's field
 * (`.Team` for a tag, `[1].namespace`) becomes the issue's path below the checked value, and its
 * problem the message, as written. A bad key is placed at the key.
 */
function validatedBy<T>(validate: (field: string, value: T) => void) {
  return (value: T, ctx: z.RefinementCtx) => {
    try {
      validate("", value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const path = pathOfField(value, error.field);
      const key = KEY_PROBLEM.exec(error.problem);
      if (key) ctx.addIssue({ code: "custom", path: [...path, JSON.parse(key[1]) as string], message: key[2], params: { atKey: true } });
      else ctx.addIssue({ code: "custom", path, message: error.problem, params: { problem: error.problem } });
    }
  };
}

/** An ARN of a kind, checked as the constructs check it (`validateArn`); the JSON Schema gets its pattern. */
function arn(kind: ArnKind): z.ZodString {
  return checked(z.string(), (field: string, value: string) => validateArn(field, value, kind), { pattern: ARN_RULES[kind].pattern!.source });
}

/** A list of values of one schema (objects too), of a length, none twice (`repeatAllowed`, as the constructs say it). */
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

// ---- shared parts --------------------------------------------------------------------------------

const tags = doc(z.record(z.string(), z.string({ error: "a tag value is a string" })).superRefine(validatedBy(validateTags)), {
  id: "Tags",
  description: `AWS tags: at most ${IAM_LIMITS.tagsPerResource}, keys of 1-${IAM_LIMITS.tagKeyLength} and values of at most ${IAM_LIMITS.tagValueLength} letters, digits, spaces or '_.:/=+-@'; no key starting with 'aws:'.`,
});

const kubernetesLabels = doc(checked(z.record(z.string(), z.string()), validateLabels), {
  id: "KubernetesLabels",
  description: "Kubernetes labels: keys [<DNS subdomain>/]<name>, values of at most 63 letters, digits, '-', '_' or '.'.",
});

// A statement's values are checked against AWS's IAM catalogue with the workload's other options
// (extraIamActions): by the policy check the constructs run, on the whole workload (checkWorkload).
const policyCondition = doc(
  z.strictObject({
    test: doc(z.string(), "The condition operator, for example StringEquals."),
    variable: doc(z.string(), "The condition key, for example aws:SourceVpc."),
    values: doc(z.array(z.string()), "The values compared with the key."),
  }),
  { id: "PolicyCondition", description: "A condition of a policy statement." },
);

/** Keys of AWS's own policy JSON, which a statement here writes in lower case and as lists. */
export const AWS_POLICY_KEYS: readonly string[] = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal"];

const policyStatement = doc(
  z.strictObject({
    sid: optional(z.string(), "The statement's ID: letters and digits. Default: none."),
    effect: optional(z.enum(["Allow", "Deny"], { error: oneOfAllowed(["Allow", "Deny"]) }), 'Allow or deny. Default: "Allow".'),
    actions: doc(z.array(z.string()), 'The actions, for example ["s3:GetObject"].'),
    resources: doc(z.array(z.string()), "The resource ARNs the actions apply to."),
    conditions: optional(z.array(policyCondition), "Conditions of the statement. Default: none."),
    broadWriteReason: optional(
      z.string(),
      "Why this statement grants write actions through a wildcard or on every resource: silences the policy check's warnings for it. Default: none (warnings shown).",
    ),
  }),
  {
    id: "PolicyStatement",
    description: "A statement of a permissions policy, in this project's form: effect, actions, resources, conditions (not AWS's Effect/Action/Resource).",
  },
);

/** A list of statements (a session policy, an add-on role's policy): at least one, none twice; the policy check of the construct that uses them judges the rest. */
const statements = distinctList(policyStatement, { min: 1, what: "statement" });

const roleSettings = doc(
  checkedWhole(
    z.strictObject({
      permissionsBoundary: optional(arn("iamPolicy"), "ARN of a managed policy that bounds the role's permissions. Default: none."),
      path: optional(ruled(rules.iamPath), 'The role\'s IAM path, for example "/platform/"; changing it replaces the role. Default: "/".'),
      tags: optional(tags, "Tags of the role, besides those of its cluster or stack. Default: none."),
    }),
    validateRoleSettings,
  ),
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

/** An add-on setting, checked as addClusterAddons checks it (ADDON_SETTING_CHECKS). */
const setting = <K extends keyof typeof ADDON_SETTING_CHECKS>(name: K) => ADDON_SETTING_CHECKS[name]!;

const addonServiceAccount = z.strictObject({
  namespace: doc(z.string(), { description: "The namespace.", pattern: rules.namespace.pattern!.source }),
  name: doc(z.string(), { description: "The service account's name.", pattern: rules.serviceAccountName.pattern!.source }),
});

const addonSettings = {
  mechanism: optional(
    choice(setting("mechanism")),
    'How the add-on\'s pods get its role. Default: "irsa", or "podIdentity" on a cluster with enableIrsa false.',
  ),
  roleSettings: optional(roleSettings, "The boundary, path and tags of the add-on's role, over the cluster's roleDefaults. Default: roleDefaults."),
  serviceAccount: optional(
    checked(addonServiceAccount, setting("serviceAccount")),
    "The service account the add-on's Helm chart is told to use. Default: the chart's default.",
  ),
};
/** How EKS installs an add-on (`aws_eks_addon`): the settings every EKS add-on takes. */
const eksAddonSetting = <K extends keyof typeof EKS_ADDON_SETTING_CHECKS>(name: K) => EKS_ADDON_SETTING_CHECKS[name]!;
const eksAddonSettingsShape = {
  version: optional(
    inputString(eksAddonSetting("version")),
    "The EKS add-on version, v<major>.<minor>.<patch>-eksbuild.<n> (checked for its form only). Default: EKS's default for the cluster's Kubernetes version.",
  ),
  configurationValues: optional(
    checked(z.record(z.string(), z.unknown()), eksAddonSetting("configurationValues")),
    `The add-on's configuration_values, as an object written as JSON, nested at most ${MAX_VALUE_DEPTH} deep (aws eks describe-addon-configuration gives its schema). Default: none.`,
  ),
  preserve: optional(z.boolean(), "Keep the add-on's Kubernetes objects on the cluster when the add-on is removed. Default: false."),
  resolveConflictsOnCreate: optional(
    choice(eksAddonSetting("resolveConflictsOnCreate")),
    'What EKS does with the add-on\'s objects that exist before it creates the add-on: take them over (OVERWRITE) or fail (NONE). Default: "OVERWRITE".',
  ),
  resolveConflictsOnUpdate: optional(
    choice(eksAddonSetting("resolveConflictsOnUpdate")),
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
  z
    .strictObject({
      ...addonSettings,
      nodeRoleName: optional(
        inputString(KARPENTER_SETTING_CHECKS.nodeRoleName!),
        "Name of the node role (the EC2NodeClasses' role). Default: KarpenterNodeRole-<cluster name>.",
      ),
      nodeRoleSettings: optional(roleSettings, "The boundary, path and tags of the node role, over the cluster's roleDefaults. Default: roleDefaults."),
      ssmManagedInstanceCore: optional(z.boolean(), "Attach AmazonSSMManagedInstanceCore to the node role. Default: true."),
      accessEntry: optional(z.boolean(), "Create the node role's EKS access entry (EC2_LINUX). Default: true."),
      interruptionHandling: optional(z.boolean(), "Create the interruption queue and its EventBridge rules. Default: true."),
      queueName: optional(
        inputString(KARPENTER_SETTING_CHECKS.queueName!),
        "Name of the interruption queue (1-80 letters, digits, '-' or '_'), with interruptionHandling. Default: the cluster's name.",
      ),
      subnetDiscoveryTag: optional(
        z.boolean(),
        "Tag the cluster's private subnets karpenter.sh/discovery: <cluster name>; false for subnets several clusters share. Default: true.",
      ),
    })
    .superRefine(relations((settings) => checkAddonSettingsRelations("karpenter", settings))),
  "Karpenter: its controller role, node role, access entry and interruption queue.",
);

const clusterAddons = doc(
  z.strictObject(
    Object.fromEntries(
      (Object.keys(ADDON_PRESETS) as AddonPresetId[]).map((id) => {
        if (id === "karpenter") return [id, karpenterSettings.optional()];
        const managed = (ADDON_PRESETS[id] as AddonPreset<unknown>).managedAddon !== undefined;
        const settings = managed ? managedAddonSettings : addonSettings;
        const settingRelations = relations((value: Record<string, unknown>) => checkAddonSettingsRelations(id, value));
        return [id, (presetInputs(id, settings, Object.keys(settings)) as z.ZodObject).superRefine(settingRelations).optional()];
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

/** A VPC option, checked as EksVpc checks it. */
const vpcCheck = <K extends keyof typeof VPC_OPTION_CHECKS>(name: K) => VPC_OPTION_CHECKS[name]!;

/** A cluster option, checked as EksCluster checks it. */
const clusterCheck = <K extends keyof typeof CLUSTER_OPTION_CHECKS>(name: K) => CLUSTER_OPTION_CHECKS[name]!;

// ---- issue 23: compute modes, the cluster's own and any other EKS add-ons, control-plane logging

const serviceRoleOptions = doc(
  checkedWhole(
    z.strictObject({
      roleName: optional(ruled(rules.roleName), "The role's name. Default: <cluster name>-<purpose>, shortened to 64 characters with a hash."),
      path: optional(ruled(rules.iamPath), "The role's IAM path. Default: the cluster's roleDefaults.path, else \"/\"."),
      permissionsBoundary: optional(
        arn("iamPolicy"),
        "ARN of a policy that bounds the role's permissions. Default: the cluster's roleDefaults.permissionsBoundary, else none.",
      ),
      tags: optional(tags, "Tags of the role, on top of the cluster's roleDefaults.tags. Default: roleDefaults.tags."),
    }),
    validateServiceRoleOptions,
  ),
  {
    id: "ServiceRoleOptions",
    description: "A role the cluster makes for an AWS service: its name, and its path, permissions boundary and tags over the cluster's roleDefaults.",
  },
);

const autoMode = doc(
  checkedWhole(
    z.strictObject({
      nodePools: optional(
        distinctList(z.enum(AUTO_MODE_NODE_POOLS as unknown as ["general-purpose", "system"])),
        'The built-in node pools to turn on; [] for NodePools of your own only. Default: ["general-purpose", "system"].',
      ),
      nodeRole: optional(serviceRoleOptions, "The role of the nodes Auto Mode launches. Default: <cluster name>-auto-node."),
    }),
    clusterCheck("autoMode"),
  ),
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
  checkedWhole(
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
    validateFargateProfileOptions,
  ),
  { id: "FargateProfile", description: "A Fargate profile. EKS Pod Identity does not run on Fargate: its pods use IRSA." },
);

const eksAddonRole = doc(
  // The role's options are a workload role's (WorkloadRole makes it), so they are checked by its checks.
  z.strictObject({
    serviceAccount: doc(addonServiceAccount, "The service account the add-on runs as (its documentation names it), which the role trusts."),
    mechanism: optional(z.enum(["irsa", "podIdentity"]), 'How the add-on\'s pods get the role; Pod Identity does not reach pods on Fargate. Default: "irsa".'),
    policyStatements: optional(
      checked(z.array(policyStatement), roleCheck("policyStatements")),
      "Statements of a customer-managed policy created for the role. Default: none.",
    ),
    managedPolicyArns: optional(checked(z.array(z.string()), roleCheck("managedPolicyArns")), "ARNs of managed policies to attach. Default: none."),
    addonPolicies: optional(
      addonPolicies,
      'Least-privilege policies of the catalogue\'s presets: { "externalDns": { "hostedZoneArns": [...] } }. Default: none.',
    ),
    roleName: optional(
      checked(z.string(), roleCheck("roleName"), { pattern: rules.roleName.pattern!.source }),
      "The role's name. Default: <cluster name>-<add-on name>, shortened to 64 characters with a hash.",
    ),
    path: optional(
      checked(z.string(), roleCheck("path"), { pattern: rules.iamPath.pattern!.source }),
      "The role's IAM path. Default: the cluster's roleDefaults.path, else \"/\".",
    ),
    permissionsBoundary: optional(
      checked(z.string(), roleCheck("permissionsBoundary"), { pattern: ARN_RULES.iamPolicy.pattern!.source }),
      "ARN of a policy that bounds the role's permissions. Default: the cluster's roleDefaults.permissionsBoundary, else none.",
    ),
    maxSessionDuration: optional(
      inputNumber(roleCheck("maxSessionDuration")),
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
  checkedWhole(
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
    clusterCheck("logGroup"),
  ),
  { id: "ControlPlaneLogGroup", description: "The control plane's log group /aws/eks/<cluster name>/cluster, made before the cluster." },
);

const vpcOptions = doc(
  z.strictObject({
    cidr: optional(inputString(vpcCheck("cidr")), 'The VPC\'s IPv4 CIDR block, from /16 to /24; each subnet takes a sixteenth of it. Default: "10.0.0.0/16".'),
    azCount: optional(inputNumber(vpcCheck("azCount")), "How many availability zones the subnets span (2 to 6). Default: 2."),
    availabilityZones: optional(
      inputList(vpcCheck("availabilityZones")),
      'Availability zone names, for example ["eu-west-1a", "eu-west-1b"], instead of azCount. Default: the first azCount available zones.',
    ),
    natGateways: optional(inputNumber(vpcCheck("natGateways")), "NAT gateways for the private subnets' egress, from 1 up to one per zone. Default: 1."),
    tags: optional(tags, "Tags of every resource of the VPC. Default: none."),
  }),
  { id: "VpcOptions", description: "The VPC the cluster creates when it is not given subnetIds." },
);

const nodeTaint = doc(
  z.strictObject({
    key: doc(z.string(), "The taint's key."),
    value: optional(doc(z.string(), { pattern: rules.labelValue.pattern!.source }), "The taint's value. Default: none."),
    effect: doc(choice(TAINT_CHECKS.effect), "What the taint does to pods that do not tolerate it."),
  }),
  { id: "NodeTaint", description: "A Kubernetes taint on every node of a group." },
);

/** A node group option, checked as ManagedNodeGroup checks it. */
const nodeGroupCheck = <K extends keyof typeof NODE_GROUP_OPTION_CHECKS>(name: K) => NODE_GROUP_OPTION_CHECKS[name]!;

const nodeGroup = doc(
  z.strictObject({
    instanceTypes: optional(inputList(nodeGroupCheck("instanceTypes")), 'EC2 instance types, in order of preference. Default: ["m6i.large"].'),
    capacityType: optional(choice(nodeGroupCheck("capacityType")), 'On-demand or spot capacity. Default: "ON_DEMAND".'),
    minSize: optional(inputNumber(nodeGroupCheck("minSize")), "The fewest nodes. Default: 1."),
    maxSize: optional(inputNumber(nodeGroupCheck("maxSize")), "The most nodes. Default: 3."),
    desiredSize: optional(inputNumber(nodeGroupCheck("desiredSize")), "Nodes at creation; an autoscaler owns the count afterwards. Default: minSize."),
    labels: optional(kubernetesLabels, "Kubernetes labels of the nodes. Default: none."),
    taints: optional(checked(z.array(nodeTaint), nodeGroupCheck("taints")), "Kubernetes taints of the nodes (at most 50). Default: none."),
    diskSizeGib: optional(inputNumber(nodeGroupCheck("diskSizeGib")), "Root volume size in GiB (gp3, encrypted). Default: 50."),
    amiType: optional(inputString(nodeGroupCheck("amiType")), 'The EKS AMI type. Default: "AL2023_x86_64_STANDARD".'),
    tags: optional(tags, "Tags of the node group, its launch template, instances and volumes. Default: none."),
    instanceTags: optional(tags, "Further tags of the instances and volumes only. Default: none."),
  }),
  { id: "NodeGroupOptions", description: "An EKS managed node group." },
);

const addonVersions = doc(
  z.strictObject({
    vpcCni: optional(inputString(ADDON_VERSION_CHECKS.vpcCni!), "Version of vpc-cni. Default: the default for the cluster's Kubernetes version."),
    coreDns: optional(inputString(ADDON_VERSION_CHECKS.coreDns!), "Version of coredns. Default: the default for the cluster's Kubernetes version."),
    kubeProxy: optional(inputString(ADDON_VERSION_CHECKS.kubeProxy!), "Version of kube-proxy. Default: the default for the cluster's Kubernetes version."),
    podIdentityAgent: optional(
      inputString(ADDON_VERSION_CHECKS.podIdentityAgent!),
      "Version of eks-pod-identity-agent. Default: the default for the cluster's Kubernetes version.",
    ),
  }),
  { id: "AddonVersions", description: "Versions of the EKS managed add-ons." },
);

/** `kubernetesVersion: 1.30` is a number that JSON reads as 1.3: say so. */
const kubernetesVersion = checked(
  z.string({
    error: (issue) =>
      typeof issue.input === "number"
        ? 'expected a string "1.<minor>" in quotes: a number loses trailing zeros (1.30 reads as 1.3)'
        : 'expected a string "1.<minor>", for example "1.33"',
  }),
  clusterCheck("kubernetesVersion"),
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
    .superRefine(relations((entry: AccessEntry) => validateAccessEntry("", entry))),
  { id: "AccessEntry", description: "An IAM principal's access to the cluster's Kubernetes API: its groups, user name and EKS access policies." },
) as unknown as z.ZodType<AccessEntry>;

const cluster = doc(
  z
    .strictObject({
      clusterName: doc(
        inputString(clusterCheck("clusterName")),
        "The cluster's name: 1-100 characters, starting with a letter or digit, then letters, digits, '-' or '_'.",
      ),
      kubernetesVersion: optional(
        kubernetesVersion,
        `The Kubernetes version "1.<minor>", in quotes: one EKS runs (a newer one than the package's table of EKS versions, of ${EKS_VERSIONS_AS_OF}, gets a warning). Default: a version in EKS standard support, chosen by the package.`,
      ),
      upgradePolicy: optional(
        z.strictObject({
          supportType: doc(
            choice(UPGRADE_POLICY_CHECKS.supportType),
            "STANDARD: EKS upgrades the cluster when standard support of its version ends; EXTENDED: extended support, at extra cost.",
          ),
        }),
        "What happens when the version's standard support ends. Default: EksCluster's (EKS itself defaults to EXTENDED).",
      ),
      subnetIds: optional(
        inputList(clusterCheck("subnetIds")),
        "Subnets (at least two, in two zones) for the cluster and its nodes: bring your own network. Give this or vpc, not both.",
      ),
      vpc: optional(vpcOptions, "Create a VPC for the cluster with these options. Give this or subnetIds, not both."),
      endpointPublicAccess: optional(
        z.boolean(),
        "Whether the API server endpoint is reachable from the internet (always from inside the VPC). Default: true.",
      ),
      publicAccessCidrs: optional(
        inputList(clusterCheck("publicAccessCidrs")),
        'CIDR blocks allowed to reach the public endpoint (with endpointPublicAccess). Default: ["0.0.0.0/0"].',
      ),
      logTypes: optional(
        checked(z.array(choice(LOG_TYPE_CHECK)), clusterCheck("logTypes")),
        'Control plane log types sent to CloudWatch Logs. Default: ["api", "audit", "authenticator"].',
      ),
      kmsKeyArn: optional(
        checked(z.string(), clusterCheck("kmsKeyArn"), { pattern: ARN_RULES.kmsKey.pattern!.source }),
        "ARN of a KMS key for the envelope encryption of Kubernetes secrets. Default: a key created for the cluster.",
      ),
      authenticationMode: optional(choice(clusterCheck("authenticationMode")), 'Access entries only (API), or also the aws-auth ConfigMap. Default: "API".'),
      clusterCreatorAccess: optional(
        choice(clusterCheck("clusterCreatorAccess")),
        "What the principal creating the cluster gets: accessEntry (an ordinary, removable entry with AmazonEKSClusterAdminPolicy), bootstrap (EKS's bootstrap admin, outside Terraform) or none. Default: accessEntry; a cluster created with the bootstrap admin keeps it.",
      ),
      accessEntries: optional(
        z.array(accessEntry),
        "Access entries: per IAM role or user, its type, Kubernetes groups, user name and EKS access policies with their scopes. Default: none.",
      ),
      adminPrincipalArns: optional(
        checked(z.array(doc(z.string(), { pattern: ARN_RULES.iamPrincipal.pattern!.source })), clusterCheck("adminPrincipalArns")),
        "IAM role or user ARNs that get an access entry with AmazonEKSClusterAdminPolicy at cluster scope (the short form of such an accessEntries entry). Default: none.",
      ),
      nodeGroups: optional(
        checked(z.record(z.string(), nodeGroup), clusterCheck("nodeGroups")),
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
        choice(clusterCheck("vpcCniMechanism")),
        'How the vpc-cni add-on gets its role: IRSA or EKS Pod Identity. Default: "irsa", or "podIdentity" when enableIrsa is false.',
      ),
      existingOidcProviderArn: optional(
        checked(z.string(), clusterCheck("existingOidcProviderArn"), { pattern: ARN_RULES.oidcProvider.pattern!.source }),
        "Use an IAM OIDC provider that already exists for the cluster's issuer (oidcExtraClientIds and oidcExtraThumbprints are then refused: set them on that provider). Default: one is created.",
      ),
      oidcExtraClientIds: optional(
        checked(z.array(z.string()), clusterCheck("oidcExtraClientIds")),
        "Audiences the OIDC provider accepts besides sts.amazonaws.com (IAM allows 100 in all). Default: none.",
      ),
      oidcExtraThumbprints: optional(
        checked(z.array(doc(z.string(), { pattern: rules.thumbprint.pattern!.source })), clusterCheck("oidcExtraThumbprints")),
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
        checked(z.record(z.string(), fargateProfile), (field, profiles) => validateKeys(field, profiles, rules.fargateProfileName)),
        'Fargate profiles, keyed by name: { "batch": { "selectors": [{ "namespace": "batch" }] } }. Default: none.',
      ),
      fargatePodExecutionRole: optional(serviceRoleOptions, "The Fargate profiles' pod execution role. Default: <cluster name>-fargate-pods."),
      coreAddons: optional(coreAddons, "Settings of the cluster's own add-ons: vpc-cni, kube-proxy, coredns, eks-pod-identity-agent. Default: EKS's defaults."),
      eksAddons: optional(
        checked(z.record(z.string(), eksAddon), clusterCheck("eksAddons")),
        'Any other EKS add-on by name, with its settings and optionally a role: { "snapshot-controller": {}, "metrics-server": {} }. Default: none.',
      ),
      logGroup: optional(logGroup, "The control plane's log group (when logTypes is not empty). Default: created, 90 days' retention."),
      deletionProtection: optional(z.boolean(), "Refuse to delete the cluster (EKS deletion protection). Needs AWS provider 6.9 or later. Default: off."),
      zonalShift: optional(
        z.boolean(),
        "Let ARC zonal shift move the cluster's traffic away from an impaired zone. Needs AWS provider 5.74 or later. Default: off.",
      ),
    })
    // A principal once across accessEntries and adminPrincipalArns, said with the entries' own errors (so every error at once).
    .superRefine(validatedBy((_field: string, props: EksClusterProps) => validateAccessEntryPrincipals(props.accessEntries, props.adminPrincipalArns)))
    // The cluster's options as a whole, and those of its VPC and node groups, named as the constructs name them (vpc.natGateways, nodeGroups.<name>.minSize).
    .superRefine(
      relations((props: EksClusterProps) => {
        checkClusterRelations(props);
        if (props.vpc) checkVpcRelations(props.vpc);
        for (const [name, group] of Object.entries(props.nodeGroups ?? {})) checkNodeGroupRelations(`nodeGroups.${name}`, group);
      }),
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
      namespace: doc(z.string(), {
        description: "The namespace (a DNS-1123 label; with subjectMatch StringLike, '*' and '?' match any characters).",
        pattern: rules.namespacePattern.pattern!.source,
      }),
      name: doc(z.string(), {
        description: "The service account's name (a DNS-1123 subdomain; with subjectMatch StringLike, '*' and '?' match any characters).",
        pattern: rules.serviceAccountNamePattern.pattern!.source,
      }),
      createNamespace: optional(
        z.boolean(),
        "Create the namespace too (shared by the stack's service accounts of that namespace); never for kube-system, kube-public, kube-node-lease or default. Default: false.",
      ),
      labels: optional(kubernetesLabels, "Labels of the service account. Default: none."),
      annotations: optional(
        checked(z.record(z.string(), z.string()), SERVICE_ACCOUNT_OPTION_CHECKS.annotations),
        "Further annotations; not eks.amazonaws.com/role-arn, sts-regional-endpoints or token-expiration, which the options set. Default: none.",
      ),
      automountServiceAccountToken: optional(z.boolean(), "Whether pods mount the service account's Kubernetes API token. Default: true."),
      stsRegionalEndpoints: optional(z.boolean(), 'Annotate eks.amazonaws.com/sts-regional-endpoints: "true" (IRSA). Default: true.'),
      tokenExpirationSeconds: optional(
        inputNumber(SERVICE_ACCOUNT_OPTION_CHECKS.tokenExpirationSeconds!),
        "Lifetime of the projected web identity token (IRSA), 3600 to 86400 seconds. Default: the webhook's, 86400.",
      ),
      sessionPolicy: optional(
        statements,
        "A session policy for the service account's Pod Identity association (mechanism \"podIdentity\"): its pods get only what the role and these statements both allow. Turns the binding's session tags off; needs hashicorp/aws 6.57.1 or later. Default: none.",
      ),
    })
    .superRefine(relations(checkServiceAccountRelations)),
  { id: "WorkloadServiceAccount", description: "A Kubernetes service account of a workload." },
);

/** The check of a role's option (the same function WorkloadRole runs on it). */
function roleCheck<K extends keyof typeof ROLE_OPTION_CHECKS>(name: K): NonNullable<(typeof ROLE_OPTION_CHECKS)[K]> {
  return ROLE_OPTION_CHECKS[name]!;
}

const workload = doc(
  z
    .strictObject({
      serviceAccounts: doc(z.array(serviceAccount), "The service accounts whose pods assume the role; usually one."),
      stack: optional(
        ruled(rules.workloadsStackGroup),
        "The workloads stack of the binding: workloads-<environment>-<stack>, with its own Terraform state, so that a change of its bindings plans that stack only (a team's name, say). Moving a binding to another stack keeps its role's name and its resource addresses: a state move (docs/stacks.md). Default: the environment's workloads stack, workloads-<environment>.",
      ),
      roleKey: optional(
        z.string(),
        "A stable name of a role shared by several service accounts (required then): at most 63 lower-case letters, digits and '-', or <namespace>_<name> of one of the service accounts. Default: <namespace>_<name> of the only service account.",
      ),
      mechanism: optional(
        choice(roleCheck("mechanism")),
        'How pods get the role: IRSA (OIDC web identity), EKS Pod Identity, or both during a migration. Default: "irsa".',
      ),
      podIdentity: optional(
        z.strictObject({
          sessionTags: optional(z.boolean(), "Pass session tags (cluster, namespace, service account) to the role. Default: true."),
          targetRoleArn: optional(
            checked(z.string(), POD_IDENTITY_OPTION_CHECKS.targetRoleArn, { pattern: ARN_RULES.iamRole.pattern!.source }),
            "A role in another account that the pod identity role assumes (role chaining). Default: none.",
          ),
        }),
        "Options of EKS Pod Identity (mechanism podIdentity or both).",
      ),
      kube2iamNodeRoleArns: optional(
        checked(z.array(z.string()), roleCheck("kube2iamNodeRoleArns")),
        "IAM role ARNs of nodes that may still sts:AssumeRole the role, while a kube2iam setup migrates. Default: none.",
      ),
      subjectMatch: optional(
        choice(roleCheck("subjectMatch")),
        'How the IRSA trust matches service accounts: StringLike allows * and ? (with createServiceAccounts false; never with Pod Identity). Default: "StringEquals".',
      ),
      createServiceAccounts: optional(
        z.boolean(),
        "Create the Kubernetes service accounts; false creates only the role and its trust, for charts that create their own service account. Default: true.",
      ),
      managedPolicyArns: optional(checked(z.array(z.string()), roleCheck("managedPolicyArns")), "ARNs of managed policies to attach. Default: none."),
      policyArnsByKey: optional(
        checked(z.record(z.string(), z.string()), roleCheck("policyArnsByKey")),
        "Policy ARNs to attach, keyed by a stable name for the attachment. Default: none.",
      ),
      inlinePolicies: optional(
        checked(z.record(z.string(), z.array(policyStatement)), roleCheck("inlinePolicies")),
        "Inline policies, keyed by policy name. Default: none.",
      ),
      policyStatements: optional(
        checked(z.array(policyStatement), roleCheck("policyStatements")),
        "Statements of a customer-managed policy created for the role. Default: none.",
      ),
      addonPolicies: optional(
        addonPolicies,
        'Least-privilege policies of add-ons from the catalogue, with their inputs: { "externalDns": { "hostedZoneArns": [...] } }. Default: none.',
      ),
      extraIamActions: optional(
        checked(z.array(z.string()), roleCheck("extraIamActions")),
        "Actions the policy check takes as real although the pinned IAM catalogue does not list them yet (service:Action). Default: none.",
      ),
      maxManagedPolicies: optional(
        inputNumber(roleCheck("maxManagedPolicies")),
        `The account's quota "Managed policies per role": ${IAM_LIMITS.managedPoliciesPerRoleDefault} by default, raised in Service Quotas up to ${IAM_LIMITS.managedPoliciesPerRoleMax}. Default: ${IAM_LIMITS.managedPoliciesPerRoleDefault}.`,
      ),
      roleName: optional(
        checked(z.string(), roleCheck("roleName"), { pattern: rules.roleName.pattern!.source }),
        "The role's name. Default: <stack>_<namespace>_<name> (or the role key), shortened to 64 characters with a hash.",
      ),
      path: optional(
        checked(z.string(), roleCheck("path"), { pattern: rules.iamPath.pattern!.source }),
        "The role's IAM path. Default: the cluster's roleDefaults.path, else \"/\".",
      ),
      description: optional(
        checked(z.string(), roleCheck("description")),
        `The role's description, at most ${IAM_LIMITS.descriptionLength} characters. Default: one naming the service accounts.`,
      ),
      permissionsBoundary: optional(
        checked(z.string(), roleCheck("permissionsBoundary"), { pattern: ARN_RULES.iamPolicy.pattern!.source }),
        "ARN of a policy that bounds the role's permissions. Default: the cluster's roleDefaults.permissionsBoundary, else none.",
      ),
      maxSessionDuration: optional(
        inputNumber(roleCheck("maxSessionDuration")),
        `The longest session in seconds, ${IAM_LIMITS.sessionDurationMin} to ${IAM_LIMITS.sessionDurationMax}. Default: ${IAM_LIMITS.sessionDurationMin}.`,
      ),
      tags: optional(tags, "Tags of the role, on top of the cluster's roleDefaults.tags. Default: roleDefaults.tags."),
      maxTrustPolicyLength: optional(
        inputNumber(roleCheck("maxTrustPolicyLength")),
        `The account's quota "Role trust policy length": ${IAM_LIMITS.trustPolicyLengthDefault} by default, raised in Service Quotas up to ${IAM_LIMITS.trustPolicyLengthMax}. Default: ${IAM_LIMITS.trustPolicyLengthDefault}.`,
      ),
    })
    // The service accounts' names, in the form subjectMatch allows, as each field is checked; then the
    // workload as a whole: the service accounts against the mechanism, the statements, the role key.
    .superRefine(validatedBy((_field, value) => checkSubjects("serviceAccounts", value.serviceAccounts, value.subjectMatch ?? "StringEquals")))
    .superRefine(relations((value) => checkWorkload(value as Workload))),
  { id: "Workload", description: "A workload: an IAM role and the Kubernetes service accounts whose pods assume it." },
);

// ---- environments and the whole file -------------------------------------------------------------

const environment = doc(
  z
    .strictObject({
      name: ruled(rules.environmentName, "The environment's name (dev, staging, prod): it names the stacks eks-<name> and workloads-<name>."),
      region: ruled(rules.region, "The AWS region, for example eu-west-1."),
      cluster,
      workloads: doc(z.array(workload), "The workloads on the cluster (may be empty)."),
    })
    // Every ARN in the region's partition: the check EksCluster and WorkloadRole run on their options.
    .superRefine(
      relations((env) => {
        checkPartitions("cluster", env.cluster, env.region);
        env.workloads.forEach((w, i) => checkPartitions(`workloads[${i}]`, w, env.region));
      }),
    ),
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
