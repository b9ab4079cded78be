/**
 * tools/stacks.ts on synthesized outputs with planted changes: one binding, a shared cluster output,
 * nothing, a stack added and one removed, and bindings moved from one stack to another.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import type { PlatformConfig, WorkloadConfig } from "../../modules/platform/config";
import { Platform } from "../../modules/platform/platform";
import { changedStacks, runStacks, stateMoveCommands, stateMoves } from "../../tools/stacks";

const EXAMPLE = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

function binding(team: string, name: string, stack?: string, createNamespace = false, action = "s3:GetObject"): WorkloadConfig {
  return {
    ...(stack === undefined ? {} : { stack }),
    serviceAccounts: [{ namespace: team, name, ...(createNamespace ? { createNamespace } : {}) }],
    policyStatements: [{ actions: [action], resources: [`arn:aws:s3:::example-${team}-${name}/*`] }],
  };
}

/** Two environments of the example (dev, staging), each with these workloads. */
function platform(workloads: WorkloadConfig[], devCluster = EXAMPLE.environments[0].cluster): PlatformConfig {
  return {
    ...EXAMPLE,
    localStateDir: "/state",
    environments: [
      { ...EXAMPLE.environments[0], cluster: devCluster, workloads },
      { ...EXAMPLE.environments[1], workloads },
    ],
  };
}

let root: string;
let count = 0;

/** Synthesizes a configuration into a directory of its own, as cdktf synth does. */
function synth(config: PlatformConfig): string {
  const outdir = join(root, `out-${count++}`);
  const app = new App({ outdir });
  new Platform(app, { config });
  app.synth();
  return outdir;
}

const reports = [binding("reports", "s3-reader", undefined, true), binding("reports", "exporter")];
const payments = [binding("payments", "api", "payments", true), binding("payments", "worker", "payments")];
let base: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "stacks-"));
  base = synth(platform([...reports, ...payments]));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("cdktf-eks-irsa-stacks changed", () => {
  test("nothing changed: nothing to plan", () => {
    const head = synth(platform([...reports, ...payments]));
    expect(changedStacks(base, head)).toEqual({ stacks: [], plan: [], removed: [] });
    expect(runStacks(["changed", "--base", base, "--out", head]).stdout).toBe("no stack changed\n");
  });

  test("one binding changed: its stack alone, in each environment", () => {
    const head = synth(platform([...reports, binding("payments", "api", "payments", true, "s3:PutObject"), payments[1]]));
    const changes = changedStacks(base, head);
    expect(changes.plan).toEqual(["workloads-dev-payments", "workloads-staging-payments"]);
    expect(changes.stacks[0]).toEqual({ name: "workloads-dev-payments", reason: "changed", dependencies: ["eks-dev"] });
    expect(changes.removed).toEqual([]);
  });

  test("a shared cluster output changed: the cluster stack first, then every stack that reads it, and no other environment", () => {
    const cluster = { ...EXAMPLE.environments[0].cluster, endpointPublicAccess: false };
    const head = synth(platform([...reports, ...payments], cluster));
    const changes = changedStacks(base, head);
    expect(changes.plan).toEqual(["eks-dev", "workloads-dev", "workloads-dev-payments"]);
    expect(changes.stacks.map((s) => [s.name, s.reason, s.because])).toEqual([
      ["eks-dev", "changed", undefined],
      ["workloads-dev", "dependency", ["eks-dev"]],
      ["workloads-dev-payments", "dependency", ["eks-dev"]],
    ]);
    const text = runStacks(["changed", "--base", base, "--out", head]).stdout;
    expect(text).toBe(
      [
        "eks-dev                 changed",
        "workloads-dev           depends on eks-dev, planned",
        "workloads-dev-payments  depends on eks-dev, planned",
        "",
      ].join("\n"),
    );
  });

  test("a stack added and a stack removed: the new one planned, the old one named", () => {
    const head = synth(platform([...reports, ...payments.map((w) => ({ ...w, stack: "billing" }))]));
    const changes = changedStacks(base, head);
    expect(changes.plan).toEqual(["workloads-dev-billing", "workloads-staging-billing"]);
    expect(changes.stacks.map((s) => s.reason)).toEqual(["added", "added"]);
    expect(changes.removed).toEqual(["workloads-dev-payments", "workloads-staging-payments"]);
  });

  test("--format json is the same, for a CI matrix", () => {
    const head = synth(platform([...reports, binding("payments", "api", "payments", true, "s3:PutObject"), payments[1]]));
    const result = runStacks(["changed", "--base", base, "--out", head, "--format", "json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(changedStacks(base, head));
    expect(JSON.parse(result.stdout).plan).toEqual(["workloads-dev-payments", "workloads-staging-payments"]);
  });

  test("fails when an output directory has no manifest, or an option is wrong: exit 2, the usage, no stack trace", () => {
    const missing = runStacks(["changed", "--base", join(root, "nowhere"), "--out", base]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`--base ${join(root, "nowhere")} has no manifest.json: synthesize it first`);
    expect(runStacks(["changed", "--out", base]).stderr).toContain("changed needs --base <base cdktf.out> and --out <head cdktf.out>");
    expect(runStacks(["changed", "--base", base, "--out", base, "--format", "yaml"]).stderr).toContain('--format "yaml" is invalid: use text or json');
    expect(runStacks(["plan"]).stderr).toContain('unknown command "plan": use changed or moves');
    expect(runStacks(["moves", "--base", base, "--out", base, "--format", "json"]).stderr).toContain('unknown option "--format" of moves');
  });
});

describe("cdktf-eks-irsa-stacks moves", () => {
  test("bindings moved to another stack: their resources and the namespace they create, from the old stack's state to the new one's", () => {
    const head = synth(platform([...reports.map((w) => ({ ...w, stack: "payments" })), ...payments]));
    const moves = stateMoves(base, head);
    expect(moves.map((m) => [m.from, m.to, m.addresses.length])).toEqual([
      ["workloads-dev", "workloads-dev-payments", 9],
      ["workloads-staging", "workloads-staging-payments", 9],
    ]);
    expect(moves[0].addresses.filter((a) => a.startsWith("aws_iam_role."))).toEqual([
      expect.stringMatching(/^aws_iam_role\.reports_exporter_role_[0-9A-F]{8}$/),
      expect.stringMatching(/^aws_iam_role\.reports_s3-reader_role_[0-9A-F]{8}$/),
    ]);
    expect(moves[0].addresses.filter((a) => a.startsWith("kubernetes_namespace_v1."))).toHaveLength(1);

    const script = stateMoveCommands(moves, "cdktf.out").split("\n");
    const first = script.indexOf("# workloads-dev -> workloads-dev-payments: 9 resources");
    expect(script.slice(first + 1, first + 4)).toEqual([
      '(cd cdktf.out/stacks/workloads-dev && terraform init -input=false >/dev/null && terraform state pull > "$PWD"/terraform.workloads-dev.tfstate.move)',
      '(cd cdktf.out/stacks/workloads-dev-payments && terraform init -input=false >/dev/null && terraform state pull > "$PWD"/terraform.workloads-dev-payments.tfstate.move)',
      '[ -s "$PWD"/terraform.workloads-dev-payments.tfstate.move ] || rm "$PWD"/terraform.workloads-dev-payments.tfstate.move',
    ]);
    expect(script.slice(first + 4, first + 13)).toEqual(
      moves[0].addresses.map(
        (a) =>
          `terraform state mv -state="$PWD"/terraform.workloads-dev.tfstate.move -state-out="$PWD"/terraform.workloads-dev-payments.tfstate.move ${a} ${a}`,
      ),
    );
    // The destination is pushed first: the resources are never in no state.
    expect(script.slice(first + 13, first + 15)).toEqual([
      '(cd cdktf.out/stacks/workloads-dev-payments && terraform state push "$PWD"/terraform.workloads-dev-payments.tfstate.move)',
      '(cd cdktf.out/stacks/workloads-dev && terraform state push "$PWD"/terraform.workloads-dev.tfstate.move)',
    ]);
  });

  test("nothing moved: no command", () => {
    const head = synth(platform([...reports, ...payments]));
    expect(stateMoves(base, head)).toEqual([]);
    expect(runStacks(["moves", "--base", base, "--out", head]).stdout).toBe("# no resource moves from one stack to another\n");
  });
});
