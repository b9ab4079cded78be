import fc from "fast-check";
import { editDistance, hasWildcards, nearest, overlapExample, patternsOverlap, wildcardRegExp } from "../../modules/iam/wildcards";

/** A pattern as a case-sensitive regular expression (service account names compare exactly). */
const exactly = (pattern: string) => new RegExp(`^${[...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.-]/g, "\\$&"))).join("")}$`);

describe("overlapExample", () => {
  test("shows a name both patterns match, letters where the patterns leave a choice", () => {
    expect(overlapExample("read*", "reader")).toBe("reader");
    expect(overlapExample("*-api", "orders-*")).toBe("orders--api");
    expect(overlapExample("*", "orders-*")).toBe("orders-x");
    expect(overlapExample("*", "*")).toBe("x");
    expect(overlapExample("job-*", "job-??")).toBe("job-xx");
    expect(overlapExample("a*", "b*")).toBeUndefined();
  });

  test("is defined exactly when the patterns overlap, and matches both (property)", () => {
    const pattern = fc.stringMatching(/^[ab*?-]{0,6}$/);
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        const example = overlapExample(a, b);
        expect(example !== undefined).toBe(patternsOverlap(a, b));
        if (example !== undefined) {
          expect(exactly(a).test(example)).toBe(true);
          expect(exactly(b).test(example)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("wildcardRegExp", () => {
  test("* matches any characters, none included, and ? exactly one, ignoring case", () => {
    const re = wildcardRegExp("Get*");
    expect(re.test("GetObject")).toBe(true);
    expect(re.test("getobject")).toBe(true);
    expect(re.test("Get")).toBe(true);
    expect(re.test("PutObject")).toBe(false);
    expect(wildcardRegExp("?etObject").test("GetObject")).toBe(true);
    expect(wildcardRegExp("?etObject").test("etObject")).toBe(false);
  });

  test("takes other characters literally", () => {
    expect(wildcardRegExp("a.b").test("axb")).toBe(false);
    expect(wildcardRegExp("a.b").test("a.b")).toBe(true);
    expect(wildcardRegExp("(x)+").test("(x)+")).toBe(true);
  });
});

describe("patternsOverlap", () => {
  test("texts without wildcards overlap when equal, case-sensitive", () => {
    expect(patternsOverlap("role/x", "role/x")).toBe(true);
    expect(patternsOverlap("role/x", "Role/x")).toBe(false);
  });

  test("* on either side matches any characters, none included", () => {
    expect(patternsOverlap("role/*", "role/?*")).toBe(true);
    expect(patternsOverlap("*", "")).toBe(true);
    expect(patternsOverlap("rol/*", "role/?*")).toBe(false);
    expect(patternsOverlap("b*/x", "?*/?*")).toBe(true);
    expect(patternsOverlap("*-prod", "queue-?*")).toBe(true);
    expect(patternsOverlap("a*c", "ab*")).toBe(true);
    expect(patternsOverlap("a*c", "b*")).toBe(false);
  });

  test("agrees with a search for a common text, for every pair of short patterns", () => {
    // Patterns of up to 3 characters over a, b, * and ?; if two overlap, a common text of at most
    // 6 characters over a and b exists (each step of the walk adds at most one character).
    const symbols = ["a", "b", "*", "?"];
    const patterns = [""];
    for (let length = 1; length <= 3; length++) {
      for (const p of patterns.filter((x) => x.length === length - 1)) for (const c of symbols) patterns.push(p + c);
    }
    const texts = [""];
    for (let length = 1; length <= 6; length++) {
      for (const t of texts.filter((x) => x.length === length - 1)) texts.push(`${t}a`, `${t}b`);
    }
    const matches = new Map(patterns.map((p) => [p, new Set(texts.filter((t) => wildcardRegExp(p).test(t)))]));
    const disagreements: string[] = [];
    for (const a of patterns) {
      for (const b of patterns) {
        const common = [...matches.get(a)!].some((t) => matches.get(b)!.has(t));
        if (patternsOverlap(a, b) !== common) disagreements.push(`${a} ${b}`);
      }
    }
    expect(patterns).toHaveLength(85);
    expect(disagreements).toEqual([]);
  });

  test("? matches exactly one character", () => {
    expect(patternsOverlap("?", "")).toBe(false);
    expect(patternsOverlap("a?", "ab")).toBe(true);
    expect(patternsOverlap("a?", "abc")).toBe(false);
  });
});

describe("hasWildcards", () => {
  test("sees * and ?", () => {
    expect(hasWildcards("s3:Get*")).toBe(true);
    expect(hasWildcards("s3:?etObject")).toBe(true);
    expect(hasWildcards("s3:GetObject")).toBe(false);
  });
});

describe("editDistance and nearest", () => {
  test("counts insertions, deletions and substitutions, ignoring case", () => {
    expect(editDistance("GetObjekt", "GetObject")).toBe(1);
    expect(editDistance("getobject", "GetObject")).toBe(0);
    expect(editDistance("Get", "GetObject")).toBe(6);
    expect(editDistance("", "abc")).toBe(3);
  });

  test("suggests the nearest candidates within a third of the text's length", () => {
    expect(nearest("GetObjekt", ["GetObject", "PutObject", "GetBucketAcl"])).toEqual(["GetObject"]);
    expect(nearest("s4", ["s3", "sqs", "iam"])).toEqual(["s3"]);
    expect(nearest("Frobnicate", ["GetObject", "PutObject"])).toEqual([]);
  });

  test("keeps ties, sorted, at most the limit", () => {
    expect(nearest("ab", ["ac", "aa", "ad", "xy"], 2)).toEqual(["aa", "ac"]);
  });
});
