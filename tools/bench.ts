/**
 * `npm run bench`: what a user waits for, measured in fresh processes and printed as Markdown.
 *
 * Every scenario runs once per round, the rounds one after the other (A B C ... A B C ...), after one
 * warm-up round: a busy machine slows a whole round rather than one scenario, and each ratio is taken
 * within a round (a pair) and then the median of those ratios is reported, with its spread.
 *
 * - floor: `node -e "require('cdktf')"`, the least any CDKTF app pays;
 * - `npm run synth` end to end (npm, the build check, the app in one process, the stack list), against
 *   the app alone (`node dist/main.js`, the process `cdktf synth` runs) and against `cdktf synth`
 *   through the CLI; all three on the project's platform.json (the default platform);
 * - the build check alone (`node tools/fresh.cjs` when nothing changed) and its in-process cost;
 * - the example (three environments, six stacks) and generated apps: the example's three clusters
 *   with 100 and 1000 service-account bindings (one IRSA role + one Kubernetes service account each)
 *   per environment, through EKS_IRSA_CONFIG;
 * - the access review of the largest generated app's output (`node dist/tools/review.js --out`), alone
 *   and against a base (`--base`: the same platform before a pull request that adds ten bindings per
 *   environment and widens one policy each), and `npm run review` end to end on the default platform;
 * - the AWS CDK peer, when installed: `aws-cdk-lib/aws-eks-v2` with the same three clusters and 3
 *   and 100 IRSA service accounts each (`cluster.addServiceAccount` + an S3 policy statement);
 * - the type check (`tsc -p tsconfig.json`) and the whole `npm test`, once each (minutes);
 * - with `--plan-sizes` and a provider mirror, Terraform's own plan time of one workloads stack of
 *   about that many AWS resources (offline, `-refresh=false`, an empty state), the figures behind the
 *   resource count past which a synth warns (modules/platform/synthesize.ts);
 * - what the policy check costs the apps: the time spent inside `checkPolicyStatements` and
 *   `checkRolePolicyQuotas` (modules/iam/policy-check.ts, the IAM catalogue's lazy reads included).
 *
 * Wall time is taken by this process around each child; peak RSS is the child's own
 * `process.resourceUsage().maxRSS`, written at exit by a preloaded script (node children only). The
 * time inside the policy check is summed by another preloaded script that wraps the two functions on
 * the compiled module's exports once the app has loaded it. The load average of the machine is
 * printed at the start and the end.
 *
 * The AWS CDK peer is not a dependency of this project (aws-cdk-lib is about 190 MB installed). To
 * measure it, install it anywhere and name the directory:
 *
 *   mkdir -p ~/aws-cdk-peer && cd ~/aws-cdk-peer && npm init -y >/dev/null &&
 *     npm install --save-exact aws-cdk-lib@2.276.0 constructs@10.8.1
 *   npm run bench -- --aws-cdk ~/aws-cdk-peer      (or BENCH_AWS_CDK_DIR=~/aws-cdk-peer)
 *
 * Options: `--runs N` (rounds, default 5), `--sizes 3,100,1000`, `--aws-cdk <dir>`, `--aws-cdk-sizes 3,100`,
 * `--skip-tests` (leave out tsc and npm test), `--plan-sizes 100,1000,6000` with `--tf-mirror <dir>`
 * (a filesystem mirror holding registry.terraform.io/hashicorp/aws; terraform on PATH), `--json <file>`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../modules/platform/config-file";
import type { PlatformConfig } from "../modules/platform/config";
import type { Workload } from "../modules/platform/workloads-stack";

const EXAMPLE_CONFIG = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

/** The repository root (this file runs as dist/tools/bench.js). */
const REPO = join(__dirname, "..", "..");
const APP = join(REPO, "dist", "main.js");
/** The compiled policy check, whose exports the check probe wraps. */
const POLICY_CHECK_MODULE = join(REPO, "dist", "modules", "iam", "policy-check.js");
const CDKTF_CLI = join(REPO, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
/** The build check (tools/fresh.cjs, plain JavaScript beside this file's source), loaded when the bench runs. */
const freshCheck = () => require(join(REPO, "tools", "fresh.cjs")) as { staleness(root: string): string | undefined };

interface Options {
  readonly runs: number;
  readonly sizes: readonly number[];
  readonly skipTests: boolean;
  readonly json?: string;
  /** Where aws-cdk-lib and constructs are installed, for the AWS CDK peer. */
  readonly awsCdk?: string;
  readonly awsCdkSizes: readonly number[];
  /** AWS resources of the stacks whose terraform plan is timed; none without a mirror. */
  readonly planSizes: readonly number[];
  readonly tfMirror?: string;
}

/** One measured run of a child process. */
interface Sample {
  readonly seconds: number;
  /** Peak resident set size of the child, in MiB; undefined for non-node children (npm, the CLI, terraform). */
  readonly mib?: number;
  /** Seconds spent inside the policy check, for the synth scenarios of this project's app. */
  readonly checkSeconds?: number;
}

/** The figures of one scenario: one sample per round. */
interface Result {
  readonly name: string;
  readonly samples: readonly Sample[];
  /** Resources and data sources in the synthesized stacks, when the scenario synthesizes. */
  readonly resources?: number;
}

/** A scenario: how to run it once, and how to count what it made (after the last run). */
interface Scenario {
  readonly name: string;
  readonly once: () => Sample;
  readonly resources?: () => number;
}

function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  let runs = 5;
  let sizes = [3, 100, 1000];
  let skipTests = false;
  let json: string | undefined;
  let awsCdk = env.BENCH_AWS_CDK_DIR || undefined;
  let awsCdkSizes = [3, 100];
  let planSizes: number[] = [];
  let tfMirror: string | undefined;
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
    } else if (arg === "--plan-sizes") {
      planSizes = sizeList(arg, argv[++i]);
    } else if (arg === "--tf-mirror") {
      tfMirror = argv[++i];
      if (!tfMirror) throw new Error("--tf-mirror needs the directory of a provider mirror (holding registry.terraform.io/hashicorp/aws)");
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
        `unknown option ${JSON.stringify(arg)}: use --runs N, --sizes 3,100,1000, --aws-cdk <dir>, --aws-cdk-sizes 3,100, --plan-sizes 100,1000,6000, --tf-mirror <dir>, --skip-tests, --json <file>`,
      );
    }
  }
  if (planSizes.length > 0 && tfMirror === undefined) throw new Error("--plan-sizes needs --tf-mirror <dir>: terraform runs offline, from a provider mirror");
  return { runs, sizes, skipTests, json, awsCdk, awsCdkSizes, planSizes, tfMirror };
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
function timeOnce(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = REPO): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
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

/** One warm-up round, then `runs` rounds of every scenario in turn: one sample per scenario and round. */
function interleaved(runs: number, scenarios: readonly Scenario[], log: (message: string) => void): Result[] {
  log(`warm-up round: ${scenarios.map((s) => s.name).join("; ")}`);
  for (const scenario of scenarios) scenario.once();
  const samples = scenarios.map(() => [] as Sample[]);
  for (let round = 0; round < runs; round++) {
    log(`round ${round + 1} of ${runs} (load average ${loadavg()[0].toFixed(1)})`);
    scenarios.forEach((scenario, i) => samples[i].push(scenario.once()));
  }
  return scenarios.map((scenario, i) => ({ name: scenario.name, samples: samples[i], resources: scenario.resources?.() }));
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

/** A ratio taken per round (both sides of one round), as its median and its range over the rounds. */
interface Ratio {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

function ratio(a: Result, b: Result, value: (s: Sample) => number | undefined = (s) => s.seconds): Ratio | undefined {
  const per = a.samples.flatMap((s, i) => {
    const x = value(s);
    const y = b.samples[i] === undefined ? undefined : value(b.samples[i]);
    return x === undefined || y === undefined ? [] : [x / y];
  });
  if (per.length === 0) return undefined;
  return { median: median(per), low: Math.min(...per), high: Math.max(...per) };
}

const fmtRatio = (r: Ratio | undefined) => (r === undefined ? "n/a" : `${r.median.toFixed(2)}x (${r.low.toFixed(2)}-${r.high.toFixed(2)})`);

function row(r: Result, floor: Result): string {
  const t = seconds(r);
  const m = mibs(r);
  const memory = m.length ? `${fmtM(median(m))}` : "n/a";
  return `| ${r.name} | ${r.resources ?? ""} | ${fmtS(Math.min(...t))} / ${fmtS(median(t))} | ${memory} | ${fmtRatio(ratio(r, floor))} |`;
}

/**
 * Terraform's plan of one workloads stack with about `resources` AWS resources: the generated app with
 * one environment of `resources / 3` bindings (a role, its policy and their attachment each), the
 * stack's kubernetes resources and its remote state taken out (the mirror holds the AWS provider only;
 * offline, there is no cluster to read), the provider pinned to the mirror's version and told not to
 * look for credentials. `terraform init` once; the returned function times one
 * `terraform plan -refresh=false` of an empty state.
 */
function planScenario(dir: string, resources: number, mirror: string, probes: Probes): () => Sample {
  const work = join(dir, `plan-${resources}`);
  mkdirSync(work, { recursive: true });
  const bindings = Math.max(1, Math.round(resources / 3));
  const base = generatedConfig(bindings);
  const config = join(work, "config.json");
  writeFileSync(config, JSON.stringify({ ...base, environments: [base.environments[0]] }));
  const out = join(work, "out");
  nodeSample([APP], probes, { EKS_IRSA_CONFIG: config, CDKTF_OUTDIR: out });
  const stack = JSON.parse(readFileSync(join(out, "stacks", `workloads-${base.environments[0].name}`, "cdk.tf.json"), "utf8"));
  const versions = readdirSync(join(mirror, "registry.terraform.io", "hashicorp", "aws")).sort();
  const region = base.environments[0].region;
  const doc = {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: versions[versions.length - 1] } } },
    provider: {
      aws: [
        {
          region,
          access_key: "offline",
          secret_key: "offline",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        },
      ],
    },
    resource: Object.fromEntries(Object.entries(stack.resource ?? {}).filter(([type]) => type.startsWith("aws_"))),
  };
  const text = JSON.stringify(doc).replace(/\$\{[^}]*(terraform_remote_state|kubernetes_)[^}]*\}/g, "offline");
  const tf = join(work, "tf");
  mkdirSync(tf);
  writeFileSync(join(tf, "main.tf.json"), text);
  const rc = join(work, "terraformrc");
  writeFileSync(rc, `provider_installation {\n  filesystem_mirror { path = ${JSON.stringify(mirror)} }\n}\n`);
  const env = childEnv({ TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: "1" });
  timeOnce("terraform", ["init", "-input=false", "-no-color"], env, tf);
  return () => ({ seconds: timeOnce("terraform", ["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color"], env, tf) });
}

function main(): void {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (!statSync(APP, { throwIfNoEntry: false })) throw new Error(`${APP} is missing: run \`npm run build\` (npm run bench builds when needed)`);
  if (options.awsCdk !== undefined && !hasAwsCdk(options.awsCdk)) {
    throw new Error(
      `--aws-cdk ${options.awsCdk}: aws-cdk-lib (with aws-eks-v2) and constructs are not installed there; see the install line at the top of tools/bench.ts`,
    );
  }
  const fresh = freshCheck();
  const why = fresh.staleness(REPO);
  if (why !== undefined) throw new Error(`the build is not current (${why}): run npm run bench, which builds first`);
  const dir = mkdtempSync(join(tmpdir(), "cdktf-eks-irsa-bench-"));
  const probes: Probes = { rss: writeRssProbe(dir), rssFile: join(dir, "rss"), check: writeCheckProbe(dir), checkFile: join(dir, "check") };
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
  const loadAtStart = loadavg();
  try {
    const floor: Scenario = { name: "floor: `node -e \"require('cdktf')\"`", once: () => nodeSample(["-e", "require('cdktf')"], probes, {}) };
    const app = (name: string, outdir: string, extra: Record<string, string>): Scenario => ({
      name,
      once: () => {
        rmSync(outdir, { recursive: true, force: true });
        return nodeSample([APP], probes, { ...extra, CDKTF_OUTDIR: outdir }, true);
      },
      resources: () => countResources(outdir),
    });
    const npmOut = join(dir, "npm-synth-out");
    const cliOut = join(dir, "cli-out");

    // The user's commands on the default platform (the project's platform.json), side by side.
    const user: Scenario[] = [
      floor,
      app("the app alone: `node dist/main.js` (platform.json)", join(dir, "app-out"), {}),
      {
        name: "`npm run synth` (npm, build check, app, stack list)",
        once: () => {
          rmSync(npmOut, { recursive: true, force: true });
          return { seconds: timeOnce("npm", ["run", "--silent", "synth", "--", "--output", npmOut], childEnv({})) };
        },
      },
      {
        name: "`cdktf synth` (the CLI, then the app)",
        once: () => {
          rmSync(cliOut, { recursive: true, force: true });
          return { seconds: timeOnce(process.execPath, [CDKTF_CLI, "synth", "--output", cliOut], childEnv({})) };
        },
      },
      { name: "the build check: `node tools/fresh.cjs` (nothing changed)", once: () => nodeSample([join(REPO, "tools", "fresh.cjs")], probes, {}) },
      {
        name: "`npm run review` (npm, build check, review of platform.json's output)",
        once: () => ({ seconds: timeOnce("npm", ["run", "--silent", "review", "--", "--out", npmOut], childEnv({})) }),
      },
    ];
    log(`the user's commands, ${options.runs} interleaved rounds`);
    const userResults = interleaved(options.runs, user, log);
    // The check's own cost inside a process, without node's start: the median of 21 checks.
    const checkMs = median(
      Array.from({ length: 21 }, () => {
        const start = process.hrtime.bigint();
        fresh.staleness(REPO);
        return Number(process.hrtime.bigint() - start) / 1e6;
      }),
    );

    const appScenarios: Scenario[] = [
      floor,
      app("the example (3 environments, 6 stacks)", join(dir, "example-out"), { EKS_IRSA_CONFIG: EXAMPLE_PLATFORM_CONFIG_FILE }),
    ];
    let largest: { size: number; outdir: string } | undefined;
    for (const size of options.sizes) {
      const config = join(dir, `config-${size}.json`);
      writeFileSync(config, JSON.stringify(generatedConfig(size)));
      const outdir = join(dir, `out-${size}`);
      appScenarios.push(app(`${size} bindings x 3 environments`, outdir, { EKS_IRSA_CONFIG: config }));
      if (largest === undefined || size > largest.size) largest = { size, outdir };
    }
    if (largest !== undefined) {
      const review = join(REPO, "dist", "tools", "review.js");
      // A pull request's review: the base is the same platform with ten fewer bindings per
      // environment and a narrower first policy, synthesized once (not timed).
      const baseConfig = join(dir, `config-${largest.size}-base.json`);
      writeFileSync(baseConfig, JSON.stringify(generatedBaseConfig(largest.size)));
      const baseOut = join(dir, `out-${largest.size}-base`);
      nodeSample([APP], probes, { EKS_IRSA_CONFIG: baseConfig, CDKTF_OUTDIR: baseOut }, true);
      const out = largest.outdir;
      appScenarios.push(
        { name: `review of the ${largest.size} x 3 output (\`node dist/tools/review.js --out\`)`, once: () => nodeSample([review, "--out", out], probes, {}) },
        {
          name: `review of the ${largest.size} x 3 output against a base (\`--base\`: 30 added bindings, 3 widened policies)`,
          once: () => nodeSample([review, "--out", out, "--base", baseOut], probes, {}),
        },
      );
    }
    if (options.awsCdk !== undefined) {
      const peerApp = join(dir, "aws-cdk-peer-app.js");
      writeFileSync(peerApp, AWS_CDK_PEER_APP);
      for (const size of options.awsCdkSizes) {
        const outdir = join(dir, `cdk-out-${size}`);
        appScenarios.push({
          name: `AWS CDK aws-eks-v2: ${size} service accounts x 3 environments`,
          once: () => {
            rmSync(outdir, { recursive: true, force: true });
            return nodeSample([peerApp], probes, { AWS_CDK_DIR: options.awsCdk!, BINDINGS: String(size), CDK_OUTDIR: outdir });
          },
          resources: () => countCfnResources(outdir),
        });
      }
    }
    log(`the apps at scale, ${options.runs} interleaved rounds`);
    // The largest apps first in the order would run after the review reads their output: the app scenarios come first.
    const appResults = interleaved(options.runs, appScenarios, log);

    let planResults: Result[] = [];
    if (options.planSizes.length > 0) {
      log(`terraform plan of one workloads stack at ${options.planSizes.join(", ")} AWS resources, ${options.runs} interleaved rounds`);
      planResults = interleaved(
        options.runs,
        options.planSizes.map((n) => ({
          name: `\`terraform plan -refresh=false\`, ${n} AWS resources`,
          once: planScenario(dir, n, options.tfMirror!, probes),
        })),
        log,
      );
    }

    const tests: Result[] = [];
    if (!options.skipTests) {
      const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
      log("type check: tsc -p tsconfig.json, once");
      tests.push({
        name: "type check (`tsc -p tsconfig.json`)",
        samples: [{ seconds: timeOnce(process.execPath, [tsc, "-p", "tsconfig.json"], childEnv({})) }],
      });
      log("npm test, once");
      tests.push({ name: "`npm test` (type check, lint, structure, jest)", samples: [{ seconds: timeOnce("npm", ["test", "--silent"], childEnv({})) }] });
    }
    const figures = { user: userResults, apps: appResults, plans: planResults, tests, checkMs, loadAtStart, loadAtEnd: loadavg() };
    process.stdout.write(report(figures, options));
    if (options.json) writeFileSync(options.json, `${JSON.stringify({ machine: machine(), ...figures }, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} x ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node.js ${process.version}`;
}

interface Figures {
  readonly user: readonly Result[];
  readonly apps: readonly Result[];
  readonly plans: readonly Result[];
  readonly tests: readonly Result[];
  readonly checkMs: number;
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
}

/** The Markdown report: the tables, the ratios per round, and each target met or missed. */
function report(figures: Figures, options: Options): string {
  const all = [...figures.user, ...figures.apps, ...figures.plans, ...figures.tests];
  const byName = (prefix: string) => all.find((r) => r.name.startsWith(prefix));
  const load = (l: readonly number[]) => l.map((v) => v.toFixed(1)).join(" / ");
  const header = [
    "| scenario | resources + data | wall time min / median | peak RSS (median) | median vs floor, per round (range) |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  const lines = [
    `Machine: ${machine()}. Load average (1 / 5 / 15 min) ${load(figures.loadAtStart)} at the start, ${load(figures.loadAtEnd)} at the end. ${options.runs} interleaved rounds after a warm-up round.`,
    "",
    "**What the user waits for** (the project's platform.json):",
    "",
    ...header,
    ...figures.user.map((r) => row(r, figures.user[0])),
    "",
    `The build check inside a process (no change, every source stat'ed): ${figures.checkMs.toFixed(1)} ms (median of 21).`,
    "",
    "**The apps at scale:**",
    "",
    ...header,
    ...figures.apps.map((r) => row(r, figures.apps[0])),
    "",
  ];
  if (figures.plans.length > 0) {
    lines.push("**Terraform's own plan** of one workloads stack (offline, empty state):", "", "| stack | wall time min / median |", "| --- | ---: |");
    for (const r of figures.plans) lines.push(`| ${r.name} | ${fmtS(Math.min(...seconds(r)))} / ${fmtS(median(seconds(r)))} |`);
    lines.push("");
  }
  for (const r of figures.tests) lines.push(`- ${r.name}: ${fmtS(seconds(r)[0])}`);
  if (figures.tests.length > 0) lines.push("");

  const checked = all.filter((r) => r.samples.some((s) => s.checkSeconds !== undefined));
  if (checked.length > 0) {
    lines.push(`The policy check (\`${POLICY_CHECK_FUNCTIONS.join("`, `")}\`, the catalogue's reads included) against the app's wall time (medians):`, "");
    for (const r of checked) {
      lines.push(`- ${r.name}: ${(median(checkSeconds(r)) * 1000).toFixed(0)} ms of ${fmtS(median(seconds(r)))} (${checkShare(r).toFixed(1)}%)`);
    }
    lines.push("");
  }

  const peers = all.filter((r) => r.name.startsWith("AWS CDK"));
  if (peers.length > 0) {
    lines.push("AWS CDK aws-eks-v2 against this project at the same sizes (medians of the per-round ratios; above 1 means AWS CDK takes more):", "");
    for (const peer of peers) {
      const size = Number(/: (\d+) service accounts/.exec(peer.name)?.[1]);
      const ours = byName(`${size} bindings`);
      if (!ours) {
        lines.push(`- ${size} x 3: not compared (add ${size} to --sizes)`);
        continue;
      }
      lines.push(`- ${size} x 3: ${fmtRatio(ratio(peer, ours))} the time, ${fmtRatio(ratio(peer, ours, (s) => s.mib))} the memory`);
    }
    lines.push("");
  } else {
    lines.push("AWS CDK aws-eks-v2 peer: not measured (install it and pass --aws-cdk <dir>; see tools/bench.ts).", "");
  }

  const targets: [string, Ratio | number | undefined, number, string][] = [];
  const appAlone = byName("the app alone");
  const npmSynth = byName("`npm run synth`");
  const cli = byName("`cdktf synth`");
  if (appAlone && npmSynth) targets.push(["`npm run synth` vs the app alone (per round)", ratio(npmSynth, appAlone), 2, "x"]);
  if (appAlone && cli) targets.push(["`cdktf synth` vs the app alone (per round; for comparison)", ratio(cli, appAlone), Number.POSITIVE_INFINITY, "x"]);
  const big = byName("1000 bindings");
  if (big) {
    targets.push(["1000 bindings x 3 vs floor, time (per round)", ratio(big, figures.apps[0]), 12, "x"]);
    targets.push(["1000 bindings x 3, memory", median(mibs(big)), 200, " MB"]);
  }
  const review = byName("review of the 1000 x 3 output (");
  if (review) targets.push(["review of 1000 x 3, time", median(seconds(review)), 1, " s"]);
  const reviewBase = byName("review of the 1000 x 3 output against a base");
  if (reviewBase) targets.push(["review of 1000 x 3 with --base, time", median(seconds(reviewBase)), 1, " s"]);
  for (const r of checked.filter((c) => c.name.startsWith("the app alone") || c.name.startsWith("1000 bindings"))) {
    targets.push([`policy check, share of ${r.name.split(":")[0]}`, checkShare(r), 10, "%"]);
  }
  const tests = byName("`npm test`");
  if (tests) targets.push(["npm test", seconds(tests)[0], 60, " s"]);
  lines.push("| target | measured | limit | |", "| --- | ---: | ---: | --- |");
  for (const [name, value, limit, unit] of targets) {
    if (value === undefined) continue;
    const v = typeof value === "number" ? value : value.median;
    const shown = typeof value === "number" ? `${v.toFixed(2)}${unit}` : unit === "x" ? fmtRatio(value) : `${v.toFixed(2)}${unit}`;
    const verdict = limit === Number.POSITIVE_INFINITY ? "" : v > limit ? `missed by ${(((v - limit) / limit) * 100).toFixed(0)}%` : "met";
    lines.push(`| ${name} | ${shown} | ${limit === Number.POSITIVE_INFINITY ? "" : `${limit}${unit}`} | ${verdict} |`);
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
