/**
 * The text `json-stable-stringify` (1.x) writes for `stringify(value, { space: 2 })`, produced by
 * the engine's native `JSON.stringify` wherever that gives the same bytes.
 *
 * Both sort nothing but object keys, indent by two spaces, skip `undefined`, functions and symbols
 * in objects and print them as `null` in arrays. They differ in three places, handled here:
 * - key order: `json-stable-stringify` sorts keys (`Array.prototype.sort`, by UTF-16 code units);
 *   `JSON.stringify` keeps insertion order. Objects whose keys are not already in order are copied
 *   in order (copy on write: ancestors of a copy are copied, everything else is used as it is).
 *   Array-index keys ("0", "12") always come first in an engine's own order, so an object with such
 *   a key goes to `json-stable-stringify` instead.
 * - empty arrays and objects: `json-stable-stringify` writes `[`, a line break, the indentation and
 *   `]`; `JSON.stringify` writes `[]`. They are replaced by a placeholder string before and by the
 *   expected text after (in the UTF-8 bytes, so the text is not copied again). If the data itself
 *   contains a placeholder, the counts differ and `json-stable-stringify` writes the text instead.
 * - `toJSON`: `JSON.stringify` passes the key, `json-stable-stringify` does not. A value with a
 *   `toJSON` method goes to `json-stable-stringify`; so do class instances, array subclasses,
 *   BigInts and anything nested deeper than 1000 levels (cycles among them), so that errors and
 *   odd values come out exactly as before.
 *
 * The result is a Buffer of UTF-8 bytes (what `fs.writeFileSync` writes) or, from the fallback or
 * for `undefined`, what `json-stable-stringify` returns.
 */

/** `json-stable-stringify`'s signature, as cdktf calls it. */
export type StableStringify = (value: unknown, options?: unknown) => string | undefined;

/** Stands for an empty array or object in the text `JSON.stringify` writes. */
const EMPTY_ARRAY = "\u0000[]\u0000";
const EMPTY_OBJECT = "\u0000{}\u0000";
/** How the placeholders appear in that text: 16 characters, quotes included. */
const EMPTY_ARRAY_TEXT = JSON.stringify(EMPTY_ARRAY);
const EMPTY_OBJECT_TEXT = JSON.stringify(EMPTY_OBJECT);
const PLACEHOLDER_START = Buffer.from('"\\u0000', "latin1");
const PLACEHOLDER_LENGTH = EMPTY_ARRAY_TEXT.length;

/** Deeper than this, the fallback writes the text (and reports a cycle as before). */
const MAX_DEPTH = 1000;
/** Above this many keys, `Array.prototype.sort`; below, an insertion sort that allocates nothing. */
const INSERTION_SORT_LIMIT = 32;

/** Thrown inside `prepare` when the value needs `json-stable-stringify` itself. */
class NeedsFallback extends Error {}

/** True for keys that engines enumerate first, in numeric order ("0", "7", "4294967294"). */
function isArrayIndexLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key);
}

/** True when `JSON.stringify` writes something for this object entry (as `json-stable-stringify` does). */
function isWritten(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

/** Sorts keys as `Array.prototype.sort()` does (UTF-16 code units); only called when they are out of order. */
function sortKeys(keys: string[]): void {
  if (keys.length > INSERTION_SORT_LIMIT) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
}

/** Counts the placeholders `prepare` put in, so the fix-up can tell them from data. */
interface Counter {
  placeholders: number;
}

/**
 * `value` as `JSON.stringify` must see it to write `json-stable-stringify`'s text: itself when
 * nothing changes, else a copy with sorted keys and placeholders for empty arrays and objects.
 */
function prepare(value: unknown, depth: number, counter: Counter): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "bigint") throw new NeedsFallback();
    return value;
  }
  if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === "function") throw new NeedsFallback();
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw new NeedsFallback();
    if (value.length === 0) {
      counter.placeholders++;
      return EMPTY_ARRAY;
    }
    let out: unknown[] = value;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const prepared = prepare(item, depth + 1, counter);
      if (prepared !== item) {
        if (out === value) out = value.slice();
        out[i] = prepared;
      }
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new NeedsFallback();
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (isArrayIndexLike(key) || key === "__proto__") throw new NeedsFallback();
    if (i > 0 && keys[i - 1] > key) sorted = false;
  }
  // Children that prepare() replaced, by key; created only when there is one.
  let replaced: Map<string, unknown> | undefined;
  let written = 0;
  for (const key of keys) {
    const item = record[key];
    if (!isWritten(item)) continue;
    written++;
    const prepared = prepare(item, depth + 1, counter);
    if (prepared !== item) (replaced ??= new Map()).set(key, prepared);
  }
  if (written === 0) {
    counter.placeholders++;
    return EMPTY_OBJECT;
  }
  if (sorted && replaced === undefined) return value;
  if (!sorted) sortKeys(keys);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const item = record[key];
    if (isWritten(item)) out[key] = replaced?.has(key) ? replaced.get(key) : item;
  }
  return out;
}

/**
 * Replaces each placeholder in `bytes` by `[` or `{`, a line break, the indentation of its line and
 * `]` or `}`: in place when every replacement is shorter than its placeholder (indentation up to 13
 * spaces), else into a new buffer. Returns undefined, with `bytes` unchanged, when there are more
 * placeholders than `prepare` put in (the data contains one).
 */
function fillPlaceholders(bytes: Buffer, expected: number): Buffer | undefined {
  const fills: { at: number; text: Buffer }[] = [];
  let from = 0;
  for (;;) {
    const at = bytes.indexOf(PLACEHOLDER_START, from);
    if (at === -1) break;
    from = at + 1;
    const text = bytes.toString("latin1", at, at + PLACEHOLDER_LENGTH);
    const brackets = text === EMPTY_ARRAY_TEXT ? "[]" : text === EMPTY_OBJECT_TEXT ? "{}" : undefined;
    if (brackets === undefined) continue;
    const lineStart = bytes.lastIndexOf(0x0a, at) + 1;
    let indent = lineStart;
    while (bytes[indent] === 0x20) indent++;
    fills.push({ at, text: Buffer.from(`${brackets[0]}\n${" ".repeat(indent - lineStart)}${brackets[1]}`, "latin1") });
    from = at + PLACEHOLDER_LENGTH;
  }
  if (fills.length !== expected) return undefined;
  if (fills.some((fill) => fill.text.length > PLACEHOLDER_LENGTH)) {
    const parts: Buffer[] = [];
    let copied = 0;
    for (const { at, text } of fills) {
      parts.push(bytes.subarray(copied, at), text);
      copied = at + PLACEHOLDER_LENGTH;
    }
    parts.push(bytes.subarray(copied));
    return Buffer.concat(parts);
  }
  // Shift the bytes between placeholders left over the room each replacement leaves.
  let write = fills[0].at;
  let read = write;
  for (const { at, text } of fills) {
    bytes.copyWithin(write, read, at);
    write += at - read;
    write += text.copy(bytes, write);
    read = at + PLACEHOLDER_LENGTH;
  }
  bytes.copyWithin(write, read);
  write += bytes.length - read;
  return bytes.subarray(0, write);
}

/** True for exactly the options cdktf passes (`{ space: 2 }`), the only ones handled here. */
function isTwoSpaces(options: unknown): boolean {
  if (typeof options !== "object" || options === null) return false;
  const keys = Object.keys(options);
  return keys.length === 1 && keys[0] === "space" && (options as { space: unknown }).space === 2;
}

/**
 * A drop-in for `json-stable-stringify` as cdktf calls it (`stringify(value, { space: 2 })`), that
 * returns the same text as UTF-8 bytes. Other options, and values it does not handle, go to
 * `fallback` (the real `json-stable-stringify`).
 */
export function sortedJson(fallback: StableStringify): (value: unknown, options?: unknown) => string | Buffer | undefined {
  return (value, options) => {
    if (!isTwoSpaces(options)) return fallback(value, options);
    const counter: Counter = { placeholders: 0 };
    let prepared: unknown;
    try {
      prepared = prepare(value, 0, counter);
    } catch (error) {
      if (error instanceof NeedsFallback) return fallback(value, options);
      throw error;
    }
    const text = JSON.stringify(prepared, null, 2) as string | undefined;
    if (text === undefined) return fallback(value, options);
    const bytes = Buffer.from(text, "utf8");
    if (counter.placeholders === 0) return bytes;
    return fillPlaceholders(bytes, counter.placeholders) ?? fallback(value, options);
  };
}
