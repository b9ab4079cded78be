/**
 * `npm run bench`: what synthesis costs, measured in fresh processes and printed as Markdown.
 *
 * - floor: `node -e "require('cdktf')"`, the least any CDKTF app pays;
 * - the default app: `node dist/main.js`, the process that `cdktf synth` runs (cdktf.json `app`);
 * - generated apps: the example's three clusters with 10, 100 and 1000 service-account bindings
 *   (one IRSA role + one Kubernetes service account each) per environment, through EKS_IRSA_CONFIG;
 * - `cdktf synth` through the CLI once, for the figure a user sees;
 * - the type check (`tsc -p tsconfig.json`) and the whole `npm test`.
 *
 * Wall time is taken by this process around each child; peak RSS is the child's own
 * `process.resourceUsage().maxRSS`, written at exit by a preloaded script. Every scenario gets one
 * warm-up run, then `--runs` measured runs (default 5); the table shows minimum and median.
 *
 * Options: `--runs N`, `--sizes 10,100,1000`, `--skip-tests` (leave out tsc and npm test),
 * `--json <file>` (also write the raw figures).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { EXAMPLE_CONFIG, PlatformConfig } from "../main";
import type { Workload } from "../modules/workloads-stack";

/** The repository root (this file runs as dist/tools/bench.js). */
const REPO = join(__dirname, "..", "..");
const APP = join(REPO, "dist", "main.js");

interface Options {
  readonly runs: number;
  readonly sizes: readonly number[];
  readonly skipTests: boolean;
  readonly json?: string;
}

/** One measured run of a child process. */
interface Sample {
  readonly seconds: number;
  /** Peak resident set size of the child, in MiB; undefined for non-node children (npm, the CLI). */
  readonly mib?: number;
}

/** The figures of one scenario. */
interface Result {
  readonly name: string;
  readonly samples: readonly Sample[];
  /** Resources and data sources in the synthesized stacks, when the scenario synthesizes. */
  readonly resources?: number;
}

function parseOptions(argv: readonly string[]): Options {
  let runs = 5;
  let sizes = [10, 100, 1000];
  let skipTests = false;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${argv[i]} is invalid: use a whole number >= 1`);
    } else if (arg === "--sizes") {
      sizes = String(argv[++i]).split(",").map(Number);
      if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes ${argv[i]} is invalid: use whole numbers >= 1, comma-separated`);
    } else if (arg === "--skip-tests") {
      skipTests = true;
    } else if (arg === "--json") {
      json = argv[++i];
      if (!json) throw new Error("--json needs a file name");
    } else {
      throw new Error(`unknown option ${JSON.stringify(arg)}: use --runs N, --sizes 10,100,1000, --skip-tests, --json <file>`);
    }
  }
  return { runs, sizes, skipTests, json };
}

/** The generated configuration: the example's clusters, `bindings` IRSA service accounts in each. */
export function generatedConfig(bindings: number): PlatformConfig {
  return {
    ...EXAMPLE_CONFIG,
    environments: EXAMPLE_CONFIG.environments.map((env) => ({
      ...env,
      workloads: Array.from({ length: bindings }, (_, i): Workload => {
        // Ten service accounts per namespace, each namespace created once and shared.
        const namespace = `team-${String(Math.floor(i / 10)).padStart(3, "0")}`;
        const name = `app-${String(i).padStart(4, "0")}`;
        return {
          serviceAccounts: [{ namespace, name, createNamespace: true }],
          policyStatements: [
            { actions: ["s3:GetObject", "s3:PutObject"], resources: [`arn:aws:s3:::example-${env.name}-${name}/*`] },
          ],
        };
      }),
    })),
  };
}

/** A script every measured node child preloads: it writes its peak RSS (KiB) to BENCH_RSS_FILE at exit. */
function writeRssProbe(dir: string): string {
  const probe = join(dir, "rss-probe.js");
  writeFileSync(
    probe,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
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

/** A node child with the RSS probe: wall time and peak RSS. */
function nodeSample(args: readonly string[], probe: string, rssFile: string, extra: Record<string, string>): Sample {
  rmSync(rssFile, { force: true });
  const seconds = timeOnce(process.execPath, ["--require", probe, ...args], childEnv({ ...extra, BENCH_RSS_FILE: rssFile }));
  return { seconds, mib: Number(readFileSync(rssFile, "utf8")) / 1024 };
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
  const options = parseOptions(process.argv.slice(2));
  if (!statSync(APP, { throwIfNoEntry: false })) throw new Error(`${APP} is missing: run \`npm run build\` (npm run bench does)`);
  const dir = mkdtempSync(join(tmpdir(), "cdktf-eks-irsa-bench-"));
  const probe = writeRssProbe(dir);
  const rssFile = join(dir, "rss");
  const results: Result[] = [];
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
  try {
    log(`floor: require('cdktf'), ${options.runs} runs`);
    const floor: Result = {
      name: "floor: `node -e \"require('cdktf')\"`",
      samples: repeat(options.runs, () => nodeSample(["-e", "require('cdktf')"], probe, rssFile, {})),
    };
    results.push(floor);

    const synthScenario = (name: string, extra: Record<string, string>): Result => {
      const outdir = join(dir, "out");
      const samples = repeat(options.runs, () => {
        rmSync(outdir, { recursive: true, force: true });
        return nodeSample([APP], probe, rssFile, { ...extra, CDKTF_OUTDIR: outdir });
      });
      return { name, samples, resources: countResources(outdir) };
    };

    log(`default app: node dist/main.js, ${options.runs} runs`);
    results.push(synthScenario("default app (example config, 6 stacks)", {}));
    for (const size of options.sizes) {
      log(`generated app: ${size} bindings x 3 environments, ${options.runs} runs`);
      const config = join(dir, `config-${size}.json`);
      writeFileSync(config, JSON.stringify(generatedConfig(size)));
      results.push(synthScenario(`${size} bindings x 3 environments`, { EKS_IRSA_CONFIG: config }));
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
      results.push({ name: "type check (`tsc -p tsconfig.json`)", samples: repeat(3, () => ({ seconds: timeOnce(process.execPath, [tsc, "-p", "tsconfig.json"], childEnv({})) })) });
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

  const sized = options.sizes.map((n) => ({ n, r: byName(`${n} bindings`)! }));
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

  const targets: [string, number, number, string][] = [];
  const defaultApp = byName("default app");
  if (defaultApp) {
    targets.push(["default app time vs floor", median(seconds(defaultApp)) / median(seconds(floor)), 1.5, "x"]);
    targets.push(["default app memory vs floor", median(mibs(defaultApp)) / median(mibs(floor)), 1.5, "x"]);
  }
  const big = byName("1000 bindings");
  if (big) {
    targets.push(["1000 bindings x 3 environments, time", median(seconds(big)), 3, " s"]);
    targets.push(["1000 bindings x 3 environments, memory", median(mibs(big)), 250, " MB"]);
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
