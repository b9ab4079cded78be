import { describeValue, joinField, ValidationError, withField } from "../../modules/core/errors";

describe("describeValue", () => {
  test("shows short values as JSON, whole", () => {
    expect(describeValue("reader")).toBe('"reader"');
    expect(describeValue(["a", 1])).toBe('["a",1]');
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue("x".repeat(198))).toBe(`"${"x".repeat(198)}"`);
  });

  test("shortens a long string to 200 characters, keeping its closing quote", () => {
    const shown = describeValue("d".repeat(1001));
    expect(shown).toBe(`"${"d".repeat(195)}..."`);
    expect(shown).toHaveLength(200);
  });

  test("never cuts an escape or a surrogate pair of a long string in half", () => {
    const quotes = describeValue('"'.repeat(300));
    expect(quotes).toBe(`"${'\\"'.repeat(97)}..."`);
    expect(quotes.length).toBeLessThanOrEqual(200);
    const emoji = describeValue(`a${"\u{1F600}".repeat(150)}`);
    expect(emoji.endsWith('..."')).toBe(true);
    // The part shown is valid JSON once closed: no lone surrogate, no broken escape.
    expect(JSON.parse(`${emoji.slice(0, -4)}"`)).toMatch(/^a(\u{1F600})+$/u);
    expect(emoji.length).toBeLessThanOrEqual(200);
  });

  test("shortens other long values with ... at the end", () => {
    const shown = describeValue(Array.from({ length: 100 }, (_, i) => i));
    expect(shown).toHaveLength(200);
    expect(shown.endsWith("...")).toBe(true);
    expect(shown.startsWith("[0,1,2,")).toBe(true);
  });
});

describe("ValidationError", () => {
  test("names the field, the value and what is allowed", () => {
    const error = ValidationError.invalid("roleName", "a b", "use letters");
    expect(error.message).toBe('roleName "a b" is invalid: use letters');
    expect(error.field).toBe("roleName");
    expect(error.problem).toBe('"a b" is invalid: use letters');
  });

  test("a long value in a message keeps its closing quote before 'is invalid'", () => {
    expect(ValidationError.invalid("description", "d".repeat(1001), "at most 1000").message).toBe(
      `description "${"d".repeat(195)}..." is invalid: at most 1000`,
    );
  });

  test("withField prefixes the field of errors thrown inside, and passes other errors", () => {
    const missing = () => {
      throw ValidationError.missing("roleKey", "give one");
    };
    const other = () => {
      throw new TypeError("other");
    };
    expect(() => withField("workloads[2]", missing)).toThrow("workloads[2].roleKey is missing: give one");
    expect(() => withField("x", other)).toThrow(new TypeError("other"));
    expect(joinField("a", "[0].b")).toBe("a[0].b");
    expect(joinField("", "b")).toBe("b");
  });
});
