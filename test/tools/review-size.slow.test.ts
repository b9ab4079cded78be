import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAccessReport } from "../../tools/review/model";
import { DEFAULT_MAX_BYTES, runReview } from "../../tools/review/cli";
import { diffAccess } from "../../tools/review/diff";
import { readCdktfOut } from "../../tools/review/load";
import type { ReviewDocument } from "../../tools/review/document";
import { writeGeneratedApp } from "./review-fixtures/generate";

// A platform of 1000 bindings x 3 environments, written as a synthesized cdktf.out (see
// review-fixtures/generate.ts): the base, and a head where every binding of `dev` gets a new action
// and every tenth of `staging` a wildcard Pod Identity trust, and 50 roles of `prod` a new name.
let root: string;
let base: string;
let head: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "review-size-"));
  base = writeGeneratedApp(join(root, "base"), { bindings: 1000 });
  head = writeGeneratedApp(join(root, "head"), {
    bindings: 1000,
    change: (env, i) =>
      env === "dev"
        ? { extraAction: "s3:DeleteObject" }
        : env === "staging" && i % 10 === 0
          ? { podIdentity: true }
          : env === "prod" && i < 50
            ? { roleName: `renamed-${i}` }
            : undefined,
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe("the review of 1000 bindings x 3 environments", () => {
  test("reads every role and carrier", () => {
    const report = buildAccessReport(readCdktfOut(base));
    expect(report.stacks.map((s) => [s.name, s.roles.length, s.roles.reduce((n, r) => n + r.carriers.length, 0)])).toEqual([
      ["eks-dev", 0, 0],
      ["eks-prod", 0, 0],
      ["eks-staging", 0, 0],
      ["workloads-dev", 1000, 1000],
      ["workloads-prod", 1000, 1000],
      ["workloads-staging", 1000, 1000],
    ]);
    expect(report.stacks[3].roles[0].trust.irsa[0]).toMatchObject({ cluster: "example-dev", subject: "system:serviceaccount:team-000:app-0000" });
  });

  test("without --base: fits one comment by default, keeps every stack's line, folds large stacks sharing the room, and names what it left out", () => {
    const full = join(root, "full.md");
    const result = runReview(["--out", base, "--full-report", full]);
    expect(result.exitCode).toBe(0);
    expect(bytes(result.stdout)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    // Every stack has its line in the table, and a heading.
    for (const stack of ["eks-dev", "eks-prod", "eks-staging", "workloads-dev", "workloads-prod", "workloads-staging"]) {
      expect(result.stdout).toMatch(new RegExp(`^\\| \`${stack}\` \\|`, "m"));
      expect(result.stdout).toContain(`## Stack \`${stack}\``);
    }
    // Large stacks fold, and share the room: 30 roles each.
    expect(result.stdout.match(/<details><summary>1,000 workload roles \(click to expand\)<\/summary>/g)).toHaveLength(3);
    const note = result.stdout.slice(result.stdout.indexOf("**Left out to fit one comment** (60,000 bytes): "));
    expect(note).toMatch(
      /^\*\*Left out to fit one comment\*\* \(60,000 bytes\): 970 of 1,000 workload roles of stack `workloads-dev`; 970 of 1,000 workload roles of stack `workloads-prod`; 970 of 1,000 workload roles of stack `workloads-staging`\. The whole report: `full\.md`, written by this run \(`--full-report`\)\.\n$/,
    );
    // The whole report has every role; the graphs of 1000 roles exceed what Mermaid renders, and say so.
    const whole = readFileSync(full, "utf8");
    expect(whole.match(/^### Role /gm)).toHaveLength(3000);
    expect(whole).not.toContain("Left out to fit one comment");
    expect(whole.match(/_The graph of this stack is left out: it is larger than Mermaid renders/g)).toHaveLength(3);
    expect(runReview(["--out", base, "--max-bytes", "0"]).stdout).toBe(whole);
  });

  test("with --base: widened access (wildcards first) and replacements first, a line per stack, within the limit", () => {
    const diff = diffAccess(buildAccessReport(readCdktfOut(base)), buildAccessReport(readCdktfOut(head)));
    // dev: 1000 new actions; staging: 100 new Pod Identity trusts (a wildcard: no pin) and 100 new associations; prod: 50 renames.
    expect(diff.counts).toEqual({ widened: 1200, replaced: 50, narrowed: 0, other: 0 });
    const fullReport = join(root, "changes.md");
    const result = runReview(["--out", head, "--base", base, "--full-report", fullReport, "--full-report-url", "https://github.com/o/r/actions/runs/1"]);
    expect(bytes(result.stdout)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(result.stdout).toContain("Compared with the base: **1200 widened**, **50 replaced**, 0 narrowed, 0 other.");
    const order = ["## Widened access", "## Replaced on apply", "## Stacks", "**Left out to fit one comment** (60,000 bytes)"].map((s) =>
      result.stdout.indexOf(s),
    );
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(result.stdout).toContain("| `workloads-prod` | 1000 | 0 | 50 | 0 | 0 |");
    // The 100 wildcards lead the widened changes; all 50 replacements fit.
    const widened = result.stdout
      .slice(order[0], order[1])
      .split("\n")
      .filter((l) => l.startsWith("- "));
    expect(widened.slice(0, 100).every((l) => l.includes("**wildcard:** trust: now assumable through EKS Pod Identity with no `aws:SourceArn` pin"))).toBe(
      true,
    );
    expect(widened.length).toBeGreaterThan(100);
    expect(result.stdout.match(/\*\*replaced:\*\* now `renamed-/g)).toHaveLength(50);
    expect(result.stdout).toMatch(/_… and [\d,]+ more widened changes: left out to fit one comment, see the note at the end\._/);
    expect(result.stdout).toMatch(/The whole report: \[the full report\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\) \(`changes\.md`\)\.\n$/);
    const whole = readFileSync(fullReport, "utf8");
    expect(whole.match(/^- `workloads-[a-z]+` [^\n]*/gm)).toHaveLength(1250);
    expect(whole.match(/^### `workloads-/gm)).toHaveLength(1150);
    // A smaller limit is kept too.
    expect(bytes(runReview(["--out", head, "--base", base, "--max-bytes", "20000"]).stdout)).toBeLessThanOrEqual(20_000);
  });

  test("--format json prints the same data, never cut", () => {
    const result = runReview(["--out", head, "--base", base, "--format", "json"]);
    const doc = JSON.parse(result.stdout) as ReviewDocument;
    expect(doc.version).toBe(1);
    expect(doc.summary.changes).toEqual({ widened: 1200, replaced: 50, narrowed: 0, other: 0 });
    expect(doc.changes).toHaveLength(1250);
    expect(doc.report.stacks.map((s) => s.roles.length)).toEqual([0, 0, 0, 1000, 1000, 1000]);
  });
});

// Issue 20: a platform of 600 environments (600 workloads stacks and 600 cluster stacks) stopped the
// review ("the report's title and summary do not fit"): the stack table folds its rows into sums and
// the closing note counts what it left out by kind, with and without --base, at any limit.
describe("the review of 600 environments", () => {
  let many: string;
  let manyBase: string;
  const environments = Array.from({ length: 600 }, (_, i) => `e${String(i).padStart(3, "0")}`);

  /** The rows of the stack table. */
  const stackRows = (markdown: string) => {
    const table = markdown.slice(markdown.indexOf("## Stacks"), markdown.indexOf("\n## ", markdown.indexOf("## Stacks")));
    return table.match(/^\| `[^`]+` \|/gm) ?? [];
  };

  beforeAll(() => {
    manyBase = writeGeneratedApp(join(root, "many-base"), { bindings: 3, environments });
    many = writeGeneratedApp(join(root, "many"), {
      bindings: 3,
      environments,
      change: (env, i) => (i === 0 ? { extraAction: "s3:DeleteObject" } : env.endsWith("7") && i === 1 ? { roleName: `renamed-${env}` } : undefined),
    });
  });

  test("without --base: a report within the limit, the first 100 stacks with roles in the table and the rest folded into one row of sums", () => {
    const result = runReview(["--out", manyBase]);
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    expect(bytes(result.stdout)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(result.stdout).toContain("1,200 stacks, 1,800 workload roles (1,800 IRSA, 0 Pod Identity, 0 both), carried by 1,800 service accounts");
    const rows = stackRows(result.stdout);
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.startsWith("| `workloads-"))).toBe(true);
    expect(result.stdout).toContain("| 1,100 more stacks | 1,500 | 1,500 | 0 | 0 | 0 | 1,500 | 0 | 0 |");
    expect(result.stdout).toContain("_100 of 1,200 stacks shown, those with workload roles first; the last row sums the others._");
    expect(result.stdout).toMatch(
      /\*\*Left out to fit one comment\*\* \(60,000 bytes\): 600 stacks without workload roles; [\d,]+ of 1,800 workload roles of \d+ stacks; 600 graphs of 600 stacks\. The whole report: /,
    );
  });

  test("with --base: widened and replaced changes first, the table folded, within the limit", () => {
    const result = runReview(["--out", many, "--base", manyBase]);
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    expect(bytes(result.stdout)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(result.stdout).toContain("Compared with the base: **600 widened**, **60 replaced**, 0 narrowed, 0 other.");
    expect(result.stdout).toContain("| 1,100 more stacks | 1,500 | 500 | 50 | 0 | 0 |");
    expect(result.stdout).toContain("_100 of 1,200 stacks shown, those with changes first; the last row sums the others._");
  });

  test("at the smallest limit too, and the whole report keeps every row", () => {
    for (const args of [
      ["--out", manyBase],
      ["--out", many, "--base", manyBase],
    ]) {
      const small = runReview([...args, "--max-bytes", "2000"]);
      expect(small.exitCode).toBe(0);
      expect(bytes(small.stdout)).toBeLessThanOrEqual(2000);
      expect(small.stdout).toMatch(/^# Workload IAM access review\n/);
    }
    const whole = runReview(["--out", manyBase, "--max-bytes", "0"]).stdout;
    expect(stackRows(whole)).toHaveLength(1200);
    expect(whole).not.toContain("more stacks");
  });
});
