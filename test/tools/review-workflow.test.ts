import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { DEFAULT_MAX_BYTES, parseArgs } from "../../tools/review/cli";

// The example workflow that reviews a pull request's access changes and keeps one sticky comment.
const FILE = join(__dirname, "..", "..", "examples", "github", "access-review.yml");
const source = readFileSync(FILE, "utf8");
const workflow = parse(source);

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

/** GitHub's limit on a comment's body, in characters. */
const GITHUB_COMMENT_LIMIT = 65_536;

describe("examples/github/access-review.yml", () => {
  test("is a valid GitHub Actions workflow (action-validator's schema)", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  test("fails validation when broken: the check itself can fail", () => {
    const broken = source.replace("pull-requests: write", "pull-requests: wrte");
    expect(broken).not.toBe(source);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test("runs on pull requests with minimal permissions: read by default, write to pull requests only in the job that runs no code of the change", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.review.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.comment.permissions).toEqual({ "pull-requests": "write" });
    expect(workflow.jobs.comment.needs).toBe("review");
    // The comment job checks nothing out and installs nothing.
    expect((workflow.jobs.comment.steps as Step[]).map((s) => s.uses)).toEqual(["actions/download-artifact@v4", "actions/github-script@v7"]);
    for (const checkout of (workflow.jobs.review.steps as Step[]).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
      expect(checkout.with?.["persist-credentials"]).toBe(false);
    }
  });

  test("synthesizes the base and the head into two directories, and reviews the head against the base with --fail-on-widen and a size limit", () => {
    expect(step("review", "Check out the base").with).toMatchObject({ ref: "${{ github.event.pull_request.base.sha }}", path: "base" });
    expect(step("review", "Check out the head").with).toMatchObject({ ref: "${{ github.event.pull_request.head.sha }}", path: "head" });
    expect(step("review", "Synthesize the base").run).toBe('npm ci\nnpm run synth -- --output "$OUT/base.out"\n');
    expect(step("review", "Synthesize the head").run).toBe('npm ci\nnpm run synth -- --output "$OUT/head.out"\n');
    // The review command's arguments, as the review parses them.
    const run = step("review", "Review").run!;
    const command = run.slice(run.indexOf("$REVIEW ") + "$REVIEW ".length, run.indexOf(">")).replace(/\\\n\s*/g, "");
    const argv = command
      .trim()
      .split(/\s+/)
      .map((a) => a.replace(/^"(.*)"$/, "$1"));
    expect(parseArgs(argv)).toEqual({
      out: "$OUT/head.out",
      base: "$OUT/base.out",
      failOnWiden: true,
      format: "markdown",
      maxBytes: DEFAULT_MAX_BYTES,
      fullReport: "$OUT/access-review-full.md",
      fullReportUrl: "$RUN_URL",
      help: false,
    });
    expect(step("review", "Upload the comment and the full report")).toMatchObject({ uses: "actions/upload-artifact@v4", with: { name: "access-review" } });
  });

  /** The comment job's script, run with a stand-in for GitHub's API. */
  async function comment(existing: { id: number; body: string; user: { type: string } }[], report: string | undefined) {
    const script = step("comment", "Create or update the comment").with!.script;
    const dir = mkdtempSync(join(tmpdir(), "review-workflow-"));
    const file = join(dir, "access-review.md");
    if (report !== undefined) writeFileSync(file, report);
    const calls: { method: string; args: Record<string, unknown> }[] = [];
    const record = (method: string) => async (args: Record<string, unknown>) => void calls.push({ method, args });
    const github = {
      rest: { issues: { listComments: "listComments", updateComment: record("updateComment"), createComment: record("createComment") } },
      paginate: async (method: string, args: Record<string, unknown>) => {
        calls.push({ method, args });
        return existing;
      },
    };
    const context = { repo: { owner: "o", repo: "r" }, payload: { pull_request: { number: 7 } } };
    // The step's env, as the runner sets it.
    const env = { REPORT: file, RUN_URL: "https://github.com/o/r/actions/runs/1" };
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
      rmSync(dir, { recursive: true, force: true });
    }
    return calls;
  }

  const MARKER = "<!-- cdktf-eks-irsa-access-review -->";

  test("creates one comment, marked, with the review's Markdown", async () => {
    const calls = await comment([{ id: 1, body: `someone quoting ${MARKER}`, user: { type: "User" } }], "# Workload IAM access review\n");
    expect(calls).toEqual([
      { method: "listComments", args: { owner: "o", repo: "r", issue_number: 7, per_page: 100 } },
      { method: "createComment", args: { owner: "o", repo: "r", issue_number: 7, body: `${MARKER}\n# Workload IAM access review\n` } },
    ]);
  });

  test("updates its own comment on the next run, and says so when the review could not run", async () => {
    const calls = await comment([{ id: 42, body: `${MARKER}\nold`, user: { type: "Bot" } }], undefined);
    expect(calls[1]).toEqual({
      method: "updateComment",
      args: {
        owner: "o",
        repo: "r",
        comment_id: 42,
        body: `${MARKER}\n# Workload IAM access review\n\nThe review could not run: see [the workflow run](https://github.com/o/r/actions/runs/1).\n`,
      },
    });
  });

  test("the review's size limit and the marker fit one GitHub comment", () => {
    expect(DEFAULT_MAX_BYTES + MARKER.length + 1).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(source).toContain(`--max-bytes ${DEFAULT_MAX_BYTES}`);
  });
});
