import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deferZodLocales } from "../../startup/defer-zod-locales";
import { compileApp, entryWithout, expectSameSynthesis, node } from "../support/compiled-app";

/**
 * The deferral works on Node's own module cache, which Jest replaces with its registry: these tests
 * compile the app with swc into a temporary directory and run it in fresh Node processes, with and
 * without the module.
 */
let work: string;
let preload: string;
let main: string;
/** A copy of the compiled entry point that does not import the module. */
let plainMain: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "defer-zod-locales-"));
  compileApp(join(work, "app"));
  preload = join(work, "app", "startup", "defer-zod-locales.js");
  main = join(work, "app", "main.js");
  plainMain = entryWithout(join(work, "app"), "defer-zod-locales");
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A script's line that lists zod's locale files in Node's module cache (the stand-in's path included). */
const LOADED_LOCALES = `Object.keys(require.cache).filter((f) => f.includes("/zod/v4/locales/")).map((f) => f.split("/zod/v4/locales/")[1]).sort()`;

describe("deferZodLocales", () => {
  test("does nothing where Node's module cache is not in use (Jest)", () => {
    expect(deferZodLocales()).toBeUndefined();
  });

  test("keeps the locales other than English unloaded until used, with English messages as before", () => {
    const script = `
      const { z } = require("zod");
      const afterLoad = ${LOADED_LOCALES};
      const message = z.object({ name: z.string() }).safeParse({ name: 1 }).error.issues[0].message;
      const afterParse = ${LOADED_LOCALES}.length;
      // Used, the stand-in loads the real index, which answers as before.
      const names = Object.keys(z.locales);
      const same = z.core.locales === z.locales;
      z.config(z.locales.de());
      const german = z.string().safeParse(1).error.issues[0].message;
      console.log(JSON.stringify({ afterLoad, message, afterParse, names, same, german, afterUse: ${LOADED_LOCALES}.length }));
    `;

    // WHEN
    const deferred = node(["--require", preload, "-e", script]);
    const plain = node(["-e", script]);

    // THEN
    expect(deferred.stderr).toBe("");
    expect(plain.stderr).toBe("");
    const d = JSON.parse(deferred.stdout);
    const p = JSON.parse(plain.stdout);
    expect(d.afterLoad).toEqual(["en.cjs", "index.cjs"]);
    expect(p.afterLoad.length).toBeGreaterThan(40);
    expect(d.message).toBe("Invalid input: expected string, received number");
    expect(d.message).toBe(p.message);
    expect(d.afterParse).toBe(2);
    expect(d.names).toEqual(p.names);
    expect(d.names).toContain("de");
    expect(d.same).toBe(true);
    expect(d.german).toBe(p.german);
    expect(d.german).not.toBe(d.message);
    expect(d.afterUse).toBe(p.afterLoad.length);
  });

  test("does nothing when zod is loaded already", () => {
    const script = `
      require("zod");
      const { deferZodLocales } = require(${JSON.stringify(preload)});
      console.log(JSON.stringify({ changed: deferZodLocales() !== undefined, loaded: ${LOADED_LOCALES}.length }));
    `;
    const result = node(["-e", script]);
    expect(result.stderr).toBe("");
    const { changed, loaded } = JSON.parse(result.stdout);
    expect(changed).toBe(false);
    expect(loaded).toBeGreaterThan(40);
  });

  test("the app loads no locale but English, and reports an invalid configuration in the same words", () => {
    // GIVEN a configuration with a wrong type, a value not among the allowed ones and a missing field
    const config = join(work, "bad.json");
    const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "examples", "platform", "platform.json"), "utf8"));
    example.environments[0].name = 7;
    example.environments[0].cluster.authenticationMode = "NOPE";
    delete example.environments[1].cluster;
    writeFileSync(config, JSON.stringify(example, null, 2));
    const script = (entry: string) => `
      process.exitCode = require(${JSON.stringify(entry)}).main();
      console.log(JSON.stringify(${LOADED_LOCALES}));
    `;

    // WHEN
    const deferred = node(["-e", script(main)], { EKS_IRSA_CONFIG: config, CDKTF_OUTDIR: join(work, "bad-out") });
    const plain = node(["-e", script(plainMain)], { EKS_IRSA_CONFIG: config, CDKTF_OUTDIR: join(work, "bad-out") });

    // THEN
    expect(deferred.status).toBe(1);
    // Standard output: the configuration chosen (EKS_IRSA_CONFIG), then the script's line.
    const [chosen, locales] = deferred.stdout.trimEnd().split("\n");
    expect(chosen).toBe(`cdktf-eks-irsa: configuration ${config} (from EKS_IRSA_CONFIG)`);
    expect(JSON.parse(locales)).toEqual(["en.cjs", "index.cjs"]);
    expect(deferred.stderr).toContain("environments[0].name 7 is invalid");
    expect(deferred.stderr).toContain('environments[0].cluster.authenticationMode "NOPE" is invalid');
    expect(deferred.stderr).toBe(plain.stderr);
    expect(plain.status).toBe(1);
  });

  test("leaves every file of the example app byte-identical", () => {
    expectSameSynthesis(work, main, plainMain);
  });
});
