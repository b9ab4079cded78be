import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/** Per stack and kind of claim: what was claimed (by key) and the construct path that claimed it. */
const claimsByStack = new WeakMap<TerraformStack, Map<string, Map<string, string>>>();

/**
 * Claims `key` of a kind (role names, bound service accounts, declared service accounts) for a
 * construct in its stack. Returns the path of the construct that claimed it first, or undefined when
 * the claim is new; the caller says what a second claim means.
 */
export function claim(by: Construct, kind: string, key: string): string | undefined {
  const stack = TerraformStack.of(by);
  const kinds = claimsByStack.get(stack) ?? new Map<string, Map<string, string>>();
  claimsByStack.set(stack, kinds);
  const claims = kinds.get(kind) ?? new Map<string, string>();
  kinds.set(kind, claims);
  const other = claims.get(key);
  if (other === undefined) claims.set(key, by.node.path);
  return other;
}
