/**
 * The house's rules (.dependency-cruiser.cjs, run on the real tree by `npm run structure` in
 * `npm test`) each catch what they are there for: a tree with one planted violation per rule is
 * cruised with the project's configuration, and each violation must be reported under its rule.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO } from "./support/compiled-app";

/** Files of the planted tree: each line of a file is an import; the expected rule per importing file. */
const PLANTED: { readonly file: string; readonly imports: readonly string[]; readonly rule: string }[] = [
  { file: "modules/core/naming.ts", imports: ["../iam/policy-check"], rule: "no-upward-from-core" },
  { file: "modules/iam/policy-check.ts", imports: ["../addons/catalogue"], rule: "no-upward-from-iam" },
  { file: "modules/addons/catalogue.ts", imports: ["../identity/workload-role"], rule: "no-upward-from-addons" },
  { file: "modules/identity/workload-role.ts", imports: ["../cluster/cluster"], rule: "no-upward-from-identity" },
  { file: "modules/cluster/cluster.ts", imports: ["../platform/platform"], rule: "no-upward-from-cluster" },
  { file: "modules/platform/platform.ts", imports: ["../speed/token-stacks"], rule: "no-layer-imports-speed" },
  { file: "modules/speed/token-stacks.ts", imports: ["../core/errors"], rule: "speed-stands-apart" },
  { file: "modules/core/errors.ts", imports: ["../../startup/module-stand-in"], rule: "modules-import-no-app" },
  { file: "startup/module-stand-in.ts", imports: ["../modules/core/arns"], rule: "startup-loads-first" },
  { file: "modules/cluster/cluster-addons.ts", imports: ["../identity/private/claims"], rule: "private-stays-home" },
  { file: "tools/bench.ts", imports: ["../modules/iam/private/iam-catalogue"], rule: "private-from-outside" },
  { file: "modules/index.ts", imports: ["./addons/private/define-preset"], rule: "index-exports-no-private" },
  { file: "tools/review/model.ts", imports: ["../../modules/core/naming"], rule: "review-imports-node-and-one-file" },
  { file: "tools/review/json.ts", imports: ["zod"], rule: "review-imports-node-and-one-file" },
  { file: "modules/core/hcl-template.ts", imports: ["node:fs"], rule: "shared-file-stays-dependency-free" },
  { file: "tools/synth.ts", imports: ["../modules/platform/platform"], rule: "synth-imports-the-app-only" },
  { file: "tools/api-report.ts", imports: ["./synth"], rule: "no-tool-imports-synth" },
  { file: "tools/stacks.ts", imports: ["../modules/core/errors"], rule: "stacks-imports-node-only" },
  { file: "tools/fresh.cjs", imports: ["../modules/core/arns"], rule: "fresh-loads-node-only" },
  { file: "modules/cluster/vpc.ts", imports: ["./node-group"], rule: "no-circular" },
  { file: "modules/cluster/karpenter.ts", imports: ["@cdktf/provider-aws"], rule: "no-provider-barrel" },
  { file: "examples/karpenter/existing-cluster.ts", imports: ["../../modules/cluster/karpenter"], rule: "examples-import-the-package" },
];

/** Files that the planted imports point at, with no imports of their own. */
const TARGETS = [
  "modules/iam/private/iam-catalogue.ts",
  "modules/addons/private/define-preset.ts",
  "modules/identity/private/claims.ts",
  "modules/core/arns.ts",
  "modules/speed/private/plain-data.ts",
];

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

function cruise(root: string): Violation[] {
  const bin = join(REPO, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
  const run = spawnSync(
    process.execPath,
    [bin, "--config", join(REPO, ".dependency-cruiser.cjs"), "--output-type", "json", "main.ts", "startup", "modules", "tools", "examples"],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
  return JSON.parse(run.stdout).summary.violations;
}

describe("the house's rules (.dependency-cruiser.cjs)", () => {
  let root: string;
  let violations: Violation[];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "structure-"));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    for (const planted of PLANTED) {
      write(planted.file, planted.imports.map((spec, i) => `import * as m${i} from "${spec}";\nexport const x${i} = m${i};\n`).join(""));
    }
    const written = new Set(PLANTED.map((p) => p.file));
    for (const target of [...TARGETS, ...PLANTED.flatMap((p) => p.imports.filter((s) => s.startsWith(".")).map((s) => join(dirname(p.file), `${s}.ts`)))]) {
      if (!written.has(target)) write(target, "export const y = 1;\n");
    }
    // The other half of the circle that modules/cluster/vpc.ts starts.
    write("modules/cluster/node-group.ts", 'import * as v from "./vpc";\nexport const n = v;\n');
    write("main.ts", "export {};\n");
    symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"), "dir");
    violations = cruise(root);
  }, 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test.each(PLANTED.map((p) => [p.rule, p.file, p.imports[0]] as const))("%s catches %s importing %s", (rule, file) => {
    // A circle is reported once, at whichever of its files the cruise meets last.
    const from = rule === "no-circular" ? [file, "modules/cluster/node-group.ts"] : [file];
    expect(violations.filter((v) => from.includes(v.from)).map((v) => v.rule.name)).toContain(rule);
  });

  test("reports nothing else", () => {
    const expected = new Set([...PLANTED.map((p) => `${p.file} ${p.rule}`), "modules/cluster/node-group.ts no-circular"]);
    expect(violations.map((v) => `${v.from} ${v.rule.name}`).filter((v) => !expected.has(v))).toEqual([]);
  });
});
