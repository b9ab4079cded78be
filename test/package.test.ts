/**
 * The package as another team's CDKTF app gets it: `npm pack` (whose prepack builds afresh), the
 * tarball installed by npm into a consumer project outside this repository (its peers from the npm
 * cache), the consumer compiled with this repository's TypeScript against the packed declarations,
 * synthesized with the cdktf CLI, and its Terraform JSON checked. Slow (npm unpacks the providers,
 * about 550 MB): run by `npm run test:package`, not by `npm test`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ofType, single, statementsOf, type Synthesized } from "./support/helpers";

const REPO = join(__dirname, "..");
const FIXTURE = join(REPO, "examples", "existing-cluster");
const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");
const CDKTF_CLI = join(REPO, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const NAME = "cdktf-eks-irsa";
const PEERS: Record<string, string> = {
  "@cdktf/provider-aws": "^21.22.1",
  cdktf: "^0.21.0",
  constructs: "^10.4.2",
};
const NPM_INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts"];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child: without what `npm run` tells its script about this repository. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", ...extra };
  for (const key of Object.keys(env)) {
    // npm_config_loglevel too: `npm run --silent test:package` would silence the installs whose errors the tests read.
    if (/^npm_(package|lifecycle)_|^npm_(command|config_local_prefix|config_call|config_loglevel)$|^INIT_CWD$/.test(key)) delete env[key];
  }
  return env;
}

const timings: [string, number][] = [];

function run(step: string, command: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
  const start = Date.now();
  const result = spawnSync(command, args, { cwd, env: childEnv(extraEnv), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  timings.push([step, Date.now() - start]);
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a step that must succeed, with its output in the error when it does not. */
function mustRun(step: string, command: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
  const result = run(step, command, args, cwd, extraEnv);
  if (result.status !== 0) {
    throw new Error(`${step}: ${command} ${args.join(" ")} exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** `version` satisfies the caret range `range` (^X.Y.Z as npm reads it). */
function satisfiesCaret(version: string, range: string): boolean {
  const parse = (v: string) => v.split(".").map(Number);
  const [vMajor, vMinor, vPatch] = parse(version);
  const [rMajor, rMinor, rPatch] = parse(range.replace(/^\^/, ""));
  const atLeast = vMajor !== rMajor ? vMajor > rMajor : vMinor !== rMinor ? vMinor > rMinor : vPatch >= rPatch;
  return range.startsWith("^") && atLeast && vMajor === rMajor && (rMajor !== 0 || vMinor === rMinor);
}

/** The `.js` and `.d.ts` that tsc makes of every `.ts` under a source folder, as paths in the tarball. */
function builtFrom(sourceDir: string, distDir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(REPO, sourceDir), { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...builtFrom(`${sourceDir}/${entry.name}`, `${distDir}/${entry.name}`));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      const base = entry.name.slice(0, -3);
      out.push(`${distDir}/${base}.js`, `${distDir}/${base}.d.ts`);
    }
  }
  return out;
}

/** A consumer project from the fixture: its package.json with the tarball and exact peer versions. */
function consumerProject(dir: string, dependencies: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  const manifest = readJson(join(FIXTURE, "package.json"));
  // The compiler and the cdktf CLI are this repository's; the rest is what the consumer declares.
  delete manifest.devDependencies;
  manifest.dependencies = { ...manifest.dependencies, ...dependencies };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

let root: string;
let consumer: string;
let tarball: string;
let packed: { filename: string; files: { path: string }[] };
let installed: string;
let reports: Synthesized;
let payments: Synthesized;
/** The versions this repository pins (and the npm cache holds), used instead of the fixture's ranges. */
const pinned: Record<string, string> = {};

beforeAll(() => {
  const devDependencies = readJson(join(REPO, "package.json")).devDependencies as Record<string, string>;
  for (const name of Object.keys(PEERS)) pinned[name] = devDependencies[name];
  // The consumer's Node types (its tsconfig names them; the package's declarations use zod's, which need URL).
  pinned["@types/node"] = readJson(join(REPO, "node_modules", "@types", "node", "package.json")).version;
  root = mkdtempSync(join(tmpdir(), "cdktf-eks-irsa-package-"));

  const pack = mustRun("npm pack (prepack: clean, build)", "npm", ["pack", "--json", "--pack-destination", root], REPO);
  packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
  tarball = join(root, packed.filename);

  consumer = join(root, "consumer");
  consumerProject(consumer, { ...pinned, [NAME]: `file:${tarball}` });
  for (const file of ["cdktf.json", "tsconfig.json", "main.ts", "remote-state.ts"]) copyFileSync(join(FIXTURE, file), join(consumer, file));
  mustRun("npm install (consumer, from the cache)", "npm", NPM_INSTALL, consumer);
  installed = join(consumer, "node_modules", NAME);

  // skipLibCheck off: the packed declarations are type-checked too, not only used.
  mustRun("tsc (consumer, TypeScript 7)", process.execPath, [TSC, "-p", "tsconfig.json", "--skipLibCheck", "false"], consumer);
  mustRun("cdktf synth (consumer main.ts)", process.execPath, [CDKTF_CLI, "synth"], consumer);
  reports = readJson(join(consumer, "cdktf.out", "stacks", "reports-prod", "cdk.tf.json"));
  const remoteOut = join(consumer, "remote-state.out");
  mustRun("node remote-state.js (synth)", process.execPath, ["dist/remote-state.js"], consumer, { CDKTF_OUTDIR: remoteOut });
  payments = readJson(join(remoteOut, "stacks", "payments-prod", "cdk.tf.json"));
}, 300_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  process.stderr.write(`package test timings:\n${timings.map(([step, ms]) => `  ${(ms / 1000).toFixed(1).padStart(5)} s  ${step}`).join("\n")}\n`);
});

describe("the tarball", () => {
  test("holds the fresh build of modules/ and of the review and stacks tools, the configuration's JSON Schema and example, the README, LICENSE and package.json, nothing else", () => {
    const files = packed.files.map((f) => f.path).sort();
    const expected = [
      "LICENSE",
      "package.json",
      "README.md",
      ...builtFrom("modules", "dist/modules"),
      "dist/tools/review.js",
      "dist/tools/review.d.ts",
      ...builtFrom("tools/review", "dist/tools/review"),
      "dist/tools/stacks.js",
      "dist/tools/stacks.d.ts",
      "schema/platform.schema.json",
      "examples/platform/platform.json",
    ].sort();
    expect(files).toEqual(expected);
    expect(files.filter((f) => /(^|\/)(test|main\.|bench)|\.tgz$|(?<!\.d)\.ts$/.test(f))).toEqual([]);
  });

  test("declares its entry points, the review bin, node 20, and the cdktf libraries as peers only", () => {
    const manifest = readJson(join(installed, "package.json"));
    expect(manifest.private).toBe(false);
    expect(manifest.main).toBe("dist/modules/index.js");
    expect(manifest.types).toBe("dist/modules/index.d.ts");
    expect(manifest.exports).toEqual({
      ".": { types: "./dist/modules/index.d.ts", default: "./dist/modules/index.js" },
      "./speed": { types: "./dist/modules/speed/index.d.ts", default: "./dist/modules/speed/index.js" },
      "./package.json": "./package.json",
      "./schema/platform.schema.json": "./schema/platform.schema.json",
    });
    expect(manifest.bin).toEqual({ "cdktf-eks-irsa-review": "dist/tools/review.js", "cdktf-eks-irsa-stacks": "dist/tools/stacks.js" });
    expect(manifest.engines).toEqual({ node: ">=20" });
    expect(manifest.peerDependencies).toEqual(PEERS);
    for (const name of Object.keys(PEERS)) expect(manifest.dependencies?.[name]).toBeUndefined();
    // What this repository builds and tests with lies in the ranges it declares.
    for (const [name, range] of Object.entries(PEERS))
      expect(`${name}@${pinned[name]} ${satisfiesCaret(pinned[name], range)}`).toBe(`${name}@${pinned[name]} true`);
  });

  test("neither the package nor the consumer imports a provider's package root", () => {
    const sources: string[] = [join(consumer, "main.ts"), join(consumer, "remote-state.ts")];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (/\.(js|d\.ts)$/.test(entry.name)) sources.push(join(dir, entry.name));
      }
    };
    walk(join(installed, "dist"));
    const barrels = sources.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?:from |require\()"(@cdktf\/provider-[a-z]+)"/g)].map((m) => `${file}: ${m[1]}`),
    );
    expect(barrels).toEqual([]);
  });
});

describe("installed by npm into a consumer app", () => {
  test("is a copy from the tarball, and the app and the package share the consumer's one cdktf", () => {
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(installed, "dist", "modules", "index.js"), "utf8")).toBe(readFileSync(join(REPO, "dist", "modules", "index.js"), "utf8"));
    const script = [
      "const { dirname } = require('node:path');",
      `const pkg = dirname(require.resolve(${JSON.stringify(NAME)}));`,
      "const names = ['cdktf', 'constructs', '@cdktf/provider-aws/lib/provider'];",
      "console.log(JSON.stringify(names.map((n) => [require.resolve(n), require.resolve(n, { paths: [pkg] })])));",
    ].join("\n");
    const resolved: [string, string][] = JSON.parse(mustRun("node (resolve peers)", process.execPath, ["-e", script], consumer).stdout);
    for (const [fromApp, fromPackage] of resolved) {
      expect(fromApp.startsWith(`${join(consumer, "node_modules")}/`)).toBe(true);
      expect(fromPackage).toBe(fromApp);
    }
    for (const name of Object.keys(PEERS)) expect(readJson(join(consumer, "node_modules", name, "package.json")).version).toBe(pinned[name]);
  });

  test("exports the package root only: deep imports into dist are refused", () => {
    const deep = run("node (deep import)", process.execPath, ["-e", `require("${NAME}/dist/modules/naming")`], consumer);
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  test("can be imported by name from an ES module too", () => {
    const names = ["EksCluster", "ClusterOidcProvider", "WorkloadIdentity", "WorkloadRole", "ServiceAccount", "ClusterStack", "WorkloadsStack"];
    const esm = mustRun(
      "node (ESM import)",
      process.execPath,
      ["--input-type=module", "-e", `import { ${names.join(", ")} } from "${NAME}"; console.log([${names.join(", ")}].map((c) => typeof c).join(" "));`],
      consumer,
    );
    expect(esm.stdout.trim()).toBe(names.map(() => "function").join(" "));
  });

  test("reads and checks a platform configuration: the example it ships, against the JSON Schema it exports", () => {
    const script = [
      `const { PlatformConfigSource } = require("${NAME}");`,
      `const schema = require.resolve("${NAME}/schema/platform.schema.json");`,
      `const config = PlatformConfigSource.read(require("node:path").join(require.resolve("${NAME}/package.json"), "..", "examples", "platform", "platform.json")).config;`,
      "console.log(JSON.stringify([config.environments.map((e) => e.name), require(schema).title]));",
    ].join("\n");
    expect(JSON.parse(mustRun("node (platform configuration)", process.execPath, ["-e", script], consumer).stdout)).toEqual([
      ["dev", "staging", "prod"],
      "cdktf-eks-irsa platform configuration",
    ]);
  });

  test("skipTokenCreationStacks reaches the consumer's cdktf", () => {
    const script = [
      `const { skipTokenCreationStacks } = require("${NAME}/speed");`,
      "const { Lazy } = require('cdktf');",
      "const before = Lazy.anyValue({ produce: () => 1 }).creationStack.length;",
      "const restore = skipTokenCreationStacks();",
      "const during = Lazy.anyValue({ produce: () => 1 }).creationStack.length;",
      "console.log(JSON.stringify([before > 0, typeof restore, during]));",
    ].join("\n");
    expect(JSON.parse(mustRun("node (skipTokenCreationStacks)", process.execPath, ["-e", script], consumer).stdout)).toEqual([true, "function", 0]);
  });

  test("speedUpSynthesis reaches the consumer's cdktf and leaves its synthesized files byte-identical", () => {
    // The consumer's app, synthesized by node with cdktf as it is and with the synthesis patches.
    const synth = (outdir: string, patched: boolean) => {
      const script = `${patched ? `require("${NAME}/speed").speedUpSynthesis();` : ""} require("./dist/main.js");`;
      mustRun(`node dist/main.js (${patched ? "speedUpSynthesis" : "plain"})`, process.execPath, ["-e", script], consumer, { CDKTF_OUTDIR: outdir });
      return readFileSync(join(consumer, outdir, "stacks", "reports-prod", "cdk.tf.json"));
    };
    const plain = synth("plain.out", false);
    const patched = synth("patched.out", true);
    expect(plain.length).toBeGreaterThan(1000);
    expect(patched.equals(plain)).toBe(true);
    const check = [
      `const { speedUpSynthesis } = require("${NAME}/speed");`,
      "const resolveModule = require('cdktf/lib/tokens/private/resolve');",
      "const before = resolveModule.resolve;",
      "const restore = speedUpSynthesis();",
      "console.log(JSON.stringify([resolveModule.resolve !== before, typeof restore]));",
    ].join("\n");
    expect(JSON.parse(mustRun("node (speedUpSynthesis)", process.execPath, ["-e", check], consumer).stdout)).toEqual([true, "function"]);
  });

  test("AppSynthesis gives the consumer's app readable errors: the message once, no stack trace, exit code 1", () => {
    const script = [
      "const { TerraformStack } = require('cdktf');",
      "const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');",
      `const { AppSynthesis, EksCluster } = require("${NAME}");`,
      "process.exitCode = new AppSynthesis({ outdir: 'bad.out' }).run((app) => {",
      "  const stack = new TerraformStack(app, 'reports-prod');",
      "  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });",
      "  EksCluster.fromClusterName(stack, 'cluster', 'example-prod').addServiceAccount('bad', { createServiceAccounts: false, serviceAccounts: [{ namespace: 'Reports', name: 'reader' }] });",
      "});",
    ].join("\n");
    const bad = run("node (AppSynthesis, bad input)", process.execPath, ["-e", script], consumer);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^serviceAccounts\[0\]\.namespace "Reports" is invalid: a namespace is a DNS-1123 label[^\n]+\n$/);
  });

  test("the review bin runs from node_modules/.bin on the app's synthesized output", () => {
    const review = mustRun(
      "cdktf-eks-irsa-review (consumer)",
      join(consumer, "node_modules", ".bin", "cdktf-eks-irsa-review"),
      ["--out", "cdktf.out"],
      consumer,
    );
    expect(review.stdout).toContain("reports-prod_reports_s3-reader");
    expect(review.stdout).toContain("reports-prod_monitoring_cloudwatch-exporter");
  });
});

describe("the consumer's synthesized stack (EksCluster.fromClusterName)", () => {
  test("reads the cluster and its OIDC provider with data sources, and creates neither", () => {
    const [clusterId, cluster] = single(reports, "aws_eks_cluster", "data");
    expect(cluster.name).toBe("example-prod");
    const [, provider] = single(reports, "aws_iam_openid_connect_provider", "data");
    expect(provider.url).toBe(`\${data.aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`);
    expect(ofType(reports, "aws_eks_cluster")).toEqual([]);
    expect(ofType(reports, "aws_iam_openid_connect_provider")).toEqual([]);
    expect(Object.keys(reports.provider ?? {}).sort()).toEqual(["aws", "kubernetes"]);
  });

  test.each([
    ["cluster.addServiceAccount", "reports", "s3-reader"],
    ["new WorkloadIdentity", "monitoring", "cloudwatch-exporter"],
  ])("%s: a role that only %s/%s can assume, for sts.amazonaws.com, and that service account annotated with it", (_how, namespace, name) => {
    const [clusterId] = single(reports, "aws_eks_cluster", "data");
    const [providerId] = single(reports, "aws_iam_openid_connect_provider", "data");
    const host = `\${replace(data.aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer, "https://", "")}`;

    const [roleId, role] = ofType(reports, "aws_iam_role").find(([, r]) => r.name === `reports-prod_${namespace}_${name}`)!;
    expect(statementsOf(role.assume_role_policy)).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [`\${data.aws_iam_openid_connect_provider.${providerId}.arn}`] }],
        condition: [
          { test: "StringEquals", variable: `${host}:sub`, values: [`system:serviceaccount:${namespace}:${name}`] },
          { test: "StringEquals", variable: `${host}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ]);

    const [, account] = ofType(reports, "kubernetes_service_account_v1").find(([, sa]) => sa.metadata.name === name)!;
    expect(account.metadata.annotations["eks.amazonaws.com/role-arn"]).toBe(`\${aws_iam_role.${roleId}.arn}`);
  });

  test("gives each role its permissions, and creates the namespace asked for", () => {
    const attachments = ofType(reports, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn);
    expect(attachments).toContain("arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess");
    expect(
      ofType(reports, "aws_iam_policy")
        .map(([, p]) => p.name)
        .sort(),
    ).toEqual(["reports-prod_external-dns-externalDns", "reports-prod_reports_s3-reader-policy"]);
    const [, namespace] = single(reports, "kubernetes_namespace_v1");
    expect(namespace.metadata.name).toBe("reports");
  });

  test("applies an add-on preset, checked against the IAM catalogue installed with the package, scoped through the cluster's ARN", () => {
    const [, arn] = single(reports, "aws_arn", "data");
    expect(arn.arn).toMatch(/^\$\{data\.aws_eks_cluster\.[^.]+\.arn\}$/);
    const [, policy] = ofType(reports, "aws_iam_policy").find(([id]) => id.includes("addon-externalDns"))!;
    expect(statementsOf(policy.policy).find((s: any) => s.sid === "ChangeRecords").resources).toEqual(["arn:aws:route53:::hostedzone/Z0EXAMPLEREPORTS"]);
  });
});

describe("the consumer's synthesized stack (cluster stack outputs through remote state)", () => {
  test("trusts the OIDC provider and issuer that the cluster stack outputs, with no lookup", () => {
    const [remoteId, remote] = single(payments, "terraform_remote_state", "data");
    expect(remote).toMatchObject({ backend: "s3", config: { bucket: "my-terraform-state", key: "cdktf-eks-irsa/eks-prod/terraform.tfstate" } });
    const outputs = `data.terraform_remote_state.${remoteId}.outputs`;
    expect(ofType(payments, "aws_eks_cluster", "data")).toEqual([]);
    expect(ofType(payments, "aws_iam_openid_connect_provider", "data")).toEqual([]);

    const [roleId, role] = single(payments, "aws_iam_role");
    const [statement] = statementsOf(role.assume_role_policy);
    const host = `\${replace(${outputs}.oidc_issuer_url, "https://", "")}`;
    expect(statement.principals).toEqual([{ type: "Federated", identifiers: [`\${${outputs}.oidc_provider_arn}`] }]);
    expect(statement.condition).toEqual([
      { test: "StringEquals", variable: `${host}:sub`, values: ["system:serviceaccount:payments:payments-api"] },
      { test: "StringEquals", variable: `${host}:aud`, values: ["sts.amazonaws.com"] },
    ]);
    const [, account] = single(payments, "kubernetes_service_account_v1");
    expect(account.metadata.annotations["eks.amazonaws.com/role-arn"]).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(payments.provider!.kubernetes[0].host).toBe(`\${${outputs}.cluster_endpoint}`);
  });
});

describe("peer dependency versions that do not match", () => {
  // npm refuses the install (ERESOLVE), before it unpacks anything: the app never reaches synth.
  test.each([
    ["a cdktf older than 0.21", { cdktf: "0.20.12" }, /peer cdktf@"\^0\.21\.0" from /],
    ["an AWS provider below the declared range", { "@cdktf/provider-aws": "21.0.0" }, /peer @cdktf\/provider-aws@"\^21\.22\.1" from cdktf-eks-irsa@/],
  ])("%s: npm install fails with ERESOLVE and names the peer range", (_what, override, message) => {
    const dir = join(root, `mismatch-${Object.keys(override)[0].replace(/\W/g, "-")}`);
    consumerProject(dir, { ...pinned, [NAME]: `file:${tarball}`, ...override });
    const install = run(`npm install (mismatch ${JSON.stringify(override)})`, "npm", NPM_INSTALL, dir);
    expect(install.status).not.toBe(0);
    expect(install.stderr).toContain("ERESOLVE");
    expect(install.stderr).toMatch(message);
    expect(existsSync(join(dir, "node_modules", NAME))).toBe(false);
  });
});
