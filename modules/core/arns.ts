import { TerraformProvider, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { joinField, ValidationError } from "./errors";
import { checkRule, isToken, patternRule, type Rule, validateDistinct } from "./rule";
import { awsManagedPolicyProblem } from "./private/aws-managed-policy-check";

/**
 * AWS partitions, regions, account IDs and the forms of the ARNs that fields take, in one place:
 * the constructs, the configuration schema, the add-on presets and the policy check all use these.
 *
 * An ARN is `arn:<partition>:<service>:<region>:<account>:<resource>` (AWS General Reference,
 * "Amazon Resource Names"); each kind below says which service it names, whether it has a region and
 * an account, and the form of its resource part.
 */

/** The partitions an ARN may name. */
export const PARTITIONS: readonly string[] = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/** A region name: `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`. */
const REGION = "[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}";
/** An account ID: 12 digits. */
const ACCOUNT = "\\d{12}";
/** Any partition of {@link PARTITIONS}, as a regular expression source. */
const PARTITION = `(?:${PARTITIONS.join("|")})`;
/** An optional IAM path between the resource type and the name: `a/b/`. */
const IAM_PATH = "(?:[\\x21-\\x7e]*/)?";
/** An IAM role or user name. */
const IAM_NAME = "[\\w+=,.@-]{1,64}";

/** An AWS partition: `aws`, `aws-cn`, `aws-us-gov`, ... */
export const partitionRule: Rule<string> = Object.assign(
  (value: string) => (PARTITIONS.includes(value) ? undefined : `expected an AWS partition: ${PARTITIONS.join(", ")}`),
  { pattern: new RegExp(`^${PARTITION}$`) },
);

/** An AWS region name. */
export const regionRule: Rule<string> = patternRule(new RegExp(`^${REGION}$`), "expected an AWS region such as eu-west-1");

/** An AWS account ID. */
export const accountIdRule: Rule<string> = patternRule(new RegExp(`^${ACCOUNT}$`), "expected a 12-digit AWS account ID");

/** The kinds of ARN that fields take, each with its own form. */
export type ArnKind =
  | "iamRole"
  | "iamPrincipal"
  | "iamPolicy"
  | "oidcProvider"
  | "kmsKey"
  | "eksCluster"
  | "hostedZone"
  | "s3Bucket"
  | "s3DirectoryBucket"
  | "ssmParameter"
  | "secret"
  | "sqsQueue"
  | "prometheusWorkspace"
  | "efsFileSystem"
  | "targetGroup";

/** The form of one kind of ARN. */
interface ArnForm {
  /** What it is, for the message: `an IAM role ARN`. */
  readonly what: string;
  /** The service part. */
  readonly service: string;
  /** Whether the region part is given (else it is empty). */
  readonly regional: boolean;
  /** The account part: a 12-digit account, also `aws` (AWS-managed things), or none (empty). */
  readonly account: "account" | "accountOrAws" | "none";
  /** The resource part, as a regular expression source. */
  readonly resource: string;
  /** The resource part as the message shows it: `role/<path/><name>`. */
  readonly shape: string;
  /** Said after the form, for a common mistake. */
  readonly note?: string;
}

const FORMS: { readonly [kind in ArnKind]: ArnForm } = {
  iamRole: {
    what: "an IAM role ARN",
    service: "iam",
    regional: false,
    account: "account",
    resource: `role/${IAM_PATH}${IAM_NAME}`,
    shape: "role/<path/><name>",
  },
  iamPrincipal: {
    what: "an IAM role or user ARN",
    service: "iam",
    regional: false,
    account: "account",
    resource: `(?:role|user)/${IAM_PATH}${IAM_NAME}`,
    shape: "role/<path/><name> or :user/<path/><name>",
  },
  iamPolicy: {
    what: "an IAM policy ARN",
    service: "iam",
    regional: false,
    account: "accountOrAws",
    resource: `policy/${IAM_PATH}[\\w+=,.@-]{1,128}`,
    shape: "policy/<path/><name>",
  },
  oidcProvider: {
    what: "an IAM OIDC provider ARN",
    service: "iam",
    regional: false,
    account: "account",
    resource: "oidc-provider/[\\x21-\\x7e]+",
    shape: "oidc-provider/<issuer host>",
  },
  kmsKey: {
    what: "a KMS key ARN",
    service: "kms",
    regional: true,
    account: "account",
    resource: "key/[A-Za-z0-9-]+",
    shape: "key/<key id>",
    // IAM policies name keys by key ARN: an alias ARN in a policy grants nothing on its key.
    note: "; an alias ARN does not grant use of its key",
  },
  eksCluster: {
    what: "an EKS cluster ARN",
    service: "eks",
    regional: true,
    account: "account",
    resource: "cluster/[0-9A-Za-z][A-Za-z0-9_-]{0,99}",
    shape: "cluster/<name>",
  },
  hostedZone: {
    what: "a Route 53 hosted zone ARN",
    service: "route53",
    regional: false,
    account: "none",
    resource: "hostedzone/[A-Za-z0-9]+",
    shape: "hostedzone/<zone id>",
  },
  // From 1 character, not S3's 3: a wildcard pattern (`a*`) may be shorter than the names it matches.
  s3Bucket: {
    what: "an S3 bucket ARN",
    service: "s3",
    regional: false,
    account: "none",
    resource: "[a-z0-9][a-z0-9.-]{0,62}",
    shape: "<bucket>",
    note: " (without a key part)",
  },
  s3DirectoryBucket: {
    what: "an S3 directory bucket ARN",
    service: "s3express",
    regional: true,
    account: "account",
    resource: "bucket/[a-z0-9][a-z0-9.-]*--x-s3",
    shape: "bucket/<name>--<zone id>--x-s3",
  },
  ssmParameter: {
    what: "an SSM parameter ARN",
    service: "ssm",
    regional: true,
    account: "account",
    resource: "parameter/.+",
    shape: "parameter/<name or path>",
  },
  secret: {
    what: "a Secrets Manager secret ARN",
    service: "secretsmanager",
    regional: true,
    account: "account",
    resource: "secret:.+",
    shape: "secret:<name>",
  },
  sqsQueue: {
    what: "an SQS queue ARN",
    service: "sqs",
    regional: true,
    account: "account",
    resource: "[A-Za-z0-9_-]{1,80}(?:\\.fifo)?",
    shape: "<queue name>",
  },
  prometheusWorkspace: {
    what: "an Amazon Managed Service for Prometheus workspace ARN",
    service: "aps",
    regional: true,
    account: "account",
    resource: "workspace/[A-Za-z0-9-]+",
    shape: "workspace/<workspace id>",
  },
  efsFileSystem: {
    what: "an EFS file system ARN",
    service: "elasticfilesystem",
    regional: true,
    account: "account",
    resource: "file-system/[A-Za-z0-9-]+",
    shape: "file-system/<file system id>",
  },
  targetGroup: {
    what: "an ELB target group ARN",
    service: "elasticloadbalancing",
    regional: true,
    account: "account",
    resource: "targetgroup/[A-Za-z0-9-]+/[A-Za-z0-9]+",
    shape: "targetgroup/<name>/<id>",
  },
};

const ACCOUNT_SHAPES = { account: "<12-digit account>", accountOrAws: "<aws or 12-digit account>", none: "" } as const;

/** What a message says a right value is: `an IAM role ARN arn:<partition>:iam::<12-digit account>:role/<path/><name>`. */
function expected(form: ArnForm, wildcards: boolean): string {
  const shape = `arn:<partition>:${form.service}:${form.regional ? "<region>" : ""}:${ACCOUNT_SHAPES[form.account]}:${form.shape}`;
  return `expected ${form.what} ${shape}${form.note ?? ""}${wildcards ? " ('*' and '?' match any characters)" : ""}`;
}

/** Whole-ARN regular expressions of each form, for exact values (and the JSON Schema). */
function exactPattern(form: ArnForm): RegExp {
  const account = { account: ACCOUNT, accountOrAws: `(?:aws|${ACCOUNT})`, none: "" }[form.account];
  return new RegExp(`^arn:${PARTITION}:${form.service}:${form.regional ? REGION : ""}:${account}:(?:${form.resource})$`);
}

/**
 * Whether a value has the form, part by part. With `wildcards` (IAM policy resources), the region and
 * the account may be `*`, and `*` and `?` in the resource part stand for characters of a name.
 */
function hasForm(form: ArnForm, resourcePattern: RegExp, value: string, wildcards: boolean): boolean {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return false;
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(":");
  const any = (part: string) => wildcards && part === "*";
  const regionOk = form.regional ? any(region) || regionRule(region) === undefined : region === "";
  const accountOk =
    form.account === "none" ? account === "" : any(account) || accountIdRule(account) === undefined || (form.account === "accountOrAws" && account === "aws");
  return (
    PARTITIONS.includes(partition) &&
    service === form.service &&
    regionOk &&
    accountOk &&
    resourcePattern.test(wildcards ? resource.replace(/[*?]/g, "a") : resource)
  );
}

/** A session of an assumed role: `arn:<partition>:sts::<account>:assumed-role/<role name>/<session>`. */
const ASSUMED_ROLE = new RegExp(`^arn:(${PARTITION}):sts::(${ACCOUNT}):assumed-role/([\\w+=,.@-]{1,64})/[^/]+$`);

/** What to say of an assumed-role session ARN given where a role or user ARN belongs, or undefined for any other value. */
function assumedRoleProblem(value: string): string | undefined {
  const match = ASSUMED_ROLE.exec(value);
  if (!match) return undefined;
  const [, partition, account, role] = match;
  return `an assumed-role session ARN names a session, not an IAM principal: give the role's ARN, arn:${partition}:iam::${account}:role/<path/>${role}`;
}

function ruleOf(kind: ArnKind, wildcards: boolean): Rule<string> {
  const form = FORMS[kind];
  const resourcePattern = new RegExp(`^(?:${form.resource})$`);
  const allowed = expected(form, wildcards);
  const rule = (value: string) => {
    // An exact policy ARN of AWS's own account names a policy AWS publishes: one the table knows.
    if (hasForm(form, resourcePattern, value, wildcards)) return kind === "iamPolicy" && !wildcards ? awsManagedPolicyProblem(value) : undefined;
    return (kind === "iamRole" || kind === "iamPrincipal" ? assumedRoleProblem(value) : undefined) ?? allowed;
  };
  return wildcards ? rule : Object.assign(rule, { pattern: exactPattern(form) });
}

function rulesOf(wildcards: boolean): { readonly [kind in ArnKind]: Rule<string> } {
  const kinds = Object.keys(FORMS) as ArnKind[];
  return Object.fromEntries(kinds.map((kind) => [kind, ruleOf(kind, wildcards)])) as { [kind in ArnKind]: Rule<string> };
}

/** The rule of each kind of ARN, for exact values (fields that name one thing); each carries its pattern. */
export const ARN_RULES: { readonly [kind in ArnKind]: Rule<string> } = rulesOf(false);

/**
 * The rule of each kind of ARN as a policy resource: the region and account may be `*`, and `*` and
 * `?` in the resource part match any characters (`arn:aws:s3:::backups-*`).
 */
export const ARN_PATTERN_RULES: { readonly [kind in ArnKind]: Rule<string> } = rulesOf(true);

/** Checks an ARN of the given kind; a value only known at apply time is skipped. */
export function validateArn(field: string, value: string, kind: ArnKind): void {
  checkRule(field, value, ARN_RULES[kind]);
}

/** Options of {@link validateArns}. */
export interface ArnListOptions {
  /**
   * At least one ARN must be given: an absent or empty list fails.
   * @default false
   */
  readonly required?: boolean;
  /**
   * Why an empty list fails although the field may be left out (when an empty list would mean
   * something else than leaving it out), for the message.
   * @default an empty list is allowed
   */
  readonly refuseEmpty?: string;
  /**
   * The ARNs are policy resources: IAM wildcards are allowed (see {@link ARN_PATTERN_RULES}).
   * @default false
   */
  readonly wildcards?: boolean;
}

/**
 * Checks a list of ARNs of one kind: each has the kind's form (values only known at apply time are
 * skipped), and none is listed twice.
 */
export function validateArns(field: string, values: readonly string[] | undefined, kind: ArnKind, options: ArnListOptions = {}): void {
  const rule = (options.wildcards ? ARN_PATTERN_RULES : ARN_RULES)[kind];
  if (values === undefined || values.length === 0) {
    const needed = `give at least one: ${FORMS[kind].what}`;
    if (options.required && values === undefined) throw ValidationError.missing(field, needed);
    if (options.required) throw ValidationError.invalid(field, values, needed);
    if (values !== undefined && options.refuseEmpty !== undefined) throw ValidationError.invalid(field, values, options.refuseEmpty);
    return;
  }
  values.forEach((value, i) => checkRule(`${field}[${i}]`, value, rule));
  validateDistinct(field, values);
}

/** The region prefixes of each partition but the commercial one (`aws`), which has every other region. */
const REGION_PARTITIONS: readonly (readonly [RegExp, string])[] = [
  [/^cn-/, "aws-cn"],
  [/^us-gov-/, "aws-us-gov"],
  [/^us-isob-/, "aws-iso-b"],
  [/^us-isof-/, "aws-iso-f"],
  [/^us-iso-/, "aws-iso"],
  [/^eu-isoe-/, "aws-iso-e"],
  [/^eusc-/, "aws-eusc"],
];

/** The partition of a region: `cn-north-1` -> `aws-cn`, `us-gov-west-1` -> `aws-us-gov`, `eu-west-1` -> `aws`. */
export function partitionOfRegion(region: string): string {
  return REGION_PARTITIONS.find(([prefix]) => prefix.test(region))?.[1] ?? "aws";
}

/** The partition an ARN names, when it is written out (not a token, not a wildcard or a policy variable). */
export function partitionOfArn(arn: string): string | undefined {
  if (isToken(arn)) return undefined;
  const match = /^arn:([^:]*):/.exec(arn);
  return match && /^[a-z-]+$/.test(match[1]) ? match[1] : undefined;
}

/**
 * The keys of inputs that hold ARNs: `...Arn`, `...Arns`, a policy's `resources`, a
 * `permissionsBoundary`, `policyArnsByKey`, an OIDC provider's `arn`. Free text (descriptions, tags,
 * annotations, condition values, configuration values) may mention any ARN and is not one.
 */
const ARN_KEY = /^(arn|resources|permissionsBoundary|policyArnsByKey)$|Arns?$/;

/** Whether a value is a plain object or list (not a construct, a token or a class instance). */
function isPlain(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/**
 * Checks that every ARN input of a value (see {@link ARN_KEY}, at any depth: an add-on's inputs, a
 * statement's resources) names the partition of the region the resources are made in: IAM and EKS of
 * one partition cannot use resources of another, so a role of `aws` trusting or granting on an
 * `aws-cn` ARN fails at apply or silently grants nothing. ARNs only known at apply time, and
 * partitions written as wildcards, are skipped.
 */
export function checkPartitions(field: string, value: unknown, region: string): void {
  const partition = partitionOfRegion(region);
  // Without recursion, and each object once: a value may nest deep or hold itself (its own checks refuse that later).
  const stack: { at: string; value: unknown; inArnField: boolean }[] = [{ at: field, value, inArnField: false }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { at, value: current, inArnField } = stack.pop()!;
    if (typeof current === "string") {
      const named = inArnField ? partitionOfArn(current) : undefined;
      if (named !== undefined && named !== partition) {
        throw ValidationError.invalid(
          at,
          current,
          `it names the partition ${named}, and the cluster's region ${region} is in ${partition}: give the ARN of a resource in ${partition}`,
        );
      }
      continue;
    }
    if (!isPlain(current) || seen.has(current)) continue;
    seen.add(current);
    const entries: [string, unknown, boolean][] = Array.isArray(current)
      ? current.map((item, i) => [`${at}[${i}]`, item, inArnField])
      : Object.entries(current).map(([key, item]) => [joinField(at, key), item, inArnField || ARN_KEY.test(key)]);
    // In reverse, so that the first ARN of the value is the first found.
    for (const [itemAt, item, arnField] of entries.reverse()) stack.push({ at: itemAt, value: item, inArnField: arnField });
  }
}

/**
 * The region of a scope's stack, from its AWS provider (the one without an alias), when it is
 * written out; undefined when there is none or it is only known at apply time.
 */
export function regionOfStack(scope: IConstruct): string | undefined {
  const stack = TerraformStack.of(scope);
  if (regions.has(stack)) return regions.get(stack);
  for (const child of stack.node.children) {
    if (!(child instanceof TerraformProvider) || child.terraformResourceType !== "aws") continue;
    const provider = child as unknown as { readonly alias?: string; readonly region?: string };
    if (provider.alias !== undefined) continue;
    const region = typeof provider.region === "string" && !isToken(provider.region) && regionRule(provider.region) === undefined ? provider.region : undefined;
    // Once the provider is there (a stack of a thousand roles looks it up once, not a thousand times).
    regions.set(stack, region);
    return region;
  }
  return undefined;
}

/** The region of each stack's AWS provider, once it has been found. */
const regions = new WeakMap<TerraformStack, string | undefined>();
