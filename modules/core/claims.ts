import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/**
 * Claims of names and identities that must be unique: per stack (a Kubernetes service account
 * declared once per provider) or across the whole app, every stack of a platform (IAM role names,
 * EKS cluster names, the service accounts a role binds). The first construct to claim a key owns
 * it; the caller of a second claim says what that means.
 */

/** What was claimed: by whom, and how a message describes it. */
export interface Claim<T = undefined> {
  /** The construct path of the claimant. */
  readonly path: string;
  /** What the claimant is, for messages: `the role at workloads-dev/apps_x/role`. */
  readonly what: string;
  /** Whatever the kind of claim keeps besides (the subject pattern of a bound service account, ...). */
  readonly data: T;
}

/** Where claims are unique: the construct's stack, or the whole app (its root construct). */
export type ClaimScope = "stack" | "app";

const claimsByScope = new WeakMap<object, Map<string, Map<string, Claim<unknown>>>>();

function claimsOf(by: Construct, scope: ClaimScope, kind: string): Map<string, Claim<unknown>> {
  const owner: object = scope === "stack" ? TerraformStack.of(by) : by.node.root;
  const kinds = claimsByScope.get(owner) ?? new Map<string, Map<string, Claim<unknown>>>();
  claimsByScope.set(owner, kinds);
  const claims = kinds.get(kind) ?? new Map<string, Claim<unknown>>();
  kinds.set(kind, claims);
  return claims;
}

/**
 * Claims `key` of a kind for a construct. Returns the path of the construct that claimed it first,
 * or undefined when the claim is new (or was made by the same construct path).
 */
export function claim(by: Construct, kind: string, key: string, scope: ClaimScope = "stack"): string | undefined {
  return claimWith(by, kind, key, { scope, what: by.node.path, data: undefined })?.path;
}

/**
 * Claims `key` of a kind, keeping a description and data, for `by` or, with `path`, for the
 * construct `by` is about to make there (a claim made ahead). Returns the earlier claim for another
 * construct path, or undefined when the claim is new or that construct's own.
 */
export function claimWith<T>(
  by: Construct,
  kind: string,
  key: string,
  options: { scope: ClaimScope; what: string; data: T; path?: string },
): Claim<T> | undefined {
  const claims = claimsOf(by, options.scope, kind);
  const path = options.path ?? by.node.path;
  const other = claims.get(key) as Claim<T> | undefined;
  if (other === undefined) {
    claims.set(key, { path, what: options.what, data: options.data });
    return undefined;
  }
  return other.path === path ? undefined : other;
}

/** Every claim of a kind in a scope, in the order they were made. */
export function claimsOfKind<T>(by: Construct, kind: string, scope: ClaimScope): ReadonlyMap<string, Claim<T>> {
  return claimsOf(by, scope, kind) as Map<string, Claim<T>>;
}
