#!/usr/bin/env node
/**
 * `cdktf-eks-irsa-stacks`: what a pull request changes, stack by stack, read from two synthesized
 * cdktf.out directories (the base branch's and the head's). Node built-ins only: it reads JSON.
 *
 *   cdktf-eks-irsa-stacks changed --base <base cdktf.out> --out <head cdktf.out> [--format text|json]
 *     the stacks to plan: those whose cdk.tf.json changed or is new, and the stacks that depend on
 *     one of them (a workloads stack reads its cluster stack's outputs), dependencies first; and the
 *     stacks the head no longer has. JSON for a CI matrix: `jq -c .plan`.
 *
 *   cdktf-eks-irsa-stacks moves --base <base cdktf.out> --out <head cdktf.out>
 *     the resources that left one stack for another with the same address (a binding whose `stack`
 *     changed, and the namespace it creates), as the Terraform commands that move them from one
 *     state to the other before anything is applied.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Why a stack is planned. */
export type PlanReason = "added" | "changed" | "dependency";

/** A stack to plan. */
export interface PlannedStack {
  readonly name: string;
  readonly reason: PlanReason;
  /** The stacks it depends on (manifest.json's `dependencies`). */
  readonly dependencies: readonly string[];
  /** For `dependency`: the planned stacks it depends on. */
  readonly because?: readonly string[];
}

/** What `changed` finds. */
export interface ChangedStacks {
  /** The stacks to plan, dependencies before the stacks that depend on them. */
  readonly stacks: readonly PlannedStack[];
  /** Their names, in the same order: a CI matrix. */
  readonly plan: readonly string[];
  /** Stacks of the base that the head no longer has (their resources must be moved or destroyed). */
  readonly removed: readonly string[];
}

/** Resources of one stack that the head has in another stack, at the same addresses. */
export interface StateMove {
  readonly from: string;
  readonly to: string;
  readonly addresses: readonly string[];
}

/** A synthesized output: each stack's dependencies and its cdk.tf.json text. */
interface Output {
  readonly dir: string;
  readonly stacks: ReadonlyMap<string, { readonly dependencies: readonly string[]; readonly text: string }>;
}

/** An error of the input (a missing directory or manifest), reported without a stack trace. */
export class StacksError extends Error {}

function readOutput(dir: string, what: string): Output {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) throw new StacksError(`${what} ${dir} has no manifest.json: synthesize it first (npm run synth -- --output ${dir})`);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { stacks: Record<string, { synthesizedStackPath: string; dependencies?: string[] }> };
  const stacks = new Map<string, { dependencies: readonly string[]; text: string }>();
  for (const [name, stack] of Object.entries(manifest.stacks)) {
    stacks.set(name, { dependencies: stack.dependencies ?? [], text: readFileSync(join(dir, stack.synthesizedStackPath), "utf8") });
  }
  return { dir, stacks };
}

/** The stacks to plan for the change from `baseDir` to `headDir`. */
export function changedStacks(baseDir: string, headDir: string): ChangedStacks {
  const base = readOutput(baseDir, "--base");
  const head = readOutput(headDir, "--out");
  const reasons = new Map<string, { reason: PlanReason; because?: string[] }>();
  for (const [name, stack] of head.stacks) {
    const before = base.stacks.get(name);
    if (before === undefined) reasons.set(name, { reason: "added" });
    else if (before.text !== stack.text) reasons.set(name, { reason: "changed" });
  }
  // A stack that depends on a planned stack is planned too, whatever its own JSON: its inputs are that stack's outputs.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, stack] of head.stacks) {
      if (reasons.has(name)) continue;
      const because = stack.dependencies.filter((d) => reasons.has(d));
      if (because.length > 0) {
        reasons.set(name, { reason: "dependency", because });
        grew = true;
      }
    }
  }
  const stacks = inDependencyOrder(head, [...reasons.keys()]).map((name) => ({
    name,
    dependencies: head.stacks.get(name)!.dependencies,
    ...reasons.get(name)!,
  }));
  const removed = [...base.stacks.keys()].filter((name) => !head.stacks.has(name)).sort();
  return { stacks, plan: stacks.map((s) => s.name), removed };
}

/** Names sorted so that each comes after the stacks it depends on; otherwise by name. */
function inDependencyOrder(output: Output, names: readonly string[]): string[] {
  const wanted = new Set(names);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const dependency of [...output.stacks.get(name)!.dependencies].sort()) if (wanted.has(dependency)) visit(dependency);
    order.push(name);
  };
  for (const name of [...wanted].sort()) visit(name);
  return order;
}

/** A stack's resources (`type.name`; data sources hold no state to move) and their bodies without cdktf's `//` comments. */
function resourcesOf(text: string): Map<string, string> {
  const json = JSON.parse(text) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const out = new Map<string, string>();
  for (const [type, items] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(items)) {
      const { "//": _comment, ...rest } = body;
      out.set(`${type}.${name}`, JSON.stringify(rest));
    }
  }
  return out;
}

/**
 * The resources that left a stack of the base for another stack of the head, at the same address.
 * Addresses repeat across environments (a binding's address comes from its key), so when several
 * stacks gained an address, the one that depends on the same stacks (the same cluster) is taken, and
 * then the one whose resource is the same as the one that left; one that stays ambiguous is left out
 * and named in `ambiguous`.
 */
export function stateMoves(baseDir: string, headDir: string): StateMove[] & { ambiguous?: string[] } {
  const base = readOutput(baseDir, "--base");
  const head = readOutput(headDir, "--out");
  const before = new Map([...base.stacks].map(([name, s]) => [name, resourcesOf(s.text)]));
  const after = new Map([...head.stacks].map(([name, s]) => [name, resourcesOf(s.text)]));
  const moves = new Map<string, { from: string; to: string; addresses: string[] }>();
  const ambiguous: string[] = [];
  for (const [from, resources] of before) {
    for (const [address, body] of resources) {
      if (after.get(from)?.has(address)) continue;
      const gained = [...after].filter(([to, there]) => to !== from && there.has(address) && !before.get(to)?.has(address));
      const dependencies = (output: Output, stack: string) => [...(output.stacks.get(stack)?.dependencies ?? [])].sort().join(" ");
      const sameCluster = gained.filter(([to]) => dependencies(head, to) === dependencies(base, from));
      const same = gained.filter(([, there]) => there.get(address) === body);
      const chosen = sameCluster.length === 1 ? sameCluster : same.length === 1 ? same : gained.length === 1 ? gained : [];
      if (chosen.length === 0) {
        if (gained.length > 1) ambiguous.push(`${address} left ${from} and is new in ${gained.map(([to]) => to).join(", ")}`);
        continue;
      }
      const to = chosen[0][0];
      const key = `${from}\u0000${to}`;
      const move = moves.get(key) ?? { from, to, addresses: [] };
      move.addresses.push(address);
      moves.set(key, move);
    }
  }
  const sorted: StateMove[] & { ambiguous?: string[] } = [...moves.values()]
    .map((m) => ({ ...m, addresses: m.addresses.sort() }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  if (ambiguous.length > 0) sorted.ambiguous = ambiguous.sort();
  return sorted;
}

/** A word for the shell, quoted when it needs to be. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * The commands that move the resources of each move from one stack's state to the other's, for any
 * backend: pull both states into files, `terraform state mv` between the files, push the destination
 * first (the resources are never untracked) and then the source. Run them before applying the change,
 * from the project directory, with `outDir` synthesized from the head.
 */
export function stateMoveCommands(moves: readonly StateMove[] & { ambiguous?: readonly string[] }, outDir: string): string {
  const unclear = (moves.ambiguous ?? []).map((a) => `# not moved, more than one stack could take it (move it by hand): ${a}`);
  if (moves.length === 0) return `${["# no resource moves from one stack to another", ...unclear].join("\n")}\n`;
  const lines = [
    ...unclear,
    "# Run from the project directory, after synthesizing the head and before applying it; then plan both",
    "# stacks of each move: neither may show a change for the moved resources. The .tfstate.move files are",
    "# backups of what was pulled and pushed (git ignores them): delete them once the plans are clean.",
    "set -euo pipefail",
  ];
  const dir = (stack: string) => shellWord(`${outDir}/stacks/${stack}`);
  const file = (stack: string) => `"$PWD"/terraform.${stack}.tfstate.move`;
  for (const move of moves) {
    lines.push(
      "",
      `# ${move.from} -> ${move.to}: ${move.addresses.length} resource${move.addresses.length === 1 ? "" : "s"}`,
      `(cd ${dir(move.from)} && terraform init -input=false >/dev/null && terraform state pull > ${file(move.from)})`,
      `(cd ${dir(move.to)} && terraform init -input=false >/dev/null && terraform state pull > ${file(move.to)})`,
      // A stack never applied has no state yet: start it empty (state mv writes one).
      `[ -s ${file(move.to)} ] || rm ${file(move.to)}`,
      ...move.addresses.map((a) => `terraform state mv -state=${file(move.from)} -state-out=${file(move.to)} ${shellWord(a)} ${shellWord(a)}`),
      `(cd ${dir(move.to)} && terraform state push ${file(move.to)})`,
      `(cd ${dir(move.from)} && terraform state push ${file(move.from)})`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The text form of `changed`. */
export function changedText(changes: ChangedStacks): string {
  const lines: string[] = [];
  if (changes.stacks.length === 0) lines.push("no stack changed");
  const width = Math.max(0, ...changes.stacks.map((s) => s.name.length));
  for (const s of changes.stacks) {
    const why = s.reason === "dependency" ? `depends on ${s.because!.join(", ")}, planned` : s.reason;
    lines.push(`${s.name.padEnd(width)}  ${why}`);
  }
  for (const name of changes.removed) lines.push(`${name}  removed: move its resources (moves) or destroy them before its directory goes`);
  return `${lines.join("\n")}\n`;
}

export const USAGE = `Usage: cdktf-eks-irsa-stacks changed --base <base cdktf.out> --out <head cdktf.out> [--format text|json]
       cdktf-eks-irsa-stacks moves --base <base cdktf.out> --out <head cdktf.out>

  changed   the stacks to plan (changed, added, or depending on one of those), dependencies first,
            and the stacks removed; --format json for a CI matrix (jq -c .plan)
  moves     the terraform commands that move resources which left one stack for another
`;

/** Runs the command line; returns what to print and the exit code (0, or 2 for an error). */
export function runStacks(argv: readonly string[]): { exitCode: 0 | 2; stdout: string; stderr: string } {
  const [command, ...rest] = argv;
  const options: Record<string, string> = {};
  try {
    if (command === undefined || command === "-h" || command === "--help") return { exitCode: 0, stdout: USAGE, stderr: "" };
    if (command !== "changed" && command !== "moves") throw new StacksError(`unknown command ${JSON.stringify(command)}: use changed or moves`);
    for (let i = 0; i < rest.length; i++) {
      const flag = rest[i];
      if (!["--base", "--out", "--format"].includes(flag) || (flag === "--format" && command !== "changed")) {
        throw new StacksError(
          `unknown option ${JSON.stringify(flag)} of ${command}: use --base <dir> --out <dir>${command === "changed" ? " [--format text|json]" : ""}`,
        );
      }
      const value = rest[++i];
      if (value === undefined) throw new StacksError(`${flag} needs a value`);
      options[flag.slice(2)] = value;
    }
    if (!options.base || !options.out) throw new StacksError(`${command} needs --base <base cdktf.out> and --out <head cdktf.out>`);
    const format = options.format ?? "text";
    if (format !== "text" && format !== "json") throw new StacksError(`--format ${JSON.stringify(format)} is invalid: use text or json`);
    if (command === "moves") return { exitCode: 0, stdout: stateMoveCommands(stateMoves(options.base, options.out), options.out), stderr: "" };
    const changes = changedStacks(options.base, options.out);
    return { exitCode: 0, stdout: format === "json" ? `${JSON.stringify(changes)}\n` : changedText(changes), stderr: "" };
  } catch (error) {
    if (!(error instanceof StacksError)) throw error;
    return { exitCode: 2, stdout: "", stderr: `cdktf-eks-irsa-stacks: ${error.message}\n${USAGE}` };
  }
}

if (require.main === module) {
  const result = runStacks(process.argv.slice(2));
  process.exitCode = result.exitCode;
  if (result.stderr) process.stderr.write(result.stderr);
  process.stdout.write(result.stdout);
}
