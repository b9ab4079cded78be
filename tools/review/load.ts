import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, normalize, sep } from "node:path";
import { asObject, asString, compare, type JsonObject } from "./json";

/**
 * A problem with the input or the command line: the CLI prints its message as one line and exits
 * with 2. Anything else thrown is a bug.
 */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewError";
  }
}

/** The synthesized stacks of one cdktf.out directory, by stack name. */
export interface SynthOutput {
  /** Stack name -> the stack's parsed `cdk.tf.json`, in name order. */
  readonly stacks: ReadonlyMap<string, JsonObject>;
}

/** Builds a {@link SynthOutput} from parsed stacks (sorted by name, so the order never leaks into the report). */
export function synthOutput(stacks: { readonly [name: string]: JsonObject }): SynthOutput {
  return {
    stacks: new Map(
      Object.keys(stacks)
        .sort(compare)
        .map((name) => [name, stacks[name]]),
    ),
  };
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReviewError(`${what} ${file} cannot be read (${code ?? "error"}): synthesize again with \`npm run synth\``);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReviewError(`${what} ${file} is not valid JSON (${(error as Error).message}): synthesize again with \`npm run synth\``);
  }
}

/**
 * Reads a cdktf.out directory: `manifest.json`, then each stack's `synthesizedStackPath`.
 * Fails with a {@link ReviewError} naming the problem when the directory is missing or empty, has
 * no manifest, or holds a file that is not CDKTF-synthesized JSON.
 */
export function readCdktfOut(dir: string): SynthOutput {
  if (!existsSync(dir)) {
    throw new ReviewError(`${dir} does not exist: run \`npm run synth\` first, or point --out at a cdktf.out directory`);
  }
  if (!statSync(dir).isDirectory()) {
    throw new ReviewError(`${dir} is not a directory: point --out at a cdktf.out directory`);
  }
  const manifestFile = join(dir, "manifest.json");
  if (!existsSync(manifestFile)) {
    const empty = readdirSync(dir).length === 0;
    throw new ReviewError(
      `${dir} ${empty ? "is empty" : "has no manifest.json, so it is not a cdktf.out directory"}: run \`npm run synth\` first, or point --out at a cdktf.out directory`,
    );
  }
  const manifest = asObject(readJson(manifestFile, "manifest"));
  const listed = asObject(manifest?.stacks);
  if (!listed) {
    throw new ReviewError(`${manifestFile} is not a CDKTF manifest (it has no "stacks" object): synthesize again with \`npm run synth\``);
  }
  if (Object.keys(listed).length === 0) {
    throw new ReviewError(`${manifestFile} lists no stacks: the app synthesized nothing; check its configuration`);
  }

  const stacks: Record<string, JsonObject> = {};
  for (const key of Object.keys(listed).sort(compare)) {
    const entry = asObject(listed[key]);
    const name = asString(entry?.name) ?? key;
    const relative = asString(entry?.synthesizedStackPath);
    // The manifest only ever names files inside the directory; refuse anything else rather than read it.
    if (!relative || isAbsolute(relative) || normalize(relative).split(sep).includes("..")) {
      throw new ReviewError(`${manifestFile} stack ${JSON.stringify(key)} has no valid synthesizedStackPath: synthesize again with \`npm run synth\``);
    }
    const file = join(dir, relative);
    const stack = asObject(readJson(file, `stack ${name}:`));
    if (!stack || !asObject(asObject(stack["//"])?.metadata)) {
      throw new ReviewError(`stack ${name}: ${file} is not CDKTF JSON (no "//" metadata block): point --out at the output of \`cdktf synth\``);
    }
    stacks[name] = stack;
  }
  return synthOutput(stacks);
}
