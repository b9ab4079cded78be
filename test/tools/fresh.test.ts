/**
 * tools/fresh.cjs, the check `npm run synth` and `npm run review` make instead of a build: a small
 * project in a temporary directory (two sources, this repository's TypeScript), built when stale
 * and left alone when current.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../support/compiled-app";

const fresh = require("../../tools/fresh.cjs") as {
  staleness(root: string): string | undefined;
  buildIfStale(root: string, say: (line: string) => void, tscOutput?: "inherit" | "ignore"): number;
};

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "fresh-"));
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022", rootDir: ".", outDir: "dist", types: [] } }));
  write("tsconfig.build.json", JSON.stringify({ extends: "./tsconfig.json", include: ["main.ts", "lib/**/*.ts"] }));
  write("main.ts", 'import { two } from "./lib/two";\nexport const three = two + 1;\n');
  write("lib/two.ts", "export const two: number = 2;\n");
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"), "dir");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Sets a file's modification time to `seconds` ago. */
function age(file: string, seconds: number): void {
  const when = new Date(Date.now() - seconds * 1000);
  utimesSync(join(root, file), when, when);
}

/** What a build leaves, written by hand (for the checks that need no compiler): the outputs and the stamp, sources older. */
function builtByHand(): void {
  for (const file of ["dist/main.js", "dist/lib/two.js", "dist/.build-stamp"]) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), "");
  }
  for (const file of ["main.ts", "lib/two.ts", "tsconfig.json", "tsconfig.build.json"]) age(file, 60);
}

function build(): { code: number; said: string[] } {
  const said: string[] = [];
  const code = fresh.buildIfStale(root, (line) => said.push(line), "ignore");
  return { code, said };
}

describe("tools/fresh.cjs", () => {
  test("builds when no build of its own was made, says why, and then finds the output current", () => {
    expect(fresh.staleness(root)).toBe("no build made by this check yet");
    const first = build();
    expect(first).toEqual({ code: 0, said: ["cdktf-eks-irsa: building (no build made by this check yet): tsc -p tsconfig.build.json"] });
    expect(existsSync(join(root, "dist", "main.js"))).toBe(true);
    expect(existsSync(join(root, "dist", "lib", "two.js"))).toBe(true);
    expect(fresh.staleness(root)).toBeUndefined();
    // Current: nothing said, nothing built.
    expect(build()).toEqual({ code: 0, said: [] });
  });

  test("builds again when a source under an include pattern changed, or tsconfig, or the lockfile", () => {
    // Every file as if written a minute ago, the build ten seconds ago; then one file edited five seconds ago.
    writeFileSync(join(root, "package-lock.json"), "{}");
    const files = ["main.ts", "lib/two.ts", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];
    const builtAgo = () => {
      for (const file of files) age(file, 60);
      age("dist/.build-stamp", 10);
    };
    expect(build().code).toBe(0);
    builtAgo();
    expect(fresh.staleness(root)).toBeUndefined();
    age("lib/two.ts", 5);
    expect(fresh.staleness(root)).toBe("lib/two.ts changed");
    expect(build().said).toEqual(["cdktf-eks-irsa: building (lib/two.ts changed): tsc -p tsconfig.build.json"]);
    expect(fresh.staleness(root)).toBeUndefined();
    for (const settings of ["tsconfig.json", "tsconfig.build.json", "package-lock.json"]) {
      builtAgo();
      age(settings, 5);
      expect(fresh.staleness(root)).toBe(`${settings} changed`);
    }
  });

  test("builds again when a source's compiled file is missing", () => {
    builtByHand();
    expect(fresh.staleness(root)).toBeUndefined();
    rmSync(join(root, "dist", "lib", "two.js"));
    expect(fresh.staleness(root)).toBe("dist/lib/two.js is missing");
  });

  test("fails when the build fails: tsc's exit code, and no stamp, so the next run builds again", () => {
    writeFileSync(join(root, "lib", "two.ts"), 'export const two: number = "two";\n');
    const { code, said } = build();
    expect(code).not.toBe(0);
    expect(said[1]).toMatch(/^cdktf-eks-irsa: the build failed \(tsc exited with \d+\): see tsc's errors above$/);
    expect(fresh.staleness(root)).toBe("no build made by this check yet");
  });

  test("reads a tsconfig.build.json with comments, as tsconfig files may have them", () => {
    writeFileSync(
      join(root, "tsconfig.build.json"),
      '{\n  // the build\n  "extends": "./tsconfig.json", /* and its sources: */ "include": ["main.ts", "lib/**/*.ts"] // "//" in a string: "a//b"\n}\n',
    );
    builtByHand();
    expect(fresh.staleness(root)).toBeUndefined();
    writeFileSync(join(root, "lib", "two.ts"), "export const two: number = 2;\n");
    expect(fresh.staleness(root)).toMatch(/lib\/two\.ts/);
  });

  test("fails when tsconfig.build.json includes a pattern it cannot read", () => {
    builtByHand();
    writeFileSync(join(root, "tsconfig.build.json"), JSON.stringify({ include: ["lib/*.ts"] }));
    expect(() => fresh.staleness(root)).toThrow(
      'tsconfig.build.json: include pattern "lib/*.ts" is not a file or "<dir>/**/*.ts", which tools/fresh.cjs reads',
    );
  });
});
