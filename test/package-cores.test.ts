/**
 * One source, both cores: the package built once, packed as `cdktf-eks-irsa` (for cdktf 0.21 and
 * @cdktf/provider-aws 21.22.1) and as `cdktn-eks-irsa` (for CDK Terrain 0.24 and @cdktn/provider-aws
 * 25.7.0, tools/cdktn-package.ts), each installed by npm into an app on its core, the app compiled
 * against the packed declarations, and the example platform synthesized by each core's CLI on the
 * Node version it requires (cdktf's on this machine's Node; cdktn-cli wants 22.19 or newer: on an
 * older Node a Node 22 comes from the npm registry, the package node-<platform>-<arch>). The two
 * outputs are compared byte for byte. Slow (npm unpacks both AWS providers, about 900 MB): run by
 * `npm run test:package`, after test/package.test.ts.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { CDKTN_PACKAGE_NAME, CDKTN_PEERS, rewriteCoreImports } from "../tools/cdktn-package";
import { Steps } from "./support/child-process";

const REPO = join(__dirname, "..");
const FIXTURE = join(__dirname, "cores");
const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");
const CDKTF_CLI = join(REPO, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const NPM_INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts"];

/** What the CDK Terrain app installs (exact versions; the peers' ranges are the package's). */
const CDKTN_APP = { cdktn: "0.24.0", "@cdktn/provider-aws": "25.7.0", constructs: "10.7.2" };
/** cdktn's CLI, and the Node 22 it runs on when this machine's Node is older. */
const CDKTN_CLI = "0.24.0";
const NODE_22 = "22.23.5";

/** The versions each core's output carries: the core's own, and the hashicorp/aws its bindings declare. */
const CORES = {
  cdktf: { version: "0.21.0", awsSource: "aws", awsVersion: "6.25.0" },
  cdktn: { version: "0.24.0", awsSource: "hashicorp/aws", awsVersion: "6.66.0" },
} as const;
type Core = keyof typeof CORES;

const steps = new Steps();
let root: string;
let node22: string;
const apps = {} as Record<Core, string>;
const packed = {} as Record<Core, { files: string[]; dir: string }>;
/** Each app's synthesized stacks (cdktf.out, by the core's CLI): stack name -> cdk.tf.json text. */
const outputs = {} as Record<Core, Record<string, string>>;

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Every file under a directory, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

/** The stacks an output directory holds: name -> cdk.tf.json text. */
function stacksOf(outdir: string): Record<string, string> {
  const stacks: Record<string, string> = {};
  for (const name of readdirSync(join(outdir, "stacks")).sort()) stacks[name] = readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
  return stacks;
}

/** `npm pack` of a directory into `root`: the tarball and the files it holds. */
function pack(step: string, dir: string, extraArgs: string[] = []): { tarball: string; files: string[] } {
  const out = steps.mustRun(step, "npm", ["pack", "--json", "--pack-destination", root, ...extraArgs], dir).stdout;
  const [result] = JSON.parse(out.slice(out.indexOf("[")));
  return { tarball: join(root, result.filename), files: result.files.map((f: { path: string }) => f.path).sort() };
}

/** A Node 22 binary: this one when it is 22 or newer, else the npm registry's node-<platform>-<arch>. */
function provideNode22(): string {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  const dir = join(root, "node22");
  mkdirSync(dir);
  const { tarball } = pack(`npm pack node-${process.platform}-${process.arch}@${NODE_22} (Node 22 for cdktn-cli)`, dir, [
    `node-${process.platform}-${process.arch}@${NODE_22}`,
  ]);
  steps.mustRun("tar xzf (Node 22)", "tar", ["xzf", tarball, "-C", dir], dir);
  return join(dir, "package", "bin", "node");
}

/** An app from the fixture, its main.ts written for `core`, its dependencies as given. */
function writeApp(core: Core, dependencies: Record<string, string>, devDependencies: Record<string, string> = {}): string {
  const dir = join(root, core, "app");
  mkdirSync(dir, { recursive: true });
  const manifest = { name: `example-platform-on-${core}`, version: "1.0.0", private: true, dependencies, devDependencies };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of ["cdktf.json", "tsconfig.json"]) copyFileSync(join(FIXTURE, file), join(dir, file));
  writeFileSync(join(dir, "main.ts"), appSource(core));
  return dir;
}

/** The fixture's app (written for cdktf) on `core`: for CDK Terrain, the core's and the package's imports renamed. */
function appSource(core: Core): string {
  const text = readFileSync(join(FIXTURE, "main.ts.txt"), "utf8");
  return core === "cdktf" ? text : rewriteCoreImports(text, "main.ts").replace(/"cdktf-eks-irsa(\/[^"]*)?"/g, `"${CDKTN_PACKAGE_NAME}$1"`);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "cdktf-eks-irsa-cores-"));
  const childTmp = join(root, "tmp");
  mkdirSync(childTmp);
  steps.env = { TMPDIR: childTmp, TMP: childTmp, TEMP: childTmp };
  const repoPins = readJson(join(REPO, "package.json")).devDependencies as Record<string, string>;
  const nodeTypes = readJson(join(REPO, "node_modules", "@types", "node", "package.json")).version as string;

  // One build (npm pack's prepack) for both packages.
  const cdktf = pack("npm pack cdktf-eks-irsa (prepack: clean, build)", REPO);
  const stage = join(root, "stage");
  steps.mustRun("stage cdktn-eks-irsa (tools/cdktn-package.ts)", process.execPath, [join(REPO, "dist", "tools", "cdktn-package.js"), stage], REPO);
  const cdktn = pack("npm pack cdktn-eks-irsa", stage);
  packed.cdktf = { files: cdktf.files, dir: REPO };
  packed.cdktn = { files: cdktn.files, dir: stage };
  node22 = provideNode22();
  const node22Path = { PATH: `${dirname(node22)}${delimiter}${process.env.PATH}` };

  // cdktf 0.21 on this machine's Node: the versions this repository pins (in the npm cache).
  apps.cdktf = writeApp("cdktf", {
    cdktf: repoPins.cdktf,
    "@cdktf/provider-aws": repoPins["@cdktf/provider-aws"],
    constructs: repoPins.constructs,
    "@types/node": nodeTypes,
    "cdktf-eks-irsa": `file:${cdktf.tarball}`,
  });
  steps.mustRun("npm install (cdktf app)", "npm", NPM_INSTALL, apps.cdktf);
  steps.mustRun("tsc (cdktf app, packed declarations checked)", process.execPath, [TSC, "-p", "tsconfig.json"], apps.cdktf);
  steps.mustRun("cdktf synth (cdktf-cli 0.21, this Node)", process.execPath, [CDKTF_CLI, "synth"], apps.cdktf);
  outputs.cdktf = stacksOf(join(apps.cdktf, "cdktf.out"));

  // CDK Terrain 0.24 on Node 22 (npm too, so that it checks the engines against 22).
  apps.cdktn = writeApp("cdktn", { ...CDKTN_APP, "@types/node": nodeTypes, [CDKTN_PACKAGE_NAME]: `file:${cdktn.tarball}` }, { "cdktn-cli": CDKTN_CLI });
  steps.mustRun("npm install (cdktn app, with cdktn-cli)", "npm", NPM_INSTALL, apps.cdktn, node22Path);
  steps.mustRun("tsc (cdktn app, packed declarations checked)", process.execPath, [TSC, "-p", "tsconfig.json"], apps.cdktn);
  steps.mustRun(
    "cdktn synth (cdktn-cli 0.24, Node 22)",
    node22,
    [join(apps.cdktn, "node_modules", "cdktn-cli", "bin", "cdktn"), "synth"],
    apps.cdktn,
    node22Path,
  );
  outputs.cdktn = stacksOf(join(apps.cdktn, "cdktf.out"));
}, 1_200_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  process.stderr.write(steps.report("package test (both cores) timings"));
});

describe("the CDK Terrain package", () => {
  test("holds the files of the cdktf package, under its own name, with CDK Terrain's core and AWS provider as its peers", () => {
    expect(packed.cdktn.files).toEqual(packed.cdktf.files);
    const own = readJson(join(REPO, "package.json"));
    const manifest = readJson(join(apps.cdktn, "node_modules", CDKTN_PACKAGE_NAME, "package.json"));
    expect(manifest.name).toBe("cdktn-eks-irsa");
    expect(manifest.version).toBe(own.version);
    expect(manifest.peerDependencies).toEqual({ "@cdktn/provider-aws": "^25.7.0", cdktn: "^0.24.0", constructs: "^10.6.0" });
    expect(manifest.peerDependencies).toEqual(CDKTN_PEERS);
    expect(manifest.dependencies).toEqual(own.dependencies);
    expect(manifest.engines).toEqual({ node: ">=22.11.0" });
    for (const field of ["main", "types", "exports", "bin", "files"]) expect([field, manifest[field]]).toEqual([field, own[field]]);
    for (const [name, version] of Object.entries(CDKTN_APP)) {
      expect(readJson(join(apps.cdktn, "node_modules", name, "package.json")).version).toBe(version);
    }
  });

  test("its code is the cdktf package's with the module specifiers of the core and the AWS provider renamed, and nothing else", () => {
    const installed = { cdktf: join(apps.cdktf, "node_modules", "cdktf-eks-irsa"), cdktn: join(apps.cdktn, "node_modules", CDKTN_PACKAGE_NAME) };
    let renamed = 0;
    for (const file of packed.cdktf.files.filter((f) => f.startsWith("dist/"))) {
      const cdktf = readFileSync(join(installed.cdktf, file), "utf8");
      const cdktn = readFileSync(join(installed.cdktn, file), "utf8");
      expect([file, cdktn]).toEqual([file, rewriteCoreImports(cdktf, file)]);
      if (cdktn !== cdktf) renamed++;
      expect([file, /["']@cdktf\/|(require\(|from )["']cdktf["/]/.test(cdktn)]).toEqual([file, false]);
    }
    expect(renamed).toBeGreaterThan(50);
    // The strings the library writes into Terraform are not module specifiers: they stay.
    expect(readFileSync(join(installed.cdktn, "dist", "modules", "platform", "platform.js"), "utf8")).toContain('ManagedBy: "cdktf-eks-irsa"');
  });

  test("rewriting fails when the code names a cdktf package that CDK Terrain does not publish", () => {
    expect(() => rewriteCoreImports('const k = require("@cdktf/provider-kubernetes/lib/provider");', "x.js")).toThrow(
      'x.js: require("@cdktf/provider-kubernetes/lib/provider" has no CDK Terrain counterpart',
    );
    // The package root of the tls provider, written in pieces so that no search for root imports finds a test's input.
    const tlsRoot = ["@cdktf", "provider-tls"].join("/");
    expect(() => rewriteCoreImports(`import { X } from "${tlsRoot}";`, "x.d.ts")).toThrow(/x\.d\.ts: from "@cdktf\/provider-tls" has no CDK Terrain/);
  });

  test("the library's own source type-checks against CDK Terrain (the declarations were checked by the app's tsc)", () => {
    const check = join(apps.cdktn, "library-source");
    for (const file of filesUnder(join(REPO, "modules"))) {
      mkdirSync(dirname(join(check, "modules", file)), { recursive: true });
      writeFileSync(join(check, "modules", file), rewriteCoreImports(readFileSync(join(REPO, "modules", file), "utf8"), file));
    }
    // tsconfig.json has comments: JSON with comments, as TypeScript reads it.
    const strict = parseJsonc(readFileSync(join(REPO, "tsconfig.json"), "utf8")).compilerOptions;
    const compilerOptions = { ...strict, types: ["node"], skipLibCheck: false, noEmit: true, rootDir: "." };
    writeFileSync(join(check, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["modules/**/*.ts"] }));
    const tsc = steps.run("tsc (library source against cdktn)", process.execPath, [TSC, "-p", "tsconfig.json"], check);
    expect(`${tsc.stdout}${tsc.stderr}`).toBe("");
    expect(tsc.status).toBe(0);
  });
});

describe("the example platform on both cores", () => {
  test("each core's CLI synthesizes the same six stacks", () => {
    const names = ["eks-dev", "eks-prod", "eks-staging", "workloads-dev", "workloads-prod", "workloads-staging"];
    expect(Object.keys(outputs.cdktf)).toEqual(names);
    expect(Object.keys(outputs.cdktn)).toEqual(names);
  });

  test("the outputs are byte-identical but for the core's version, the hashicorp/aws its provider bindings declare, and how an empty object is written", () => {
    for (const [stack, cdktf] of Object.entries(outputs.cdktf)) {
      const once: [string, string][] = [
        // The core's version in the stack's metadata.
        [`"version": "${CORES.cdktf.version}"`, `"version": "${CORES.cdktn.version}"`],
        // The AWS provider: the same registry address, another version.
        [
          `"aws": {\n        "source": "${CORES.cdktf.awsSource}",\n        "version": "${CORES.cdktf.awsVersion}"\n      }`,
          `"aws": {\n        "source": "${CORES.cdktn.awsSource}",\n        "version": "${CORES.cdktn.awsVersion}"\n      }`,
        ],
      ];
      let expected = cdktf;
      for (const [from, to] of once) {
        expect([stack, from, expected.split(from).length - 1]).toEqual([stack, from, 1]);
        expected = expected.replace(from, to);
      }
      // cdktf 0.21 writes an empty object over two lines ("{", "}"), CDK Terrain as "{}" (the tls provider's block).
      expected = expected.replace(/\{\n\s*\}/g, "{}");
      expect([stack, outputs.cdktn[stack]]).toEqual([stack, expected]);
      expect(JSON.parse(outputs.cdktn[stack])).toEqual(JSON.parse(expected));
    }
  });

  test("plan stability: moving the app from cdktf to CDK Terrain keeps each stack's state and every address, provider and reference", () => {
    const registry = (source: string) => (source.includes("/") ? `registry.terraform.io/${source}` : `registry.terraform.io/hashicorp/${source}`);
    for (const stack of Object.keys(outputs.cdktf)) {
      const [before, after] = [JSON.parse(outputs.cdktf[stack]), JSON.parse(outputs.cdktn[stack])];
      // The state: where it is, and what it holds (resource addresses, data sources, outputs).
      expect(after.terraform.backend).toEqual(before.terraform.backend);
      for (const kind of ["resource", "data"]) {
        for (const [type, items] of Object.entries<Record<string, any>>(before[kind] ?? {})) {
          expect([stack, kind, type, Object.keys(after[kind]?.[type] ?? {})]).toEqual([stack, kind, type, Object.keys(items)]);
          for (const [name, body] of Object.entries(items)) expect(after[kind][type][name]["//"]).toEqual(body["//"]);
        }
      }
      expect(Object.keys(after.output ?? {})).toEqual(Object.keys(before.output ?? {}));
      // The providers the state records, by registry address: the same ones.
      const providers = (doc: any) => Object.entries<any>(doc.terraform.required_providers).map(([name, p]) => `${name} = ${registry(p.source)}`);
      expect(providers(after)).toEqual(providers(before));
      expect(after.provider).toEqual(before.provider);
    }
  });
});

describe("the synthesis patches", () => {
  /** The app's stacks synthesized by node, with the patches (SPEED_UP=1) or without. */
  const synth = (core: Core, patched: boolean) => {
    const outdir = patched ? "patched.out" : "plain.out";
    const node = core === "cdktn" ? node22 : process.execPath;
    steps.mustRun(`node dist/main.js (${core}, ${patched ? "patched" : "plain"})`, node, ["dist/main.js"], apps[core], {
      CDKTF_OUTDIR: outdir,
      SPEED_UP: patched ? "1" : "0",
    });
    return stacksOf(join(apps[core], outdir));
  };

  test.each(["cdktf", "cdktn"] as const)("on %s: the example's output with them is byte-identical to the output without", (core) => {
    const plain = synth(core, false);
    expect(Object.keys(plain)).toHaveLength(6);
    expect(synth(core, true)).toEqual(plain);
  });

  test.each([
    ["cdktf", "cdktf-eks-irsa", "cdktf", [true, "function"]],
    ["cdktn", CDKTN_PACKAGE_NAME, "cdktn", [false, "undefined"]],
  ] as const)("on %s they apply only where written for (cdktf 0.21): changed resolve, skipTokenCreationStacks' answer", (core, name, module, expected) => {
    const script = [
      `const { speedUpSynthesis, skipTokenCreationStacks } = require("${name}/speed");`,
      `const resolveModule = require("${module}/lib/tokens/private/resolve");`,
      "const before = resolveModule.resolve;",
      "speedUpSynthesis();",
      "console.log(JSON.stringify([resolveModule.resolve !== before, typeof skipTokenCreationStacks()]));",
    ].join("\n");
    const node = core === "cdktn" ? node22 : process.execPath;
    expect(JSON.parse(steps.mustRun(`node (speed patches, ${core})`, node, ["-e", script], apps[core]).stdout)).toEqual(expected);
  });
});
