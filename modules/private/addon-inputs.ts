import { z } from "zod";
import { ValidationError, joinField } from "../errors";
import { isToken } from "../naming";
import type { PresetContext } from "../addons/preset";

/**
 * Checks a preset's inputs against its outline and returns them. The first problem becomes a
 * `ValidationError` at the path of the offending value (`hostedZoneArns[1]`), relative to the inputs.
 */
export function checkOutline<I>(schema: z.ZodType<I>, inputs: unknown): I {
  const result = schema.safeParse(inputs);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = fieldOf(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
    throw new ValidationError(field, `has unknown ${issue.keys.length === 1 ? "key" : "keys"} ${keys}: allowed keys are ${allowedKeys(schema, issue.path)}`);
  }
  if (issue.code === "invalid_type") {
    const value = valueAt(inputs, issue.path);
    if (value === undefined) throw ValidationError.missing(field, `expected ${issue.expected}`);
    throw ValidationError.invalid(field, value, `expected ${issue.expected}`);
  }
  throw ValidationError.invalid(field, valueAt(inputs, issue.path), issue.message.charAt(0).toLowerCase() + issue.message.slice(1));
}

/** A zod path as a field path: `["a", 0, "b"]` -> `a[0].b`. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((field, key) => (typeof key === "number" ? `${field}[${key}]` : joinField(field, String(key))), "");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The keys an object schema at `path` accepts, for the unknown-key message. */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string {
  let node: z.ZodType | undefined = schema;
  for (const key of path) {
    node = node instanceof z.ZodObject ? (node.shape as Record<string, z.ZodType>)[String(key)] : undefined;
    while (node instanceof z.ZodOptional) node = node.unwrap() as z.ZodType;
    if (node instanceof z.ZodArray) node = node.element as z.ZodType;
  }
  const keys = node instanceof z.ZodObject ? Object.keys(node.shape) : [];
  return keys.length === 0 ? "none" : keys.join(", ");
}

/** An optional list of strings in a preset's outline. */
export const stringList = () => z.array(z.string()).readonly().optional();

/** A rule for ARNs of one kind. */
export interface ArnRule {
  /** What a right value looks like, for the message: `a Route 53 hosted zone ARN, arn:<partition>:route53:::hostedzone/<zone id>`. */
  readonly what: string;
  /** The whole ARN's pattern. */
  readonly pattern: RegExp;
}

/** Region or `*` (ARNs of inputs may span regions). */
const REGION = "(?:[a-z]{2}(?:-[a-z]+)+-\\d|\\*)";
/** Account ID or `*`. */
const ACCOUNT = "(?:\\d{12}|\\*)";
/** Any partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, ...). */
const PARTITION = "aws(?:-[a-z]+)*";

function rule(what: string, service: string, regional: boolean, resource: string): ArnRule {
  const location = regional ? `${REGION}:${ACCOUNT}` : ":";
  return { what, pattern: new RegExp(`^arn:${PARTITION}:${service}:${location}:${resource}$`) };
}

/** The ARN shapes the presets take. */
export const ARN_RULES = {
  hostedZone: rule("a Route 53 hosted zone ARN, arn:<partition>:route53:::hostedzone/<zone id>", "route53", false, "hostedzone/[A-Za-z0-9*?]+"),
  kmsKey: rule("a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id> (an alias ARN does not grant use of its key)", "kms", true, "key/[A-Za-z0-9*?-]+"),
  s3Bucket: rule("an S3 bucket ARN, arn:<partition>:s3:::<bucket> (without a key part)", "s3", false, "[a-z0-9*?][a-z0-9.*?-]{0,62}"),
  s3DirectoryBucket: rule(
    "an S3 directory bucket ARN, arn:<partition>:s3express:<region>:<account>:bucket/<name>--<zone id>--x-s3",
    "s3express",
    true,
    "bucket/[a-z0-9*?][a-z0-9.*?-]*--x-s3",
  ),
  ssmParameter: rule("an SSM parameter ARN, arn:<partition>:ssm:<region>:<account>:parameter/<name or path>", "ssm", true, "parameter/.+"),
  secret: rule("a Secrets Manager secret ARN, arn:<partition>:secretsmanager:<region>:<account>:secret:<name>", "secretsmanager", true, "secret:.+"),
  sqsQueue: rule("an SQS queue ARN, arn:<partition>:sqs:<region>:<account>:<queue name>", "sqs", true, "[A-Za-z0-9_*?-]{1,80}(?:\\.fifo)?"),
  prometheusWorkspace: rule("an Amazon Managed Service for Prometheus workspace ARN, arn:<partition>:aps:<region>:<account>:workspace/<workspace id>", "aps", true, "workspace/[A-Za-z0-9*?-]+"),
  efsFileSystem: rule("an EFS file system ARN, arn:<partition>:elasticfilesystem:<region>:<account>:file-system/<file system id>", "elasticfilesystem", true, "file-system/[A-Za-z0-9*?-]+"),
  targetGroup: rule("an ELB target group ARN, arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>", "elasticloadbalancing", true, "targetgroup/[A-Za-z0-9*?-]+/[A-Za-z0-9*?]+"),
  iamRole: { what: "an IAM role ARN, arn:<partition>:iam::<account>:role/<path><name>", pattern: new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/*?-]+$`) },
} as const satisfies Record<string, ArnRule>;

/**
 * Checks a list of ARNs: each must match the rule (values only known at apply time are skipped),
 * and no ARN may appear twice. With `required`, the list must hold at least one.
 */
export function validateArns(field: string, values: readonly string[] | undefined, arnRule: ArnRule, required = false): void {
  if (values === undefined || values.length === 0) {
    if (required) {
      throw values === undefined
        ? ValidationError.missing(field, `give at least one: ${arnRule.what}`)
        : ValidationError.invalid(field, values, `give at least one: ${arnRule.what}`);
    }
    if (values !== undefined) throw ValidationError.invalid(field, values, "an empty list grants nothing: leave the field out instead");
    return;
  }
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (isToken(value)) return;
    if (!arnRule.pattern.test(value)) throw ValidationError.invalid(`${field}[${i}]`, value, `expected ${arnRule.what}`);
    if (seen.has(value)) throw ValidationError.invalid(`${field}[${i}]`, value, "is listed twice");
    seen.add(value);
  });
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function arnOf(ctx: PresetContext, service: string, region: string, account: string, resource: string): string {
  return `arn:${ctx.partition}:${service}:${region}:${account}:${resource}`;
}
