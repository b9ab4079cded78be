import type { z } from "zod";
import type { AddonPreset, PresetContext } from "../preset";
import { ARN_PATTERN_RULES, type ArnKind, validateArns } from "../../core/arns";
import type { PolicyStatement } from "../../iam/policy-statement";
import { checkOutline } from "./addon-inputs";
import { checkRule } from "../../core/rule";

/** An input of a preset that holds ARNs: a list of them, or one. */
export interface ArnInput {
  /** The kind of ARN (see modules/core/arns.ts); IAM wildcards are allowed, since the ARNs are policy resources. */
  readonly kind: ArnKind;
  /**
   * The input must hold at least one ARN.
   * @default false: it may be left out (an empty list is refused: it would grant nothing)
   */
  readonly required?: boolean;
}

/**
 * What a preset file writes: the preset's facts and its statements. {@link definePreset} adds what
 * every preset does alike: `validate` (the outline, the ARN inputs, then `check`) and `statements`
 * that validate first.
 */
export interface PresetDefinition<I> extends Omit<AddonPreset<I>, "validate" | "statements" | "unscopedWriteActions" | "managedAddon"> {
  /** The inputs' outline (types, no unknown keys). */
  readonly schema: z.ZodType<I>;
  /**
   * Write actions the statements may grant on `*` (see {@link AddonPreset.unscopedWriteActions}).
   * @default none
   */
  readonly unscopedWriteActions?: readonly string[];
  /**
   * The name of the EKS managed add-on, when EKS offers the add-on; it runs as `serviceAccount`.
   * @default none: the add-on is installed with Helm
   */
  readonly managedAddon?: string;
  /**
   * The inputs that hold ARNs, each with its kind: checked after the outline, each ARN against its
   * kind's form, none listed twice.
   * @default none
   */
  readonly arnInputs?: { readonly [K in keyof I]?: ArnInput };
  /**
   * Checks of the inputs besides their outline and ARNs (contradictions, other formats), on inputs
   * whose outline is checked.
   * @default none
   */
  check?(inputs: I): void;
  /** The permissions policy statements, for inputs that are checked. */
  statements(inputs: I, ctx: PresetContext): PolicyStatement[];
}

/** Why a preset refuses an empty list of ARNs that may be left out: leaving it out has a meaning, an empty list would grant nothing. */
const EMPTY = "an empty list grants nothing: leave the field out instead";

/** Makes a preset from its definition: `validate` checks the inputs, and `statements` validates before it builds. */
export function definePreset<I>(definition: PresetDefinition<I>): AddonPreset<I> {
  const { arnInputs, check, statements, managedAddon, unscopedWriteActions, ...facts } = definition;
  const validate = (inputs: I): void => {
    const checked = checkOutline(definition.schema, inputs);
    for (const [field, input] of Object.entries(arnInputs ?? {}) as [string, ArnInput][]) {
      const value = (checked as Record<string, string | readonly string[] | undefined>)[field];
      if (typeof value === "string") checkRule(field, value, ARN_PATTERN_RULES[input.kind]);
      else validateArns(field, value, input.kind, { required: input.required, wildcards: true, refuseEmpty: EMPTY });
    }
    check?.(checked);
  };
  return {
    ...facts,
    ...(managedAddon !== undefined ? { managedAddon: { name: managedAddon, serviceAccount: facts.serviceAccount } } : {}),
    unscopedWriteActions: unscopedWriteActions ?? [],
    validate,
    statements(inputs, ctx) {
      validate(inputs);
      return statements(inputs, ctx);
    },
  };
}
