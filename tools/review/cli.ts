import { diffAccess } from "./diff";
import { readCdktfOut, ReviewError } from "./load";
import { renderMarkdown } from "./markdown";
import { buildAccessReport } from "./model";

/** The options of the command line. */
export interface ReviewOptions {
  /** The cdktf.out directory of the head (the change under review). */
  readonly out: string;
  /** The cdktf.out directory of the base branch, to diff against. */
  readonly base?: string;
  /** Exit with 1 when access widened. */
  readonly failOnWiden: boolean;
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

Prints a Markdown report of who can assume which IRSA role with which permissions, read from the
synthesized JSON (no terraform, no AWS credentials).

  --out <dir>       the cdktf.out directory to review (or give it as the only argument); default ./cdktf.out
  --base <dir>      the base branch's cdktf.out: adds the widened access and the other changes on top
  --fail-on-widen   exit with 1 when the change widens access (exit 2 means an error)
  -h, --help        print this help
`;

/** Parses the arguments after the script's name. Throws a {@link ReviewError} on a bad one. */
export function parseArgs(argv: readonly string[]): ReviewOptions {
  let out: string | undefined;
  let base: string | undefined;
  let failOnWiden = false;
  let help = false;
  let positionalOnly = false;
  const setOut = (value: string, how: string) => {
    if (out !== undefined) throw new ReviewError(`${how} gives a second cdktf.out directory (${value}): give it once, with --out or as the only argument`);
    out = value;
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
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new ReviewError(`${flag} needs a directory: ${flag} <dir>`);
      return v;
    };
    switch (flag) {
      case "--":
        positionalOnly = true;
        break;
      case "--out":
        setOut(value(), "--out");
        break;
      case "--base":
        if (base !== undefined) throw new ReviewError("--base is given twice: give one base directory");
        base = value();
        break;
      case "--fail-on-widen":
        if (inline !== undefined) throw new ReviewError("--fail-on-widen takes no value");
        failOnWiden = true;
        break;
      case "-h":
      case "--help":
        help = true;
        break;
      default:
        throw new ReviewError(`unknown option ${flag}: see ${NAME} --help`);
    }
  }
  return { out: out ?? "cdktf.out", base, failOnWiden, help };
}

/** Reads a cdktf.out directory; errors about the base say so. */
function read(dir: string, role: "base" | "head") {
  try {
    return buildAccessReport(readCdktfOut(dir));
  } catch (error) {
    if (error instanceof ReviewError && role === "base") throw new ReviewError(`--base: ${error.message}`);
    throw error;
  }
}

/**
 * Runs the review as the command line does, without touching the process: the tests call it,
 * and `main` prints what it returns. Never throws: an error becomes one line on stderr and exit 2.
 */
export function runReview(argv: readonly string[]): ReviewResult {
  try {
    const options = parseArgs(argv);
    if (options.help) return { exitCode: 0, stdout: USAGE, stderr: "" };
    const head = read(options.out, "head");
    const diff = options.base !== undefined ? diffAccess(read(options.base, "base"), head) : undefined;
    const stdout = renderMarkdown(head, diff);
    if (options.failOnWiden && diff && diff.widened > 0) {
      const n = diff.widened;
      return { exitCode: 1, stdout, stderr: `${NAME}: access widened (${n} finding${n === 1 ? "" : "s"}, see "Widened access"); failing because of --fail-on-widen\n` };
    }
    return { exitCode: 0, stdout, stderr: "" };
  } catch (error) {
    const message = error instanceof ReviewError ? error.message : `internal error, please report it: ${error instanceof Error ? error.message : String(error)}`;
    return { exitCode: 2, stdout: "", stderr: `${NAME}: ${message}\n` };
  }
}
