import { sequenceEnd } from "../../modules/core/hcl-template";
import { asObject, asString, type JsonObject } from "./json";
import type { SynthOutput } from "./load";

/** A reference to a resource or data source in a Terraform expression, such as `aws_iam_role.x.arn`. */
export interface Ref {
  /** The stack that holds the referenced block (after following cross-stack outputs). */
  readonly stack: string;
  /** A data source (`data.<type>.<name>`) rather than a resource. */
  readonly data: boolean;
  readonly type: string;
  /** The logical id. */
  readonly name: string;
  /** The first attribute after the name (`arn`, `name`, `url`, ...), if any. */
  readonly attr?: string;
}

/** The prefix cdktf gives the remote state data source of a cross-stack reference; the producer's stack name follows. */
const CROSS_STACK_INPUT = "cross-stack-reference-input-";
const REMOTE_OUTPUT = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;
// Not preceded by a name character, `.` or `-`: output names such as
// `cross-stack-output-aws_iam_rolex_ABCarn` must not read as a reference to `aws_iam_role`.
const BLOCK_REF = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\.([a-z_][a-z0-9_]*))?/g;
const MAX_DEPTH = 8;

/** Whether a value is a literal: no Terraform interpolation in it. */
export function isLiteral(value: string): boolean {
  return !value.includes("${");
}

/** The `${ ... }` interpolations of a string, outermost only (not Terraform's escape `$${`). */
function interpolations(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 1)) {
    if (text[start - 1] === "$") continue;
    const end = sequenceEnd(text, start);
    if (end < 0) break;
    found.push(text.slice(start + 2, end));
    start = end;
  }
  return found;
}

/** The stack JSON's block of a kind, type and logical id. */
export function blockOf(out: SynthOutput, ref: Pick<Ref, "stack" | "data" | "type" | "name">): JsonObject | undefined {
  const stack = out.stacks.get(ref.stack);
  return asObject(asObject(asObject(stack?.[ref.data ? "data" : "resource"])?.[ref.type])?.[ref.name]);
}

/**
 * The resources and data sources an expression refers to, in order of appearance. A cross-stack
 * reference (a `terraform_remote_state` output that cdktf made) is followed into the producer
 * stack when that stack is in the same output, so the result names the real resource; otherwise
 * the remote state reference itself is returned.
 */
export function refsIn(out: SynthOutput, stack: string, expression: string, depth = 0): readonly Ref[] {
  if (isLiteral(expression)) return [];
  // Cross-stack expressions repeat in every role of a stack: each is read once per output.
  let cache = CACHE.get(out);
  if (!cache) CACHE.set(out, (cache = new Map()));
  const key = `${stack}\n${expression}`;
  const known = cache.get(key);
  if (known) return known;
  const refs = readRefs(out, stack, expression, depth);
  cache.set(key, refs);
  return refs;
}

const CACHE = new WeakMap<SynthOutput, Map<string, readonly Ref[]>>();

function readRefs(out: SynthOutput, stack: string, expression: string, depth: number): Ref[] {
  const refs: Ref[] = [];
  for (const part of interpolations(expression)) {
    const rest = part.replace(REMOTE_OUTPUT, (_match, remote: string, output: string) => {
      const producer = remote.startsWith(CROSS_STACK_INPUT) ? remote.slice(CROSS_STACK_INPUT.length) : undefined;
      const value = producer !== undefined ? asString(asObject(asObject(out.stacks.get(producer)?.output)?.[output])?.value) : undefined;
      if (producer !== undefined && value !== undefined && depth < MAX_DEPTH) {
        refs.push(...refsIn(out, producer, value, depth + 1));
      } else {
        refs.push({ stack, data: true, type: "terraform_remote_state", name: remote, attr: output });
      }
      return " ";
    });
    for (const m of rest.matchAll(BLOCK_REF)) {
      if (m[2] === "terraform_remote_state") continue;
      refs.push({ stack, data: m[1] !== undefined, type: m[2], name: m[3], attr: m[4] });
    }
  }
  return refs;
}

/** The first reference of a type (resource or data source, as asked) in an expression. */
export function findRef(out: SynthOutput, stack: string, expression: string, type: string, data = false): Ref | undefined {
  return refsIn(out, stack, expression).find((r) => r.type === type && r.data === data);
}

/** The construct path of a block without its stack's name (`orders/role/role`), or its address when it has none. */
export function constructPath(stack: string, type: string, logicalId: string, body: JsonObject | undefined, data = false): string {
  const path = asString(asObject(asObject(body?.["//"])?.metadata)?.path);
  if (path === undefined) return `${data ? "data." : ""}${type}.${logicalId}`;
  return path.startsWith(`${stack}/`) ? path.slice(stack.length + 1) : path;
}
