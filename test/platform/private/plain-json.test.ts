import fc from "fast-check";
import { type Node, parseTree, type ParseError } from "jsonc-parser";
import { nestingTooDeep, plainJsonValue } from "../../../modules/platform/private/plain-json";

// One seed, so that CI runs the same cases every time (a failure prints its counterexample either way).
fc.configureGlobal({ seed: 20261124 });

/** What the full path of load.ts reads: jsonc-parser's tree (strict JSON), with keys written twice found. */
function fullPath(text: string): { value: unknown; errors: number; keysTwice: number } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  let keysTwice = 0;
  const nodeValue = (node: Node): unknown => {
    if (node.type === "array") return (node.children ?? []).map(nodeValue);
    if (node.type !== "object") return node.value;
    const object: Record<string, unknown> = {};
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      if (Object.hasOwn(object, key.value)) keysTwice++;
      Object.defineProperty(object, key.value as string, { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
    }
    return object;
  };
  return { value: root === undefined ? undefined : nodeValue(root), errors: errors.length, keysTwice };
}

/** A value with every -0 made 0 (Jest's toEqual tells them apart). */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: withoutNegativeZero((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/** JSON texts: values as JSON.stringify writes them, with any indentation. */
const jsonTexts = fc
  .tuple(fc.jsonValue(), fc.constantFrom(undefined, 1, 2, "\t", " \r\n "))
  .map(([value, indent]) => JSON.stringify(value, null, indent as string | number | undefined));

describe("plainJsonValue (the short path of a configuration file)", () => {
  test("reads what jsonc-parser reads from any JSON text without a key written twice", () => {
    fc.assert(
      fc.property(jsonTexts, (text) => {
        const full = fullPath(text);
        expect(full.errors).toBe(0);
        expect(plainJsonValue(text)).toEqual({ value: full.value });
      }),
    );
  });

  test("reads nothing from a text jsonc-parser finds an error or a key written twice in", () => {
    // Texts with a character put somewhere, to break them in every way (or not at all).
    const mutated = fc
      .tuple(
        jsonTexts,
        fc.nat(),
        fc.constantFrom(
          "/",
          "//",
          "/*",
          ",",
          "'",
          '"',
          "\\",
          "\n",
          "}",
          "]",
          "{",
          "[",
          ":",
          "0",
          ".",
          "e",
          "-",
          "+",
          "\u00a0",
          "\u0000",
          "\u2028",
          "\ufeff",
          "x",
        ),
      )
      .map(([text, at, piece]) => text.slice(0, at % (text.length + 1)) + piece + text.slice(at % (text.length + 1)));
    fc.assert(
      fc.property(mutated, (text) => {
        const read = plainJsonValue(text);
        const full = fullPath(text);
        if (full.errors > 0 || full.keysTwice > 0) expect(read).toBeUndefined();
        if (read !== undefined) expect(read.value).toEqual(full.value);
      }),
      { numRuns: 2000 },
    );
  });

  test("fails when a key is written twice, at any depth, however it is escaped", () => {
    expect(plainJsonValue('{"a": 1, "a": 2}')).toBeUndefined();
    expect(plainJsonValue('{"x": [{"b": {"c": 1, "d": 2, "c": 3}}]}')).toBeUndefined();
    expect(plainJsonValue('{"a": 1, "\\u0061": 2}')).toBeUndefined();
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.nat(), (object, pick) => {
        const keys = Object.keys(object);
        const twice = keys[pick % keys.length];
        const text = `{${[...keys, twice].map((k) => `${JSON.stringify(k)}: ${JSON.stringify(object[k])}`).join(", ")}}`;
        // JSON.stringify writes a generated -0 as 0, and Jest's toEqual tells -0 from 0.
        expect(plainJsonValue(JSON.stringify({ nested: [JSON.parse(text)] }))).toEqual({ value: { nested: [withoutNegativeZero(object)] } });
        expect(plainJsonValue(`{"nested": [${text}]}`)).toBeUndefined();
      }),
    );
  });

  test("counts as keys only strings followed by ':', not strings that hold quotes and colons", () => {
    const text = '{"tags": {"a\\"": "b\\": c", "d\\\\": "\\"e\\":"}, "list": ["f\\":", ":"]}';
    expect(plainJsonValue(text)).toEqual({ value: { tags: { 'a"': 'b": c', "d\\": '"e":' }, list: ['f":', ":"] } });
  });

  test("leaves a __proto__ key, at any depth and however escaped, to the full path, which refuses it where it is written", () => {
    expect(plainJsonValue('{"__proto__": {"stateBucket": "x"}}')).toBeUndefined();
    expect(plainJsonValue('{"tags": {"\\u005f_proto__": "x"}}')).toBeUndefined();
    expect(plainJsonValue('{"tags": {"__proto": "x"}}')).toEqual({ value: { tags: { __proto: "x" } } });
  });

  test("finds where a text nests deeper than a bound, without recursion, strings aside", () => {
    expect(nestingTooDeep('{"a": [[1]]}', 3)).toBeUndefined();
    expect(nestingTooDeep('{"a": [[[1]]]}', 3)).toBe(8);
    expect(nestingTooDeep('{"a": "[[[[{{{{"}', 1)).toBeUndefined();
    expect(nestingTooDeep(`${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`, 64)).toBe(64);
  });

  test("fails when the text is empty or not JSON", () => {
    for (const text of ["", " ", "{", '{"a": 1,}', "// c\n{}", "{'a': 1}"]) expect(plainJsonValue(text)).toBeUndefined();
  });
});
