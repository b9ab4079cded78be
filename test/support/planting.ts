/**
 * Planting template sequences into every string input at once, and proving that none of them is
 * live in what is synthesized: the injection walk of test/platform/input-is-data.slow.test.ts.
 *
 * Each string input (and map key) gets `${planted<n>}` and `%{planted<n>}` (n numbers the input), in
 * one of three places. Inputs whose planted value is refused are put back, one build per round (an
 * input refused is as good as escaped: nothing is written), until the whole is accepted; then every
 * string and key of the synthesized stacks is read with the HCL template scanner, and no live
 * sequence may hold a planted marker.
 */
import { type App, TerraformStack, Testing } from "cdktf";
import { fieldOfPath, ValidationError, ValidationErrors } from "../../modules/core/errors";
import { liveSequences } from "./helpers";
import { copyOf, type Input, withInput } from "./input-walk";

/** Where the sequences go in a value. */
export type Variant = "append" | "prepend" | "inside";

export const VARIANTS: readonly Variant[] = ["append", "prepend", "inside"];

/** The sequences planted into input `n`. */
export function plantOf(n: number): string {
  return `\${planted${n}}%{planted${n}}`;
}

/** A value with the sequences planted. */
export function planted(value: string, n: number, variant: Variant): string {
  const plant = plantOf(n);
  if (variant === "append") return `${value}${plant}`;
  if (variant === "prepend") return `${plant}${value}`;
  const middle = Math.ceil(value.length / 2);
  return `${value.slice(0, middle)}${plant}${value.slice(middle)}`;
}

/** What a build made: refused with these errors, or the synthesized stacks (parsed). */
export type Built = { readonly refused: readonly ValidationError[] } | { readonly stacks: readonly unknown[] };

/** Builds with `body` in a fresh app and synthesizes every stack, or returns the input errors. */
export function buildAndSynth(body: (app: App) => void): Built {
  const app = Testing.app();
  try {
    body(app);
    const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
    return { stacks: stacks.map((stack) => JSON.parse(Testing.synth(stack))) };
  } catch (error) {
    if (error instanceof ValidationErrors) return { refused: error.errors };
    if (error instanceof ValidationError) return { refused: [error] };
    throw error;
  }
}

/** The result of a walk: the live sequences that came from input, and which inputs stayed planted. */
export interface Walked {
  readonly leaked: readonly string[];
  readonly accepted: readonly Input[];
  readonly refused: readonly Input[];
}

/** A bad key, as the constructs say it: `key "<key>" is invalid: ...`, said of the map. */
const KEY_PROBLEM = /^key ("(?:[^"\\]|\\.)*") is invalid: /;

/**
 * Whether an error names an input: a bad key names the key of its map that it quotes; any other
 * error the value at its field, or what sits in it or holds it.
 */
function names(error: ValidationError, input: Input, value: string, fieldOf: (field: string) => string): boolean {
  const key = KEY_PROBLEM.exec(error.problem);
  if (key) return input.isKey && value === JSON.parse(key[1]) && fieldOf(fieldOfPath(input.path.slice(0, -1))) === error.field;
  const field = fieldOf(input.isKey ? fieldOfPath([...input.path.slice(0, -1), value]) : input.field);
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  return within(error.field, field) || within(field, error.field);
}

/**
 * Plants every input of `inputs` (strings and keys of `root`) with `variant`, builds with `build`,
 * puts back what is refused until the rest is accepted, and reads the output for live planted sequences.
 * @param fieldOf an input's field as the build's errors name it (when the build wraps or unwraps the value)
 */
export function plantEverywhere<T>(
  root: T,
  inputs: readonly Input[],
  variant: Variant,
  build: (value: T) => Built,
  fieldOf: (field: string) => string = (field) => field,
): Walked {
  const values = new Map<Input, string>(inputs.map((input, n) => [input, planted(String(input.value), n, variant)]));
  const refused: Input[] = [];
  for (let round = 0; ; round++) {
    let value = copyOf(root);
    // Keys last, and the deepest first, so that renaming a map's key does not move the paths of the values.
    const order = [...values.keys()].sort((a, b) => Number(a.isKey) - Number(b.isKey) || b.path.length - a.path.length);
    for (const input of order) value = withInput(value, input, values.get(input));
    const built = build(value);
    if ("stacks" in built) {
      const leaked = liveSequences(built.stacks).filter((s) => /planted\d+/.test(s));
      return { leaked, accepted: [...values.keys()], refused };
    }
    const dropped = [...values.keys()].filter((input) => built.refused.some((e) => names(e, input, values.get(input)!, fieldOf)));
    if (dropped.length === 0) {
      throw new Error(`round ${round}: refused, and no planted input is named by ${built.refused.map((e) => e.message).join("; ")}`);
    }
    for (const input of dropped) {
      values.delete(input);
      refused.push(input);
    }
  }
}
