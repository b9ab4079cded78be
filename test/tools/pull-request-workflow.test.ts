/**
 * examples/github/pull-request.yml: valid for GitHub Actions (action-validator, as the access review's
 * workflow), with the permissions each job needs and no more, a plan job per changed stack, and its
 * shell and script steps run here: the list of stacks on two synthesized outputs, the plan step with
 * a stand-in terraform, the comment with a stand-in for GitHub's API.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { App } from "cdktf";
import { parse } from "yaml";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import type { PlatformConfig } from "../../modules/platform/config";
import { Platform } from "../../modules/platform/platform";
import { runStacks } from "../../tools/stacks";

const FILE = join(__dirname, "..", "..", "examples", "github", "pull-request.yml");
const source = readFileSync(FILE, "utf8");
const workflow = parse(source);
const EXAMPLE = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}

function step(job: string, name: string): Step {
  const found = (workflow.jobs[job].steps as Step[]).find((s) => s.name === name);
  if (!found) throw new Error(`no step ${name} in job ${job}`);
  return found;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "pull-request-workflow-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("examples/github/pull-request.yml", () => {
  test("is a valid GitHub Actions workflow (action-validator's schema)", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  test("fails validation when broken: the check itself can fail", () => {
    const broken = source.replace("id-token: write", "id-token: writ");
    expect(broken).not.toBe(source);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test("gives each job only what it needs: no AWS and a read-only token to the synth, OIDC to the plans only, write to pull requests only to the comment", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.synth.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(workflow.jobs.comment.permissions).toEqual({ "pull-requests": "write" });
    expect(workflow.jobs.result.permissions).toEqual({});
    // The comment job checks nothing out, installs nothing and runs no code of the pull request.
    expect((workflow.jobs.comment.steps as Step[]).map((s) => s.uses)).toEqual([
      "actions/download-artifact@v4",
      "actions/download-artifact@v4",
      "actions/github-script@v7",
    ]);
    for (const checkout of (workflow.jobs.synth.steps as Step[]).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
      expect(checkout.with?.["persist-credentials"]).toBe(false);
    }
    expect(JSON.stringify(workflow.jobs.synth)).not.toMatch(/aws-actions|id-token/);
  });

  test("plans exactly the listed stacks, one job each, and none when nothing changed or for a fork", () => {
    expect(workflow.jobs.synth.outputs.stacks).toBe("${{ steps.changed.outputs.stacks }}");
    expect(workflow.jobs.plan.needs).toBe("synth");
    expect(workflow.jobs.plan.strategy).toEqual({ "fail-fast": false, matrix: { stack: "${{ fromJSON(needs.synth.outputs.stacks) }}" } });
    expect(workflow.jobs.plan.if).toBe("needs.synth.outputs.stacks != '[]' && github.event.pull_request.head.repo.full_name == github.repository");
    expect(workflow.jobs.comment.needs).toEqual(["synth", "plan"]);
  });

  /** Synthesizes a configuration into a directory, as cdktf synth does. */
  function synth(name: string, config: PlatformConfig): string {
    const outdir = join(root, name);
    const app = new App({ outdir });
    new Platform(app, { config });
    app.synth();
    return outdir;
  }

  test("the list step's commands: the changed stacks of base and head, as the matrix reads them", () => {
    const run = step("synth", "List the stacks to plan").run!.split("\n");
    const argv = (line: string) =>
      line
        .slice(line.indexOf("$STACKS ") + "$STACKS ".length)
        .split(/\s+[>|]/)[0]
        .trim()
        .split(/\s+/)
        .map((a) => a.replace(/^"(.*)"$/, "$1"));
    expect(argv(run[0])).toEqual(["changed", "--base", "$OUT/base.out", "--out", "$OUT/head.out", "--format", "json"]);
    expect(argv(run[1])).toEqual(["changed", "--base", "$OUT/base.out", "--out", "$OUT/head.out"]);
    expect(run[2]).toBe('echo "stacks=$(jq -c .plan "$OUT/changed.json")" >> "$GITHUB_OUTPUT"');

    const workloads = EXAMPLE.environments[0].workloads;
    const config = (widened: boolean): PlatformConfig => ({
      ...EXAMPLE,
      localStateDir: "/state",
      environments: [
        {
          ...EXAMPLE.environments[0],
          workloads: workloads.map((w, i) =>
            i === 0 ? { ...w, stack: "team-a", ...(widened ? { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } : {}) } : w,
          ),
        },
      ],
    });
    const out = { base: synth("base.out", config(false)), head: synth("head.out", config(true)) };
    const args = argv(run[0]).map((a) => a.replace("$OUT/base.out", out.base).replace("$OUT/head.out", out.head));
    const result = runStacks(args);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).plan).toEqual(["workloads-dev-team-a"]);
  });

  test("the plan step: terraform init and plan in the stack's directory, and its summary line", () => {
    const bin = join(root, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, "terraform"),
      '#!/bin/sh\necho "terraform $* in $(basename "$PWD")" >> "$CALLS"\nif [ "$1" = plan ]; then echo "  # aws_iam_role.x will be created"; echo "Plan: 1 to add, 0 to change, 0 to destroy."; fi\n',
    );
    chmodSync(join(bin, "terraform"), 0o755);
    const stackDir = join(root, "head.out-plan", "stacks", "workloads-dev-team-a");
    mkdirSync(stackDir, { recursive: true });
    const planDir = join(root, "plan");
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      STACK: "workloads-dev-team-a",
      STACK_DIR: stackDir,
      PLAN_DIR: planDir,
      CALLS: join(root, "calls"),
      GITHUB_STEP_SUMMARY: join(root, "summary"),
    };
    const result = spawnSync("bash", ["-e", "-c", step("plan", "Plan").run!], { env, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(join(root, "calls"), "utf8").split("\n")).toEqual([
      "terraform init -input=false -no-color in workloads-dev-team-a",
      "terraform plan -input=false -lock=false -no-color in workloads-dev-team-a",
      "",
    ]);
    expect(readFileSync(join(planDir, "workloads-dev-team-a.summary"), "utf8")).toBe("workloads-dev-team-a: Plan: 1 to add, 0 to change, 0 to destroy.\n");
    expect(readFileSync(join(root, "summary"), "utf8")).toBe("workloads-dev-team-a: Plan: 1 to add, 0 to change, 0 to destroy.\n");
  });

  /** The comment job's script, run with a stand-in for GitHub's API, on planted files. */
  async function comment(files: { review?: string; changed?: object; plans?: Record<string, string> }, planResult = "success") {
    const script = step("comment", "Create or update the comment").with!.script;
    const dir = mkdtempSync(join(root, "comment-"));
    mkdirSync(join(dir, "plan"));
    if (files.review !== undefined) writeFileSync(join(dir, "access-review.md"), files.review);
    if (files.changed !== undefined) writeFileSync(join(dir, "changed.json"), JSON.stringify(files.changed));
    for (const [stack, summary] of Object.entries(files.plans ?? {})) writeFileSync(join(dir, "plan", `${stack}.summary`), `${stack}: ${summary}\n`);
    const calls: { method: string; args: Record<string, unknown> }[] = [];
    const record = (method: string) => async (args: Record<string, unknown>) => void calls.push({ method, args });
    const github = {
      rest: { issues: { listComments: "listComments", updateComment: record("updateComment"), createComment: record("createComment") } },
      paginate: async (method: string, args: Record<string, unknown>) => {
        calls.push({ method, args });
        return [];
      },
    };
    const context = { repo: { owner: "o", repo: "r" }, payload: { pull_request: { number: 7 } } };
    const env = {
      REPORT: join(dir, "access-review.md"),
      CHANGED: join(dir, "changed.json"),
      PLANS: join(dir, "plan"),
      PLAN_RESULT: planResult,
      RUN_URL: "https://github.com/o/r/actions/runs/1",
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
      await new AsyncFunction("github", "context", "require", script)(github, context, require);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    return calls.find((c) => c.method === "createComment")!.args.body as string;
  }

  test("the comment: the review, then a line per planned stack with its plan's summary, and the removed stacks", async () => {
    const body = await comment({
      review: "# Workload IAM access review\n",
      changed: {
        plan: ["eks-dev", "workloads-dev"],
        stacks: [
          { name: "eks-dev", reason: "changed", dependencies: [] },
          { name: "workloads-dev", reason: "dependency", dependencies: ["eks-dev"], because: ["eks-dev"] },
        ],
        removed: ["workloads-dev-old"],
      },
      plans: { "eks-dev": "Plan: 0 to add, 1 to change, 0 to destroy." },
    });
    expect(body.split("\n")).toEqual([
      "<!-- cdktf-eks-irsa-pull-request -->",
      "# Workload IAM access review",
      "",
      "## Plans",
      "",
      "- `eks-dev` (changed): Plan: 0 to add, 1 to change, 0 to destroy.",
      "- `workloads-dev` (reads eks-dev): no plan (success)",
      "",
      "The plans are the run's `plan-<stack>` artifacts: [the workflow run](https://github.com/o/r/actions/runs/1).",
      "- `workloads-dev-old`: removed; move its resources (`cdktf-eks-irsa-stacks moves`) or destroy them first",
      "",
    ]);
  });

  test("the comment when nothing changed, and when the synth failed", async () => {
    expect(await comment({ review: "# R\n", changed: { plan: [], stacks: [], removed: [] } })).toContain("## Plans\n\nNo stack changed: nothing to plan.\n");
    const failed = await comment({}, "skipped");
    expect(failed).toContain("The review could not run: see [the workflow run](https://github.com/o/r/actions/runs/1).");
    expect(failed).toContain("The stacks to plan could not be listed: see [the workflow run](https://github.com/o/r/actions/runs/1).");
  });
});
