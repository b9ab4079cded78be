import * as fc from "fast-check";
import { sortedJson, type StableStringify } from "../../../modules/speed/private/sorted-json";

/** cdktf's own serializer, the reference. */
const stableStringify = require(require.resolve("json-stable-stringify", { paths: [require.resolve("cdktf")] })) as StableStringify;
const serialize = sortedJson(stableStringify);

/** What each writes for `value` with cdktf's options: the text, or the error message. */
function both(value: unknown): { reference: string; ours: string } {
  const run = (fn: () => string | Buffer | undefined): string => {
    try {
      const out = fn();
      return out === undefined ? "(undefined)" : out.toString();
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  };
  return { reference: run(() => stableStringify(value, { space: 2 })), ours: run(() => serialize(value, { space: 2 })) };
}

class Point {
  constructor(
    public readonly y: number,
    public readonly x: number,
  ) {}
}

describe("sortedJson", () => {
  test.each([
    ["an empty object", {}],
    ["an empty array", []],
    ["empty values at every depth", { a: [], b: {}, c: [[], {}], d: { e: { f: {} } }, g: [{ h: [] }] }],
    ["empty values nested deeper than 13 spaces of indentation", { a: { b: { c: { d: { e: { f: { g: { h: {} } } } } } } }, z: [[[[[[[[[]]]]]]]]] }],
    ["keys out of order, some already in order", { z: 1, b: { d: 1, c: 2 }, a: [{ y: 1, x: 2 }, { m: 1 }], "//": { metadata: 1 } }],
    ["keys that sort by code unit", { b: 1, B: 2, _: 3, "/": 4, é: 5, "": 6, "a b": 7 }],
    ["keys that look like array indexes", { 10: "ten", 9: "nine", a: { 2: 1, 1: 2 }, "-1": 0 }],
    ["more than 32 keys out of order", Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 7) % 40}`, i]))],
    ["values JSON skips or writes as null", { u: undefined, f: () => 1, s: Symbol("s"), list: [undefined, () => 1, Symbol("s"), null] }],
    ["an object of only skipped values", { a: { u: undefined, f: () => 1 } }],
    ["numbers", [0, -0, 1.5, 1e21, -1e-7, NaN, Infinity, Number.MAX_SAFE_INTEGER]],
    ["strings that need escaping", ["\u2028\u2029", '"quoted"', "back\\slash", "\n\t", "\u0001", "é 🚀", "\u0000"]],
    ["a string that looks like a placeholder", { a: "\u0000[]\u0000", b: [] }],
    ["a key that looks like a placeholder", { "\u0000{}\u0000": {}, c: {} }],
    ["a Date (toJSON)", { when: new Date(0), list: [new Date(1)] }],
    ["a class instance", { p: new Point(1, 2) }],
    ["an object without prototype", { a: Object.assign(Object.create(null), { b: 1, a: {} }) }],
    ["a top-level string", "text"],
    ["a top-level number", 42],
    ["null", null],
    ["undefined", undefined],
    ["a function", () => 1],
  ])("writes %s as json-stable-stringify does", (_name, value) => {
    const { reference, ours } = both(value);
    expect(ours).toBe(reference);
  });

  test("fails when a value is a BigInt, as json-stable-stringify does", () => {
    const { reference, ours } = both({ a: BigInt(1) });
    expect(reference).toMatch(/^error: /);
    expect(ours).toBe(reference);
  });

  test("fails when an object contains itself, as json-stable-stringify does", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    const { reference, ours } = both(cyclic);
    expect(reference).toMatch(/^error: .*circular/i);
    expect(ours).toBe(reference);
  });

  test("returns UTF-8 bytes for regular data", () => {
    const out = serialize({ b: "é", a: [] }, { space: 2 });
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out!.toString("utf8")).toBe('{\n  "a": [\n  ],\n  "b": "é"\n}');
  });

  test("leaves other options to json-stable-stringify", () => {
    const calls: unknown[] = [];
    const spy = sortedJson((value, options) => {
      calls.push(options);
      return stableStringify(value, options);
    });
    expect(spy({ b: 1, a: 2 }, { space: 4 })).toBe(stableStringify({ b: 1, a: 2 }, { space: 4 }));
    expect(spy({ a: 1 })).toBe(stableStringify({ a: 1 }));
    expect(calls).toEqual([{ space: 4 }, undefined]);
  });

  test("writes any JSON-like value as json-stable-stringify does", () => {
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("//", "0", "10", "2", "__proto__x", "B", "a"));
    const jsonLike = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(undefined, null, true, false, "", "\u0000[]\u0000"),
        fc.string({ unit: "grapheme" }),
        fc.double(),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(key, tie("value"), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(jsonLike, (value) => {
        const { reference, ours } = both(value);
        expect(ours).toBe(reference);
      }),
      { numRuns: 500 },
    );
  });
});
