import { z } from "zod";
import { fieldOfPath, type SchemaIssue, schemaIssueMessage, ValidationError } from "../../core/errors";
import type { PresetContext } from "../preset";

/**
 * Checks a preset's inputs against its outline and returns them. The first problem becomes a
 * `ValidationError` at the path of the offending value (`hostedZoneArns[1]`), relative to the inputs.
 */
export function checkOutline<I>(schema: z.ZodType<I>, inputs: unknown): I {
  const result = schema.safeParse(inputs);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = fieldOfPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
    throw new ValidationError(field, `has unknown ${issue.keys.length === 1 ? "key" : "keys"} ${keys}: allowed keys are ${allowedKeys(schema, issue.path)}`);
  }
  // The words of the configuration file's schema, so that a file and TypeScript say the same.
  const message = schemaIssueMessage(issue as SchemaIssue) ?? issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  const value = valueAt(inputs, issue.path);
  if (issue.code === "invalid_type" && value === undefined) throw ValidationError.missing(field, message);
  throw ValidationError.invalid(field, value, message);
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

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function arnOf(ctx: PresetContext, service: string, region: string, account: string, resource: string): string {
  return `arn:${ctx.partition}:${service}:${region}:${account}:${resource}`;
}
