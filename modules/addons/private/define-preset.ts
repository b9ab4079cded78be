import { z } from "zod";
import type { AddonPreset, PresetContext } from "../preset";
import { ARN_PATTERN_RULES, type ArnKind, validateArns } from "../../core/arns";
import type { PolicyStatement } from "../../iam/policy-statement";
import { checkOutline } from "./addon-inputs";
import { checkRule, isToken } from "../../core/rule";
import { ValidationError } from "../../core/errors";

/**
 * How upstream's policy scopes what an ARN input names, and so which wildcards in it widen that:
 * - `exact`: upstream (or the scoping it recommends, which the preset follows) names each resource:
 *   any `*` or `?` widens it (`role/*` passes every role, `hostedzone/*` every zone, a bucket `*`
 *   every bucket of every account);
 * - `namePrefix`: upstream names resources by a literal name prefix in one region and account
 *   (`secret:dev-*`): a wildcard in the partition, region or account, or a name that starts with one, widens it;
 * - `any`: upstream grants the actions on every resource (`*`): the input only narrows, no wildcard widens it.
 */
export type UpstreamScope = "exact" | "namePrefix" | "any";

/** An input of a preset that holds ARNs: a list of them, or one. */
export interface ArnInput {
  /** The kind of ARN (see modules/core/arns.ts); IAM wildcards are allowed, since the ARNs are policy resources. */
  readonly kind: ArnKind;
  /** How upstream scopes what the input names: which wildcards in it are wider than upstream. */
  readonly scope: UpstreamScope;
  /** What upstream's policy names there, for the message: `the KarpenterNodeRole the getting-started template creates`. */
  readonly upstream: string;
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

/** The option of a preset's inputs that accepts ARN wildcards wider than upstream's scope. */
export const ACKNOWLEDGE_WIDENING = "acknowledgeWideningWildcards";

/** Whether an ARN pattern is wider than upstream's scope of its input (see {@link UpstreamScope}); values only known at apply time are not judged. */
export function widensUpstream(arn: string, scope: UpstreamScope): boolean {
  if (scope === "any" || isToken(arn) || !/[*?]/.test(arn)) return false;
  if (scope === "exact") return true;
  const parts = arn.split(":");
  const resource = parts.slice(5).join(":");
  // The name after the resource type (`secret:`, `parameter/`) starts with a literal character.
  const name = resource.replace(/^(secret:|parameter\/)/, "");
  return parts.slice(0, 5).some((p) => /[*?]/.test(p)) || /^[*?]/.test(name);
}

/** Why a preset refuses an empty list of ARNs that may be left out: leaving it out has a meaning, an empty list would grant nothing. */
const EMPTY = "an empty list grants nothing: leave the field out instead";

/** Makes a preset from its definition: `validate` checks the inputs, and `statements` validates before it builds. */
export function definePreset<I>(definition: PresetDefinition<I>): AddonPreset<I> {
  const { arnInputs, check, statements, managedAddon, unscopedWriteActions, schema: outline, ...facts } = definition;
  // A preset whose ARN inputs upstream scopes takes the option that accepts wider wildcards.
  const widening = Object.values(arnInputs ?? {}).some((input) => (input as ArnInput | undefined)?.scope !== "any");
  const schema = widening
    ? ((outline as unknown as z.ZodObject).extend({ [ACKNOWLEDGE_WIDENING]: z.boolean().optional() }) as unknown as z.ZodType<I>)
    : outline;
  const validate = (inputs: I): void => {
    const checked = checkOutline(schema, inputs);
    const acknowledged = (checked as Record<string, unknown>)[ACKNOWLEDGE_WIDENING] === true;
    for (const [field, input] of Object.entries(arnInputs ?? {}) as [string, ArnInput][]) {
      const value = (checked as Record<string, string | readonly string[] | undefined>)[field];
      if (typeof value === "string") checkRule(field, value, ARN_PATTERN_RULES[input.kind]);
      else validateArns(field, value, input.kind, { required: input.required, wildcards: true, refuseEmpty: EMPTY });
      if (acknowledged) continue;
      const values = typeof value === "string" ? [value] : (value ?? []);
      values.forEach((arn, i) => {
        if (!widensUpstream(arn, input.scope)) return;
        throw ValidationError.invalid(
          typeof value === "string" ? field : `${field}[${i}]`,
          arn,
          `the wildcard makes the preset wider than upstream's policy, which names ${input.upstream}: ` +
            `name the resources, or set ${ACKNOWLEDGE_WIDENING} true to accept it (the access review then lists it as wider than upstream)`,
        );
      });
    }
    check?.(checked);
  };
  return {
    ...facts,
    schema,
    widerThanUpstream: (inputs: I) => widenedInputs(arnInputs as { readonly [field: string]: ArnInput | undefined }, inputs),
    ...(managedAddon !== undefined ? { managedAddon: { name: managedAddon, serviceAccount: facts.serviceAccount } } : {}),
    unscopedWriteActions: unscopedWriteActions ?? [],
    validate,
    statements(inputs, ctx) {
      validate(inputs);
      return statements(inputs, ctx);
    },
  };
}

/** The ARN inputs whose values are wider than upstream's scope (acknowledged, since validation passed), by field name. */
export function widenedInputs(arnInputs: { readonly [field: string]: ArnInput | undefined } | undefined, inputs: unknown): string[] {
  const given = (inputs ?? {}) as Record<string, string | readonly string[] | undefined>;
  return Object.entries(arnInputs ?? {}).flatMap(([field, input]) => {
    const value = given[field];
    const values = typeof value === "string" ? [value] : (value ?? []);
    return input && values.some((arn) => widensUpstream(arn, input.scope)) ? [field] : [];
  });
}
