import fc from "fast-check";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropInlineSourceMaps, withoutInlineSourceMap } from "../../startup/drop-inline-source-maps";
import { compileApp, entryWithout, expectSameSynthesis, node } from "../support/compiled-app";

/**
 * The module changes how Node's CommonJS loader compiles packages' files, which Jest replaces with
 * its registry: besides the function that cuts the comment, these tests compile the app with swc
 * into a temporary directory and run it in fresh Node processes.
 */
const MAP = "//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==";

describe("withoutInlineSourceMap", () => {
  test("cuts the trailing inline source map comment and keeps the newline before it", () => {
    expect(withoutInlineSourceMap(`"use strict";\nexports.a = 1;\n${MAP}`)).toBe(`"use strict";\nexports.a = 1;\n`);
    expect(withoutInlineSourceMap(`exports.a = 1;\n${MAP}\n`)).toBe("exports.a = 1;\n");
  });

  test("leaves a source without an inline map as it is", () => {
    const source = `exports.a = 1;\n//# sourceMappingURL=index.js.map\n`;
    expect(withoutInlineSourceMap(source)).toBe(source);
    expect(withoutInlineSourceMap("")).toBe("");
  });

  test("leaves a source whose inline map comment is followed by code", () => {
    const source = `exports.a = 1;\n${MAP}\nexports.b = 2;\n`;
    expect(withoutInlineSourceMap(source)).toBe(source);
  });

  test("leaves a source whose last comment-like line holds more than the data URL (a template literal's or block comment's end)", () => {
    for (const source of [`exports.t = \`\n${MAP}\`;\n`, `/*\n${MAP} */\n`, `exports.a = 1;\n${MAP} exports.b = 2;`]) {
      expect(withoutInlineSourceMap(source)).toBe(source);
    }
  });

  test("cuts a comment that ends in Windows line endings, keeping the code's", () => {
    expect(withoutInlineSourceMap(`exports.a = 1;\r\n${MAP}\r\n`)).toBe("exports.a = 1;\r\n");
  });

  test("cuts exactly when the comment holds a data URL's characters and then only white space", () => {
    // The rule as first written: the fast character class must accept the same texts.
    const rule = /^[A-Za-z0-9+/=;,:.-]*\s*$/;
    const pieces = [
      "eyJ2",
      "Zm9v",
      "+/=",
      ";,:.-",
      "application/json;charset=utf-8;base64,",
      "_",
      "`",
      "*/",
      "'",
      '"',
      " ",
      "\t",
      "\n",
      "\r\n",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "x = 1;",
      "\u00e9",
      "\ud83d\ude00",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const tail = parts.join("");
        const source = `exports.a = 1;\n//# sourceMappingURL=data:${tail}`;
        const cut = withoutInlineSourceMap(source) !== source;
        expect(cut).toBe(rule.test(tail));
        if (cut) expect(withoutInlineSourceMap(source)).toBe("exports.a = 1;\n");
      }),
      { numRuns: 2000 },
    );
  });

  test("keeps every character before the comment, multi-byte ones included", () => {
    const code = 'exports.text = "h\u00e9llo \u2192 \ud83d\ude00";\n';
    expect(withoutInlineSourceMap(`${code}${MAP}`)).toBe(code);
  });
});

let work: string;
let preload: string;
/** A package in a node_modules directory whose file ends with an inline source map. */
let fixture: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "drop-source-maps-"));
  compileApp(join(work, "app"));
  preload = join(work, "app", "startup", "drop-inline-source-maps.js");
  fixture = join(work, "node_modules", "mapped", "index.js");
  mkdirSync(join(work, "node_modules", "mapped"), { recursive: true });
  writeFileSync(fixture, `"use strict";\nexports.answer = () => new Error("here").stack.split("\\n")[1];\n${MAP}\n`);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/**
 * A script that records what Node's loader compiles for the fixture (a wrapper installed before
 * the module, so the module's wrapper hands it the text it compiles), loads the module, runs
 * `beforeFixture`, loads the fixture, and prints the text compiled, the fixture's answer and a
 * stack line of it.
 */
function compiledFixture(args: string[] = [], beforeFixture = ""): { compiled: string; stackLine: string; restored: boolean } {
  const script = `
    const { Module } = require("node:module");
    const compile = Module.prototype._compile;
    let compiled;
    Module.prototype._compile = function (content, filename, ...rest) {
      if (filename === ${JSON.stringify(fixture)}) compiled = content;
      return compile.call(this, content, filename, ...rest);
    };
    const { dropInlineSourceMaps } = require(${JSON.stringify(preload)});
    ${beforeFixture}
    const stackLine = require(${JSON.stringify(fixture)}).answer();
    // Importing the module installed it; a second call installs it again, and its restore removes that one.
    const restore = dropInlineSourceMaps();
    restore?.();
    console.log(JSON.stringify({ compiled, stackLine, restored: restore !== undefined }));
  `;
  const result = node([...args, "-e", script]);
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

describe("dropInlineSourceMaps", () => {
  test("does nothing where Node's module cache is not in use (Jest)", () => {
    expect(dropInlineSourceMaps()).toBeUndefined();
  });

  test("compiles a package's file without its inline source map, at the same line and column", () => {
    const { compiled, stackLine, restored } = compiledFixture();
    expect(compiled).toBe(`"use strict";\nexports.answer = () => new Error("here").stack.split("\\n")[1];\n`);
    expect(stackLine).toContain(`${fixture}:2:`);
    expect(restored).toBe(true);
  });

  test("does nothing when source maps are enabled (--enable-source-maps)", () => {
    const { compiled, restored } = compiledFixture(["--enable-source-maps"]);
    expect(compiled).toContain(MAP);
    expect(restored).toBe(false);
  });

  test("keeps the maps of files loaded after source maps are turned on at run time", () => {
    const { compiled } = compiledFixture([], "process.setSourceMapsEnabled(true);");
    expect(compiled).toContain(MAP);
  });

  test("leaves every file of the example app byte-identical", () => {
    // (the module does strip in that app: cdktf's own files lose their maps)
    const probe = `
      const { Module } = require("node:module");
      const compile = Module.prototype._compile;
      let kept = 0, cut = 0;
      Module.prototype._compile = function (content, filename, ...rest) {
        if (filename.includes("/node_modules/cdktf/")) content.includes("sourceMappingURL=data:") ? kept++ : cut++;
        return compile.call(this, content, filename, ...rest);
      };
      require(${JSON.stringify(preload)});
      require("cdktf");
      console.log(JSON.stringify({ kept, cut }));
    `;
    const counts = JSON.parse(node(["-e", probe]).stdout);
    expect(counts.kept).toBe(0);
    expect(counts.cut).toBeGreaterThan(10);

    // THEN the example synthesizes the same with and without the module
    expectSameSynthesis(work, join(work, "app", "main.js"), entryWithout(join(work, "app"), "drop-inline-source-maps"));
  });
});
