import * as fc from "fast-check";
import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, Testing, Token, Tokenization } from "cdktf";
import { resolveFastPath } from "../../modules/speed/resolve-fast-path";
import { differingFiles, IDENTITY_APPS, synthWithAndWithout } from "../support/synth-files";

const app = Testing.app();
const stack = new TerraformStack(app, "stack");

/** Resolves `value` as cdktf's synthesis does (`Tokenization.resolve`, the default resolver). */
function resolve(value: unknown, preparing = false): unknown {
  return Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()), preparing });
}

/** The outcome of `fn`: its value as JSON text (key order included), or its error message. */
function outcome(fn: () => unknown): { value?: string; error?: string } {
  try {
    const value = fn();
    return { value: value === undefined ? "undefined" : JSON.stringify(value) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The outcome of resolving `value` with cdktf's own resolve and with the fast path. */
function bothWays(value: () => unknown, preparing = false): { cdktf: ReturnType<typeof outcome>; fast: ReturnType<typeof outcome> } {
  const cdktf = outcome(() => resolve(value(), preparing));
  const restore = resolveFastPath();
  try {
    return { cdktf, fast: outcome(() => resolve(value(), preparing)) };
  } finally {
    restore!();
  }
}

const resolveModule = (): { resolve: unknown } => require("cdktf/lib/tokens/private/resolve");

describe("resolveFastPath", () => {
  test("replaces cdktf's internal resolve, until restored", () => {
    // GIVEN
    const original = resolveModule().resolve;

    // WHEN
    const restore = resolveFastPath();

    // THEN
    expect(restore).toBeInstanceOf(Function);
    expect(resolveModule().resolve).not.toBe(original);
    restore!();
    expect(resolveModule().resolve).toBe(original);
  });

  test("copies plain data as cdktf does: undefined dropped, key order kept, a new object", () => {
    const value = { b: [1, undefined, "x", null, { d: undefined, c: true }], a: { z: 0, y: -0.5 }, u: undefined, date: new Date(0) };
    const { cdktf, fast } = bothWays(() => value);
    expect(fast).toEqual(cdktf);
    expect(fast.value).toBe('{"b":[1,"x",null,{"c":true}],"a":{"z":0,"y":-0.5},"date":"1970-01-01T00:00:00.000Z"}');
    const restore = resolveFastPath();
    try {
      const copy = resolve(value) as typeof value;
      expect(copy).not.toBe(value);
      expect(copy.a).not.toBe(value.a);
      expect(copy.date).toBe(value.date);
    } finally {
      restore!();
    }
  });

  test("resolves tokens wherever they are, as cdktf does", () => {
    const lazy = (v: unknown) => Lazy.anyValue({ produce: () => v });
    const value = () => ({
      plain: "no token here",
      inString: `prefix-${Token.asString(lazy("inner"))}-suffix`,
      object: lazy({ nested: [Token.asString(lazy("deep")), 2] }),
      number: Token.asNumber(lazy(42)),
      list: Token.asList(lazy(["a", "b"])),
      map: Token.asStringMap(lazy({ k: "v" })),
      [Token.asString(lazy("tokenKey"))]: "value under a token key",
      fn: Fn.join(",", ["x", Token.asString(lazy("y"))]),
      numberLike: ["1e5", "node-e-1", "a|e|b", "1.5e+3"],
    });
    const { cdktf, fast } = bothWays(value);
    expect(cdktf.error).toBeUndefined();
    expect(fast).toEqual(cdktf);
    // And in the preparing pass, where cross-stack references are registered.
    const preparing = bothWays(value, true);
    expect(preparing.fast).toEqual(preparing.cdktf);
  });

  test("fails when a value is a function, as cdktf does, naming the same path", () => {
    const { cdktf, fast } = bothWays(() => ({ resource: { aws_x: { y: [0, { bad: () => 1 }] } } }));
    expect(cdktf.error).toMatch(/resource\/aws_x\/y\/1\/bad/);
    expect(fast).toEqual(cdktf);
  });

  test("fails when a value is a construct, as cdktf does", () => {
    const { cdktf, fast } = bothWays(() => ({ a: { construct: stack } }));
    expect(cdktf.error).toBeDefined();
    expect(fast).toEqual(cdktf);
  });

  test("fails when a structure is circular, as cdktf does", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const { cdktf, fast } = bothWays(() => ({ a: cyclic }));
    expect(cdktf.error).toMatch(/circular/i);
    expect(fast).toEqual(cdktf);
  });

  test("fails when a map or list token marker stands where a scalar belongs, as cdktf does", () => {
    const listElement = Token.asList(Lazy.anyValue({ produce: () => ["a"] }))[0];
    for (const value of ["String Map Token Value", "Any Map Token Value", -123456789, `x${listElement}`]) {
      for (const where of [{ a: value }, { a: [value, "other"] }]) {
        const { cdktf, fast } = bothWays(() => where);
        expect(cdktf.error).toBeDefined();
        expect(fast).toEqual(cdktf);
      }
    }
  });

  test("gives cdktf's result for any JSON-like value", () => {
    const jsonLike = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(undefined, null, true, false, "", "1e5", "x-e-1", "TfToken[", "String Map Token Value"),
        fc.string(),
        fc.double(),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(jsonLike, (value) => {
        const { cdktf, fast } = bothWays(() => value);
        expect(fast).toEqual(cdktf);
      }),
      { numRuns: 300 },
    );
  });

  test.each(IDENTITY_APPS)("leaves every file of $name byte-identical", ({ config }) => {
    const { unpatched, patched } = synthWithAndWithout(config, resolveFastPath);
    expect(unpatched.size).toBeGreaterThan(6);
    expect(differingFiles(unpatched, patched)).toEqual([]);
  });
});
