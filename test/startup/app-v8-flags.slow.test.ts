import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flagNames, measuredOn, setAppV8Flags } from "../../startup/app-v8-flags";
import { compileApp, entryWithout, expectSameSynthesis, node } from "../support/compiled-app";

/**
 * The flags are V8's, for the whole process, and the module sets them only where Node's CommonJS
 * loader runs it (Jest's workers keep V8's defaults): these tests compile the app with swc into a
 * temporary directory and look at V8 in fresh Node processes.
 */
let work: string;
let flagsModule: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "app-v8-flags-"));
  compileApp(join(work, "app"));
  flagsModule = join(work, "app", "startup", "app-v8-flags.js");
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** V8's optimization status bit for "optimized" (`%GetOptimizationStatus`, src/runtime/runtime.h). */
const OPTIMIZED = 16;

/**
 * Runs a script in a fresh Node process with V8's natives syntax and synchronous optimization: it
 * loads the module (unless `load` is false), then counts the calls a small function takes until V8
 * has optimized it (the interrupt budget at work), keeps 200,000 small objects alive through
 * scavenges, and reports the size of the young generation.
 */
function v8State(args: string[] = [], env: Record<string, string> = {}, load = true): { set: string[] | null; callsToOptimize: number; newSpaceMB: number } {
  const script = `
    const set = ${load} ? require(${JSON.stringify(flagsModule)}).setAppV8Flags() : null;
    // Made after the module ran: a function gets its budget when it is set up.
    const work = (a) => { let s = 0; for (let i = 0; i < 10; i++) s += a[i] * i; return s; };
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    let callsToOptimize = 0;
    while (callsToOptimize < 1e6 && (%GetOptimizationStatus(work) & ${OPTIMIZED}) === 0) { work(a); callsToOptimize++; }
    const keep = [];
    for (let i = 0; i < 200000; i++) keep.push({ i, s: "x" + i });
    const newSpace = require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
    console.log(JSON.stringify({ set, callsToOptimize, newSpaceMB: newSpace.space_size / 1048576, kept: keep.length }));
  `;
  const result = node(["--allow-natives-syntax", "--no-concurrent-recompilation", ...args, "-e", script], env);
  expect(result.stderr).toBe("");
  const { kept, ...state } = JSON.parse(result.stdout);
  expect(kept).toBe(200000);
  return state;
}

describe("flagNames", () => {
  test("names the V8 flags a list of Node options sets, with or without no-, value, dashes or underscores", () => {
    expect([...flagNames(["--no-opt", "--turbofan", "--max_semi_space_size=8", "--min-semi-space-size", "4", "-r", "x.js"])]).toEqual([
      "opt",
      "turbofan",
      "max-semi-space-size",
      "min-semi-space-size",
    ]);
    expect(flagNames([]).size).toBe(0);
  });
});

describe("measuredOn", () => {
  test("takes the Node.js versions whose V8 the flags were measured on, and no other", () => {
    expect(measuredOn("20.20.2")).toBe(true);
    expect(measuredOn("22.12.0")).toBe(false);
    expect(measuredOn("18.20.4")).toBe(false);
    expect(measuredOn("200.0.0")).toBe(false);
  });
});

describe("setAppV8Flags", () => {
  test("does nothing where Node's module cache is not in use (Jest)", () => {
    expect(setAppV8Flags([])).toBeUndefined();
  });

  test("raises the optimizing compiler's threshold four times and keeps the young generation at its initial size", () => {
    const plain = v8State([], {}, false);
    const lean = v8State();
    // Without the module, V8 optimizes after a few hundred calls and the semi-spaces grow (to 16 MB each on Node 20).
    expect(plain.set).toBeNull();
    expect(plain.callsToOptimize).toBeLessThan(1e6);
    expect(plain.newSpaceMB).toBeGreaterThan(4);
    expect(lean.set).toEqual(["--interrupt-budget=270336", "--semi-space-growth-factor=1"]);
    // Still optimized, later: the budget is 4x, and the calls before it some fixed number more.
    expect(lean.callsToOptimize).toBeLessThan(1e6);
    expect(lean.callsToOptimize).toBeGreaterThan(3 * plain.callsToOptimize);
    expect(lean.newSpaceMB).toBeLessThanOrEqual(2);
  });

  test("leaves a flag of the same family that the process was started with, on the command line or in NODE_OPTIONS", () => {
    const plain = v8State([], {}, false);
    const ownBudget = v8State(["--interrupt-budget=67584"]);
    expect(ownBudget.set).toEqual(["--semi-space-growth-factor=1"]);
    expect(ownBudget.callsToOptimize).toBe(plain.callsToOptimize);
    expect(ownBudget.newSpaceMB).toBeLessThanOrEqual(2);

    const largeYoung = v8State([], { NODE_OPTIONS: "--max-semi-space-size=8" });
    expect(largeYoung.set).toEqual(["--interrupt-budget=270336"]);
    expect(largeYoung.callsToOptimize).toBeGreaterThan(3 * plain.callsToOptimize);
    expect(largeYoung.newSpaceMB).toBeGreaterThan(2);
  });

  test("leaves every file of the example app byte-identical", () => {
    const main = join(work, "app", "main.js");
    expectSameSynthesis(work, main, entryWithout(join(work, "app"), "app-v8-flags"));
  });
});
