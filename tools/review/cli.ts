import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { type AccessDiff, diffAccess } from "./diff";
import { reviewDocument } from "./document";
import { readCdktfOut, ReviewError } from "./load";
import { MIN_MAX_BYTES, renderMarkdownAndWhole } from "./markdown";
import { buildAccessReport } from "./model";
import type { AccessReport } from "./report";

/**
 * The default `--max-bytes`: GitHub takes 65,536 characters in a comment; this leaves room for what
 * a workflow adds (a marker, a link to the run).
 */
export const DEFAULT_MAX_BYTES = 60_000;

/** The options of the command line. */
export interface ReviewOptions {
  /** The cdktf.out directory of the head (the change under review). */
  readonly out: string;
  /** The cdktf.out directory of the base branch, to diff against. */
  readonly base?: string;
  /** Exit with 1 when access widened. */
  readonly failOnWiden: boolean;
  /** `markdown` for people, `json` for bots and policy engines (see `document.ts`). */
  readonly format: "markdown" | "json";
  /** The most bytes the Markdown may take; 0: no limit. */
  readonly maxBytes: number;
  /** A file to write the whole report to (uncut), in the same format. */
  readonly fullReport?: string;
  /** A link to where the whole report can be read (a workflow run's artifacts), for the note of a cut report. */
  readonly fullReportUrl?: string;
  /** Print the usage and do nothing else. */
  readonly help: boolean;
}

/** What a run prints and how it exits: 0 fine, 1 access widened with `--fail-on-widen`, 2 an error. */
export interface ReviewResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const NAME = "cdktf-eks-irsa-review";

export const USAGE = `Usage: ${NAME} [--out <cdktf.out>] [--base <base cdktf.out>] [--fail-on-widen]
                             [--format markdown|json] [--max-bytes N] [--full-report <file>] [--full-report-url <url>]

Prints who can assume which workload IAM role (IRSA, EKS Pod Identity, kube2iam trust) with which
permissions, read from the synthesized JSON (no terraform, no AWS credentials).

  --out <dir>              the cdktf.out directory to review (or give it as the only argument); default ./cdktf.out
  --base <dir>             the base branch's cdktf.out: report what changed (widened, replaced, narrowed, other)
  --fail-on-widen          exit with 1 when the change widens access (exit 2 means an error)
  --format <f>             markdown (default) or json (the same data, versioned; never cut)
  --max-bytes <n>          keep the Markdown under n bytes, saying what was left out; default ${DEFAULT_MAX_BYTES} (one
                           GitHub comment); 0: no limit
  --full-report <file>     also write the whole report, uncut, to this file
  --full-report-url <url>  where a reader finds the whole report (a workflow run), named in the note of a cut report
  -h, --help               print this help
`;

/** Parses the arguments after the script's name. Throws a {@link ReviewError} on a bad one. */
export function parseArgs(argv: readonly string[]): ReviewOptions {
  let out: string | undefined;
  const once = new Map<string, string>();
  let failOnWiden = false;
  let help = false;
  let positionalOnly = false;
  const setOut = (value: string, how: string) => {
    if (out !== undefined) throw new ReviewError(`${how} gives a second cdktf.out directory (${value}): give it once, with --out or as the only argument`);
    out = value;
  };
  const what: { readonly [flag: string]: string } = {
    "--out": "a directory",
    "--base": "a directory",
    "--format": "a format",
    "--max-bytes": "a number",
    "--full-report": "a file",
    "--full-report-url": "a URL",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (positionalOnly || !arg.startsWith("-") || arg === "-") {
      setOut(arg, `argument ${JSON.stringify(arg)}`);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    const inline = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : undefined;
    if (flag === "--") {
      positionalOnly = true;
    } else if (flag === "--out") {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new ReviewError("--out needs a directory: --out <dir>");
      setOut(v, "--out");
    } else if (what[flag] !== undefined) {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new ReviewError(`${flag} needs ${what[flag]}: ${flag} <${what[flag].split(" ")[1]}>`);
      if (once.has(flag)) throw new ReviewError(`${flag} is given twice: give it once`);
      once.set(flag, v);
    } else if (flag === "--fail-on-widen") {
      if (inline !== undefined) throw new ReviewError("--fail-on-widen takes no value");
      failOnWiden = true;
    } else if (flag === "-h" || flag === "--help") {
      help = true;
    } else {
      throw new ReviewError(`unknown option ${flag}: see ${NAME} --help`);
    }
  }
  const format = once.get("--format") ?? "markdown";
  if (format !== "markdown" && format !== "json") throw new ReviewError(`--format ${JSON.stringify(format)} is unknown: use markdown or json`);
  const maxBytesText = once.get("--max-bytes");
  if (maxBytesText !== undefined && format === "json") throw new ReviewError("--max-bytes applies to the Markdown: the JSON is never cut");
  const maxBytes = maxBytesText === undefined ? DEFAULT_MAX_BYTES : Number(maxBytesText);
  if (!/^\d+$/.test(maxBytesText ?? "0") || (maxBytes !== 0 && maxBytes < MIN_MAX_BYTES)) {
    throw new ReviewError(`--max-bytes ${JSON.stringify(maxBytesText)} is invalid: use 0 (no limit) or a whole number of at least ${MIN_MAX_BYTES}`);
  }
  return {
    out: out ?? "cdktf.out",
    base: once.get("--base"),
    failOnWiden,
    format,
    maxBytes,
    fullReport: once.get("--full-report"),
    fullReportUrl: once.get("--full-report-url"),
    help,
  };
}

/** Reads a cdktf.out directory; errors about the base say so. */
function read(dir: string, role: "base" | "head"): AccessReport {
  try {
    return buildAccessReport(readCdktfOut(dir));
  } catch (error) {
    if (error instanceof ReviewError && role === "base") throw new ReviewError(`--base: ${error.message}`);
    throw error;
  }
}

/** Where the note of a cut report sends the reader. */
function fullReportText(options: ReviewOptions): string | undefined {
  if (options.fullReportUrl !== undefined)
    return `[the full report](${options.fullReportUrl})${options.fullReport !== undefined ? ` (\`${basename(options.fullReport)}\`)` : ""}`;
  if (options.fullReport !== undefined) return `\`${basename(options.fullReport)}\`, written by this run (\`--full-report\`)`;
  return undefined;
}

/** Renders the review as asked: the printed text and the whole report. */
function renderReview(
  options: ReviewOptions,
  head: AccessReport,
  base: AccessReport | undefined,
  diff: AccessDiff | undefined,
): { printed: string; whole: () => string } {
  if (options.format === "json") {
    const text = `${JSON.stringify(reviewDocument(head, diff))}\n`;
    return { printed: text, whole: () => text };
  }
  const { text, whole } = renderMarkdownAndWhole(head, { base, diff, fullReport: fullReportText(options), maxBytes: options.maxBytes });
  return { printed: text, whole: () => whole };
}

/** The options of {@link review}: those of the command line, as values, with its defaults. */
export type ReviewInput = Pick<ReviewOptions, "out"> & Partial<Omit<ReviewOptions, "out" | "help">>;

/**
 * Reviews a synthesized cdktf.out (against a base one, when given), as the command line does with
 * the same options. Its only side effect is the `fullReport` file. Never throws: an error becomes
 * one line on stderr and exit code 2.
 */
export function review(input: ReviewInput): ReviewResult {
  return guarded(() => reviewWith({ failOnWiden: false, format: "markdown", maxBytes: DEFAULT_MAX_BYTES, help: false, ...input }));
}

/**
 * Runs the review as the command line does: `main` prints what it returns. Never throws: an error
 * becomes one line on stderr and exit 2.
 */
export function runReview(argv: readonly string[]): ReviewResult {
  return guarded(() => {
    const options = parseArgs(argv);
    return options.help ? { exitCode: 0, stdout: USAGE, stderr: "" } : reviewWith(options);
  });
}

function reviewWith(options: ReviewOptions): ReviewResult {
  const head = read(options.out, "head");
  const base = options.base !== undefined ? read(options.base, "base") : undefined;
  const diff = base ? diffAccess(base, head) : undefined;
  const { printed, whole } = renderReview(options, head, base, diff);
  if (options.fullReport !== undefined) {
    try {
      writeFileSync(options.fullReport, whole());
    } catch (error) {
      throw new ReviewError(`--full-report ${options.fullReport} cannot be written (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  const widened = diff?.counts.widened ?? 0;
  if (options.failOnWiden && widened > 0) {
    const stderr = `${NAME}: access widened (${widened} change${widened === 1 ? "" : "s"}, see "Widened access"); failing because of --fail-on-widen\n`;
    return { exitCode: 1, stdout: printed, stderr };
  }
  return { exitCode: 0, stdout: printed, stderr: "" };
}

/** A review's result, or its error as one line on stderr and exit 2. */
function guarded(run: () => ReviewResult): ReviewResult {
  try {
    return run();
  } catch (error) {
    const message =
      error instanceof ReviewError ? error.message : `internal error, please report it: ${error instanceof Error ? error.message : String(error)}`;
    return { exitCode: 2, stdout: "", stderr: `${NAME}: ${message}\n` };
  }
}
