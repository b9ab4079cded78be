/**
 * What cdktf 0.21's `resolve()` (cdktf/lib/tokens/private/resolve.js) leaves unchanged: the tests
 * shared by the synthesis patches (modules/speed/resolve-fast-path.ts, modules/speed/stack-to-terraform.ts).
 * A value that fails them is handed to cdktf, which resolves or rejects it.
 */

/** cdktf's key-path depth limit: deeper than this, its `resolve` throws "circular reference". */
export const MAX_RESOLVE_DEPTH = 200;

/** Values cdktf uses to mark map tokens in scalar positions; its `resolve` throws on them. */
const STRING_MAP_TOKEN_VALUE = "String Map Token Value";
const ANY_MAP_TOKEN_VALUE = "Any Map Token Value";
const NUMBER_MAP_TOKEN_VALUE = -123456789;

/**
 * Where cdktf's number-token regular expression (`[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`) matches: cdktf
 * looks for tokens encoded as numbers in such strings, so they are its business.
 */
const NUMBER_TOKEN_LIKE = /[-|\d.+]e[-|\d.eE+]/;

/**
 * Numbers that encode tokens are negative doubles of magnitude about 1e289 and above (tag bits in
 * the top 16 bits of the double); every finite number below this magnitude is plain.
 */
const PLAIN_NUMBER_LIMIT = 1e250;

/** True when cdktf's `resolve` returns this string unchanged and throws nothing. */
export function isPlainString(s: string): boolean {
  // "TfToken[" starts every string, list and map token marker ("${TfToken[", "#{TfToken[", "&{TfToken[").
  return !s.includes("TfToken[") && s !== STRING_MAP_TOKEN_VALUE && s !== ANY_MAP_TOKEN_VALUE && !NUMBER_TOKEN_LIKE.test(s);
}

/** True when cdktf's `resolve` returns this number unchanged and throws nothing. */
export function isPlainNumber(n: number): boolean {
  return n > -PLAIN_NUMBER_LIMIT && n < PLAIN_NUMBER_LIMIT && n !== NUMBER_MAP_TOKEN_VALUE;
}

/** True for an array element that makes cdktf treat the whole array as a list token. */
export function isListTokenElement(item: unknown): boolean {
  return (typeof item === "string" && item.includes("TfToken[")) || (typeof item === "number" && !isPlainNumber(item));
}

/** True for an object that cdktf resolves as a token (it has `resolve()`) or rejects (a construct). */
export function isTokenOrConstruct(value: object): boolean {
  const v = value as { resolve?: unknown; _children?: unknown; _metadata?: unknown };
  return typeof v.resolve === "function" || (v._children !== undefined && v._metadata !== undefined);
}
