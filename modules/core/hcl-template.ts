/**
 * Terraform template syntax, shared by the policy renderer (`terraform-json.ts`) and the access
 * review's reader (`tools/review/policy.ts`), so that both find the same end of an interpolation.
 * It loads nothing (the review does not load cdktf).
 */

/**
 * How the policy renderer writes an interpolation inside a JSON string so that Terraform JSON-escapes
 * its value: `${<prefix><expression><suffix>}`, that is
 * `${trimsuffix(trimprefix(jsonencode(<expression>), "\""), "\"")}`. The review reads through it.
 */
export const JSON_STRING_PREFIX = "trimsuffix(trimprefix(jsonencode(";
/** How it ends (see {@link JSON_STRING_PREFIX}). */
export const JSON_STRING_SUFFIX = '), "\\""), "\\"")';

/** An open HCL quoted string, in {@link sequenceEnd}'s stack of brace depths. */
const QUOTED = -1;

/**
 * The index of the `}` that closes the template sequence (`${` or `%{`) at `start`, or -1 when none
 * does. The sequence holds an HCL expression: a `{` or `}` in one of its quoted strings does not
 * count, a quoted string may hold escapes (`\"`) and sequences of its own, and `$${` / `%%{` there
 * are Terraform's escapes, not sequences. Comments and heredocs inside a sequence are not followed:
 * the policies the constructs write hold neither.
 */
export function sequenceEnd(text: string, start: number): number {
  // The open contexts, innermost last: a brace depth (>= 0) in an expression, QUOTED in a string.
  const open = [0];
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    const top = open.length - 1;
    if (open[top] === QUOTED) {
      if (c === "\\") i++;
      else if (c === '"') open.pop();
      else if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") i += 2;
      else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        open.push(0);
        i++;
      }
    } else if (c === '"') open.push(QUOTED);
    else if (c === "{") open[top]++;
    else if (c === "}") {
      if (open[top] > 0) open[top]--;
      else {
        open.pop();
        if (open.length === 0) return i;
      }
    }
  }
  return -1;
}

/**
 * The template sequences Terraform evaluates in a template string, in order: each interpolation
 * `${...}` and directive `%{...}` as written (a sequence never closed runs to the end of the text).
 * Terraform's escapes `$${` and `%%{` are text, not sequences.
 */
export function liveSequences(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c !== "$" && c !== "%") continue;
    if (text[i + 1] === c && text[i + 2] === "{") {
      i += 2;
      continue;
    }
    if (text[i + 1] !== "{") continue;
    const end = sequenceEnd(text, i);
    found.push(text.slice(i, end === -1 ? text.length : end + 1));
    if (end === -1) break;
    i = end;
  }
  return found;
}
