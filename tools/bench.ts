/**
 * `npm run bench`: what synthesis costs, measured in fresh processes and printed as Markdown.
 *
 * - floor: `node -e "require('cdktf')"`, the least any CDKTF app pays;
 * - the default app: `node dist/main.js`, the process that `cdktf synth` runs (cdktf.json `app`);
 * - generated apps: the example's three clusters with 3, 10, 100 and 1000 service-account bindings
 *   (one IRSA role + one Kubernetes service account each) per environment, through EKS_IRSA_CONFIG;
 * - the access review of the largest generated app's output (`node dist/tools/review.js --out`), alone
 *   and against a base (`--base`: the same platform before a pull request that adds ten bindings per
 *   environment and widens one policy each);
 * - the AWS CDK peer, when installed: `aws-cdk-lib/aws-eks-v2` with the same three clusters and 3
 *   and 100 IRSA service accounts each (`cluster.addServiceAccount` + an S3 policy statement);
 * - `cdktf synth` through the CLI, for the figure a user sees;
 * - the type check (`tsc -p tsconfig.json`) and the whole `npm test`;
 * - what the policy check costs the apps (issue 12): the time spent inside `checkPolicyStatements`
 *   and `checkRolePolicyQuotas` (modules/iam/policy-check.ts, the IAM catalogue's lazy reads included),
 *   against each synth scenario's wall time.
 *
 * Wall time is taken by this process around each child; peak RSS is the child's own
 * `process.resourceUsage().maxRSS`, written at exit by a preloaded script. The time inside the policy
 * check is summed by another preloaded script that wraps the two functions on the compiled module's
 * exports (which the constructs call through) once the app has loaded it, so the app itself has no
 * switch for the bench and loads its modules in its own order. Every scenario gets one
 * warm-up run, then `--runs` measured runs (default 5); the table shows minimum and median.
 *
 * The AWS CDK peer is not a dependency of this project (aws-cdk-lib is about 190 MB installed). To
 * measure it, install it anywhere and name the directory:
 *
 *   mkdir -p /tmp/aws-cdk-peer && cd /tmp/aws-cdk-peer && npm init -y >/dev/null &&
 *     npm install --save-exact aws-cdk-lib@2.276.0 constructs@10.8.1
 *   npm run bench -- --aws-cdk /tmp/aws-cdk-peer      (or BENCH_AWS_CDK_DIR=/tmp/aws-cdk-peer)
 *
 * Options: `--runs N`, `--sizes 3,10,100,1000`, `--aws-cdk <dir>`, `--aws-cdk-sizes 3,100`,
 * `--skip-tests` (leave out tsc and npm test), `--json <file>` (also write the raw figures).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../modules/platform/config-file";
import type { PlatformConfig } from "../modules/platform/config";
import type { Workload } from "../modules/platform/workloads-stack";

const EXAMPLE_CONFIG = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

/** The repository root (this file runs as dist/tools/bench.js). */
const REPO = join(__dirname, "..", "..");
const APP = join(REPO, "dist", "main.js");
/** The compiled policy check, whose exports the check probe wraps. */
const POLICY_CHECK_MODULE = join(REPO, "dist", "modules", "policy-check.js");

interface Options {
  readonly runs: number;
  readonly sizes: readonly number[];
  readonly skipTests: boolean;
  readonly json?: string;
  /** Where aws-cdk-lib and constructs are installed, for the AWS CDK peer. */
  readonly awsCdk?: string;
  readonly awsCdkSizes: readonly number[];
}

/** One measured run of a child process. */
interface Sample {
  readonly seconds: number;
  /** Peak resident set size of the child, in MiB; undefined for non-node children (npm, the CLI). */
  readonly mib?: number;
  /** Seconds spent inside the policy check, for the synth scenarios of this project's app. */
  readonly checkSeconds?: number;
}

/** The figures of one scenario. */
interface Result {
  readonly name: string;
  readonly samples: readonly Sample[];
  /** Resources and data sources in the synthesized stacks, when the scenario synthesizes. */
  readonly resources?: number;
}

function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  let runs = 5;
  let sizes = [3, 10, 100, 1000];
  let skipTests = false;
  let json: string | undefined;
  let awsCdk = env.BENCH_AWS_CDK_DIR || undefined;
  let awsCdkSizes = [3, 100];
  const sizeList = (flag: string, value: string | undefined): number[] => {
    const list = String(value).split(",").map(Number);
    if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} ${value} is invalid: use whole numbers >= 1, comma-separated`);
    return list;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${argv[i]} is invalid: use a whole number >= 1`);
    } else if (arg === "--sizes") {
      sizes = sizeList(arg, argv[++i]);
    } else if (arg === "--aws-cdk-sizes") {
      awsCdkSizes = sizeList(arg, argv[++i]);
    } else if (arg === "--aws-cdk") {
      awsCdk = argv[++i];
      if (!awsCdk) throw new Error("--aws-cdk needs the directory where aws-cdk-lib is installed");
    } else if (arg === "--skip-tests") {
      skipTests = true;
    } else if (arg === "--json") {
      json = argv[++i];
      if (!json) throw new Error("--json needs a file name");
    } else {
      throw new Error(
        `unknown option ${JSON.stringify(arg)}: use --runs N, --sizes 3,10,100,1000, --aws-cdk <dir>, --aws-cdk-sizes 3,100, --skip-tests, --json <file>`,
      );
    }
  }
  return { runs, sizes, skipTests, json, awsCdk, awsCdkSizes };
}

/**
 * The configuration the generated apps start from. One small function, so that where it comes
 * from (today the example in main.ts) can change in one place.
 */
function baseConfig(): PlatformConfig {
  return EXAMPLE_CONFIG;
}

/** The generated configuration: the example's clusters, `bindings` IRSA service accounts in each. */
export function generatedConfig(bindings: number): PlatformConfig {
  const base = baseConfig();
  return {
    ...base,
    environments: base.environments.map((env) => ({
      ...env,
      workloads: Array.from({ length: bindings }, (_, i): Workload => {
        // Ten service accounts per namespace, each namespace created once and shared.
        const namespace = `team-${String(Math.floor(i / 10)).padStart(3, "0")}`;
        const name = `app-${String(i).padStart(4, "0")}`;
        return {
          serviceAccounts: [{ namespace, name, createNamespace: true }],
          policyStatements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: [`arn:aws:s3:::example-${env.name}-${name}/*`] }],
        };
      }),
    })),
  };
}

/**
 * The base of a pull request against {@link generatedConfig}: the same platform before the change,
 * for the review with `--base`. The change: each environment's last ten bindings are new, and its
 * first binding's policy widens from its bucket to every bucket.
 */
export function generatedBaseConfig(bindings: number): PlatformConfig {
  const head = generatedConfig(bindings);
  return {
    ...head,
    environments: head.environments.map((env) => ({
      ...env,
      workloads: env.workloads
        .slice(0, Math.max(1, bindings - 10))
        .map((w, i) => (i === 0 ? { ...w, policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::example-${env.name}-app-0000/*`] }] } : w)),
    })),
  };
}

/**
 * The AWS CDK peer app: per environment a stack with a VPC (3 AZs, 1 NAT gateway), an
 * `aws-eks-v2` cluster with a managed node group, and BINDINGS IRSA service accounts, ten per
 * namespace, each with an S3 policy statement, as the generated apps. The kubectl layer is
 * imported by ARN (synthesis needs nothing more). It loads aws-cdk-lib from AWS_CDK_DIR.
 */
const AWS_CDK_PEER_APP = `
const req = (m) => require(require.resolve(m, { paths: [process.env.AWS_CDK_DIR] }));
const cdk = req("aws-cdk-lib");
const eks = req("aws-cdk-lib/aws-eks-v2");
const ec2 = req("aws-cdk-lib/aws-ec2");
const iam = req("aws-cdk-lib/aws-iam");
const lambda = req("aws-cdk-lib/aws-lambda");
const bindings = Number(process.env.BINDINGS);
const app = new cdk.App({ outdir: process.env.CDK_OUTDIR });
for (const env of ["dev", "staging", "prod"]) {
  const stack = new cdk.Stack(app, "eks-" + env, { env: { account: "123456789012", region: "eu-west-1" } });
  const vpc = new ec2.Vpc(stack, "Vpc", { maxAzs: 3, natGateways: 1 });
  const cluster = new eks.Cluster(stack, "Cluster", {
    version: eks.KubernetesVersion.V1_33,
    vpc,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 2,
    kubectlProviderOptions: { kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, "Kubectl", "arn:aws:lambda:eu-west-1:123456789012:layer:kubectl:1") },
  });
  for (let i = 0; i < bindings; i++) {
    const namespace = "team-" + String(Math.floor(i / 10)).padStart(3, "0");
    const name = "app-" + String(i).padStart(4, "0");
    const sa = cluster.addServiceAccount(namespace + "-" + name, { name, namespace });
    sa.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::example-" + env + "-" + name + "/*"] }));
  }
}
app.synth();
`;

/** True when aws-cdk-lib with aws-eks-v2 can be loaded from `dir`. */
function hasAwsCdk(dir: string): boolean {
  try {
    require.resolve("aws-cdk-lib/aws-eks-v2", { paths: [dir] });
    require.resolve("constructs", { paths: [dir] });
    return true;
  } catch {
    return false;
  }
}

/** Resources in every CloudFormation template under a cdk.out directory. */
function countCfnResources(outdir: string): number {
  let count = 0;
  for (const file of readdirSync(outdir)) {
    if (file.endsWith(".template.json")) count += Object.keys(JSON.parse(readFileSync(join(outdir, file), "utf8")).Resources ?? {}).length;
  }
  return count;
}

/** A script every measured node child preloads: it writes its peak RSS (KiB) to BENCH_RSS_FILE at exit. */
function writeRssProbe(dir: string): string {
  const probe = join(dir, "rss-probe.js");
  writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
  return probe;
}

/** The policy check's functions whose time the check probe sums (each call's outermost entry). */
const POLICY_CHECK_FUNCTIONS = ["checkPolicyStatements", "checkRolePolicyQuotas"];

/**
 * A script the app's synth runs preload: once the app has loaded the compiled policy check
 * (BENCH_POLICY_CHECK_MODULE), it wraps the check's functions on the module's exports, which the
 * constructs call through (`(0, policy_check_1.checkPolicyStatements)(...)`), sums the time spent
 * inside them and writes it (nanoseconds) to BENCH_CHECK_FILE at exit. It does not load the module
 * itself: that would load cdktf before the app's entry point, ahead of its startup modules
 * (startup/drop-inline-source-maps.ts, startup/defer-cdktf-dependencies.ts). It watches Node's
 * `Module._load` until the module is loaded, then puts the loader's own back.
 */
function writeCheckProbe(dir: string): string {
  const probe = join(dir, "check-probe.js");
  writeFileSync(
    probe,
    [
      "const { Module } = require('node:module');",
      "const target = process.env.BENCH_POLICY_CHECK_MODULE;",
      "let total = 0n;",
      "let depth = 0;",
      "const wrap = (checks) => {",
      `  for (const name of ${JSON.stringify(POLICY_CHECK_FUNCTIONS)}) {`,
      "    const real = checks[name];",
      "    if (typeof real !== 'function') throw new Error(`bench: ${name} is not exported by ${target}`);",
      "    checks[name] = function (...args) {",
      "      const start = depth++ === 0 ? process.hrtime.bigint() : undefined;",
      "      try { return real.apply(this, args); } finally { depth--; if (start !== undefined) total += process.hrtime.bigint() - start; }",
      "    };",
      "  }",
      "};",
      "const load = Module._load;",
      "Module._load = function (...args) {",
      "  const result = load.apply(this, args);",
      "  const entry = require.cache[target];",
      "  if (entry !== undefined && entry.loaded) {",
      "    Module._load = load;",
      "    wrap(entry.exports);",
      "  }",
      "  return result;",
      "};",
      "process.on('exit', () => {",
      "  if (Module._load !== load) throw new Error(`bench: the app did not load ${target}`);",
      "  require('node:fs').writeFileSync(process.env.BENCH_CHECK_FILE, String(total));",
      "});",
      "",
    ].join("\n"),
  );
  return probe;
}

/** The environment of a child: no npm script variables, no state bucket, no telemetry. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  delete env.EKS_IRSA_STATE_BUCKET;
  delete env.EKS_IRSA_CONFIG;
  delete env.CDKTF_OUTDIR;
  for (const key of Object.keys(env)) if (/^npm_/.test(key)) delete env[key];
  return { ...env, ...extra };
}

/** Runs a command once and returns its wall time; throws with its output when it fails. */
function timeOnce(command: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: REPO, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
  return seconds;
}

/** The preloaded probes and the files they write. */
interface Probes {
  readonly rss: string;
  readonly rssFile: string;
  /** The policy check probe, preloaded only into this project's app. */
  readonly check: string;
  readonly checkFile: string;
}

/** A node child with the RSS probe (and, with `check`, the policy check probe): wall time, peak RSS, time in the check. */
function nodeSample(args: readonly string[], probes: Probes, extra: Record<string, string>, check = false): Sample {
  rmSync(probes.rssFile, { force: true });
  rmSync(probes.checkFile, { force: true });
  const preload = ["--require", probes.rss, ...(check ? ["--require", probes.check] : [])];
  const env = { ...extra, BENCH_RSS_FILE: probes.rssFile, BENCH_CHECK_FILE: probes.checkFile, BENCH_POLICY_CHECK_MODULE: POLICY_CHECK_MODULE };
  const seconds = timeOnce(process.execPath, [...preload, ...args], childEnv(env));
  const mib = Number(readFileSync(probes.rssFile, "utf8")) / 1024;
  return check ? { seconds, mib, checkSeconds: Number(readFileSync(probes.checkFile, "utf8")) / 1e9 } : { seconds, mib };
}

/** One warm-up run, then `runs` measured ones. */
function repeat(runs: number, once: () => Sample): Sample[] {
  once();
  return Array.from({ length: runs }, once);
}

/** Resources and data sources in every stack under a cdktf.out directory. */
function countResources(outdir: string): number {
  const stacks = join(outdir, "stacks");
  let count = 0;
  for (const stack of readdirSync(stacks)) {
    const json = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"));
    for (const section of ["resource", "data"]) {
      for (const byType of Object.values<Record<string, unknown>>(json[section] ?? {})) count += Object.keys(byType).length;
    }
  }
  return count;
}

function min(values: readonly number[]): number {
  return Math.min(...values);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (r: Result) => r.samples.map((s) => s.seconds);
const mibs = (r: Result) => r.samples.flatMap((s) => (s.mib === undefined ? [] : [s.mib]));
const checkSeconds = (r: Result) => r.samples.flatMap((s) => (s.checkSeconds === undefined ? [] : [s.checkSeconds]));
/** The policy check's share of a scenario's wall time, in percent: the median of each run's share. */
const checkShare = (r: Result) => median(r.samples.flatMap((s) => (s.checkSeconds === undefined ? [] : [(s.checkSeconds / s.seconds) * 100])));
const fmtS = (v: number) => `${v.toFixed(2)} s`;
const fmtM = (v: number) => `${v.toFixed(0)} MB`;

function row(r: Result, floor: Result): string {
  const t = seconds(r);
  const m = mibs(r);
  const memory = m.length ? `${fmtM(min(m))} / ${fmtM(median(m))}` : "n/a";
  const ratio = m.length
    ? `${(median(t) / median(seconds(floor))).toFixed(2)}x / ${(median(m) / median(mibs(floor))).toFixed(2)}x`
    : `${(median(t) / median(seconds(floor))).toFixed(2)}x / n/a`;
  return `| ${r.name} | ${r.resources ?? ""} | ${fmtS(min(t))} / ${fmtS(median(t))} | ${memory} | ${ratio} |`;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (!statSync(APP, { throwIfNoEntry: false })) throw new Error(`${APP} is missing: run \`npm run build\` (npm run bench does)`);
  if (options.awsCdk !== undefined && !hasAwsCdk(options.awsCdk)) {
    throw new Error(
      `--aws-cdk ${options.awsCdk}: aws-cdk-lib (with aws-eks-v2) and constructs are not installed there; see the install line at the top of tools/bench.ts`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "cdktf-eks-irsa-bench-"));
  const probes: Probes = { rss: writeRssProbe(dir), rssFile: join(dir, "rss"), check: writeCheckProbe(dir), checkFile: join(dir, "check") };
  const results: Result[] = [];
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
  try {
    log(`floor: require('cdktf'), ${options.runs} runs`);
    const floor: Result = {
      name: "floor: `node -e \"require('cdktf')\"`",
      samples: repeat(options.runs, () => nodeSample(["-e", "require('cdktf')"], probes, {})),
    };
    results.push(floor);

    const synthScenario = (name: string, outdir: string, extra: Record<string, string>): Result => {
      const samples = repeat(options.runs, () => {
        rmSync(outdir, { recursive: true, force: true });
        return nodeSample([APP], probes, { ...extra, CDKTF_OUTDIR: outdir }, true);
      });
      return { name, samples, resources: countResources(outdir) };
    };

    log(`default app: node dist/main.js, ${options.runs} runs`);
    results.push(synthScenario("default app (example config, 6 stacks)", join(dir, "out"), { EKS_IRSA_CONFIG: EXAMPLE_PLATFORM_CONFIG_FILE }));
    let largest: { size: number; outdir: string } | undefined;
    for (const size of options.sizes) {
      log(`generated app: ${size} bindings x 3 environments, ${options.runs} runs`);
      const config = join(dir, `config-${size}.json`);
      writeFileSync(config, JSON.stringify(generatedConfig(size)));
      const outdir = join(dir, `out-${size}`);
      results.push(synthScenario(`${size} bindings x 3 environments`, outdir, { EKS_IRSA_CONFIG: config }));
      if (largest === undefined || size > largest.size) largest = { size, outdir };
    }

    if (largest !== undefined) {
      log(`review: node dist/tools/review.js --out on the ${largest.size} x 3 output, ${options.runs} runs`);
      const review = join(REPO, "dist", "tools", "review.js");
      results.push({
        name: `review of the ${largest.size} x 3 output (\`node dist/tools/review.js --out\`)`,
        samples: repeat(options.runs, () => nodeSample([review, "--out", largest.outdir], probes, {})),
      });
      // A pull request's review: the base is the same platform with ten fewer bindings per
      // environment and a narrower first policy, synthesized once (not timed).
      const baseConfig = join(dir, `config-${largest.size}-base.json`);
      writeFileSync(baseConfig, JSON.stringify(generatedBaseConfig(largest.size)));
      const baseOut = join(dir, `out-${largest.size}-base`);
      nodeSample([APP], probes, { EKS_IRSA_CONFIG: baseConfig, CDKTF_OUTDIR: baseOut }, true);
      log(`review with --base: the ${largest.size} x 3 output against a base 10 bindings smaller per environment, ${options.runs} runs`);
      results.push({
        name: `review of the ${largest.size} x 3 output against a base (\`--base\`: 30 added bindings, 3 widened policies)`,
        samples: repeat(options.runs, () => nodeSample([review, "--out", largest.outdir, "--base", baseOut], probes, {})),
      });
    }

    if (options.awsCdk !== undefined) {
      const peerApp = join(dir, "aws-cdk-peer-app.js");
      writeFileSync(peerApp, AWS_CDK_PEER_APP);
      for (const size of options.awsCdkSizes) {
        log(`AWS CDK aws-eks-v2 peer: ${size} service accounts x 3 environments, ${options.runs} runs`);
        const outdir = join(dir, `cdk-out-${size}`);
        const samples = repeat(options.runs, () => {
          rmSync(outdir, { recursive: true, force: true });
          return nodeSample([peerApp], probes, { AWS_CDK_DIR: options.awsCdk!, BINDINGS: String(size), CDK_OUTDIR: outdir });
        });
        results.push({ name: `AWS CDK aws-eks-v2: ${size} service accounts x 3 environments`, samples, resources: countCfnResources(outdir) });
      }
    }

    log("cdktf synth (CLI) on the default app, 1 warm-up + 3 runs");
    const cliOut = join(dir, "cli-out");
    const cli = join(REPO, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
    results.push({
      name: "`cdktf synth` (CLI + default app)",
      samples: repeat(3, () => {
        rmSync(cliOut, { recursive: true, force: true });
        return { seconds: timeOnce(process.execPath, [cli, "synth", "--output", cliOut], childEnv({})) };
      }),
    });

    if (!options.skipTests) {
      const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
      log("type check: tsc -p tsconfig.json, 1 warm-up + 3 runs");
      results.push({
        name: "type check (`tsc -p tsconfig.json`)",
        samples: repeat(3, () => ({ seconds: timeOnce(process.execPath, [tsc, "-p", "tsconfig.json"], childEnv({})) })),
      });
      log("npm test, 1 warm-up + 1 run");
      results.push({ name: "`npm test` (type check + jest)", samples: repeat(1, () => ({ seconds: timeOnce("npm", ["test", "--silent"], childEnv({})) })) });
    }
    process.stdout.write(report(results, options));
    if (options.json) writeFileSync(options.json, `${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} x ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node.js ${process.version}`;
}

/** The Markdown report: the table, the growth per binding, and each target met or missed. */
function report(results: readonly Result[], options: Options): string {
  const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  const floor = results[0];
  const lines = [
    `Machine: ${machine()}. ${options.runs} measured runs per synth scenario after one warm-up.`,
    "",
    "| scenario | resources + data | wall time min / median | peak RSS min / median | median vs floor (time / memory) |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...results.map((r) => row(r, floor)),
    "",
  ];

  const sized = [...options.sizes].sort((a, b) => a - b).map((n) => ({ n, r: byName(`${n} bindings`)! }));
  if (sized.length >= 2) {
    lines.push("Growth per added binding (3 environments each, so 3 roles + 3 service accounts + their policies):", "");
    for (let i = 1; i < sized.length; i++) {
      const a = sized[i - 1];
      const b = sized[i];
      const dt = ((median(seconds(b.r)) - median(seconds(a.r))) / (b.n - a.n)) * 1000;
      const dm = ((median(mibs(b.r)) - median(mibs(a.r))) / (b.n - a.n)) * 1024;
      lines.push(`- ${a.n} -> ${b.n}: ${dt.toFixed(2)} ms and ${dm.toFixed(0)} KB per binding`);
    }
    lines.push("");
  }

  const checked = results.filter((r) => r.samples.some((s) => s.checkSeconds !== undefined));
  if (checked.length > 0) {
    lines.push(
      `The policy check (\`${POLICY_CHECK_FUNCTIONS.join("`, `")}\`, the catalogue's reads included) against the app's wall time (medians over the runs):`,
      "",
    );
    for (const r of checked) {
      lines.push(`- ${r.name}: ${(median(checkSeconds(r)) * 1000).toFixed(0)} ms of ${fmtS(median(seconds(r)))} (${checkShare(r).toFixed(1)}%)`);
    }
    lines.push("");
  }

  const peers = results.filter((r) => r.name.startsWith("AWS CDK"));
  if (peers.length > 0) {
    lines.push("AWS CDK aws-eks-v2 against this project at the same sizes (medians; above 1 means AWS CDK takes more):", "");
    for (const peer of peers) {
      const size = Number(/: (\d+) service accounts/.exec(peer.name)?.[1]);
      const ours = byName(`${size} bindings`);
      if (!ours) {
        lines.push(`- ${size} x 3: not compared (add ${size} to --sizes)`);
        continue;
      }
      const time = median(seconds(peer)) / median(seconds(ours));
      const memory = median(mibs(peer)) / median(mibs(ours));
      lines.push(`- ${size} x 3: ${time.toFixed(1)}x the time, ${memory.toFixed(1)}x the memory`);
    }
    lines.push("");
  } else {
    lines.push("AWS CDK aws-eks-v2 peer: not measured (install it and pass --aws-cdk <dir>; see tools/bench.ts).", "");
  }

  const targets: [string, number, number, string][] = [];
  const defaultApp = byName("default app");
  if (defaultApp) {
    targets.push(["default app time vs floor", median(seconds(defaultApp)) / median(seconds(floor)), 1.3, "x"]);
    targets.push(["default app memory vs floor", median(mibs(defaultApp)) / median(mibs(floor)), 1.3, "x"]);
  }
  const big = byName("1000 bindings");
  if (big) {
    targets.push(["1000 bindings x 3 environments, time", median(seconds(big)), 2, " s"]);
    targets.push(["1000 bindings x 3 environments, memory", median(mibs(big)), 200, " MB"]);
  }
  const review = byName("review of the 1000 x 3 output (");
  if (review) targets.push(["review of 1000 x 3, time", median(seconds(review)), 1, " s"]);
  const reviewBase = byName("review of the 1000 x 3 output against a base");
  if (reviewBase) targets.push(["review of 1000 x 3 with --base, time", median(seconds(reviewBase)), 1, " s"]);
  for (const [label, r] of [
    ["default app", defaultApp],
    ["1000 x 3 app", big],
  ] as const) {
    if (r?.samples.some((s) => s.checkSeconds !== undefined)) targets.push([`policy check, share of the ${label}'s time`, checkShare(r), 10, "%"]);
  }
  const tsc = byName("type check");
  if (tsc) targets.push(["type check", median(seconds(tsc)), 5, " s"]);
  const tests = byName("`npm test`");
  if (tests) targets.push(["npm test", median(seconds(tests)), 20, " s"]);
  lines.push("| target | measured (median) | limit | |", "| --- | ---: | ---: | --- |");
  for (const [name, value, limit, unit] of targets) {
    const over = value > limit ? `missed by ${(((value - limit) / limit) * 100).toFixed(0)}%` : "met";
    lines.push(`| ${name} | ${value.toFixed(2)}${unit} | ${limit}${unit} | ${over} |`);
  }
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
