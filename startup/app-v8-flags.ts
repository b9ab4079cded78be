/**
 * Startup: V8's defaults are tuned for long-running programs; the default app is a process of a
 * quarter of a second that builds a few hundred constructs and exits. Two of V8's defaults cost it
 * time and memory:
 *
 * - the optimizing compiler's threshold (`--interrupt-budget`, 67,584 on Node 20): a function is
 *   handed to TurboFan once it has run about that many bytes of bytecode. In a short run that sends
 *   functions that are warm only for a few milliseconds to a compiler that works on background
 *   threads, takes CPU from the app on a busy machine and raises the peak. Four times the budget
 *   (270,336) leaves those functions to the bytecode interpreter and the baseline compiler, and still
 *   optimizes what is hot for long (the resolve and serializer loops of a large app). Turning
 *   TurboFan off altogether (`--no-turbofan`) was measured too: the default app as fast and 6 MB
 *   lighter, but 1000 bindings x 3 environments 35% slower.
 * - the growth of the young generation (`--semi-space-growth-factor`, 2): each scavenge in which many
 *   objects survive (loading modules, building constructs) doubles the two semi-spaces, up to 16 MB
 *   each; the default app ends with 18 MB committed to them. With a factor of 1 they keep their
 *   initial 1 MB, and objects that live on are promoted to the old generation sooner.
 *
 * Measured with 9+ interleaved rounds on Node 20 (README, "Performance"): the default app about 8%
 * faster and 20 MB lighter (with the other startup modules, 1.1x the floor's peak); 100
 * bindings x 3 environments 11% faster and 28 MB lighter; 1000 x 3 about 3% slower (the smaller
 * young generation) and 8 MB lighter. The synthesized files are byte-identical.
 *
 * Both flags are read by V8 when it decides, not only at its start (each closure's budget when its
 * feedback is set up, `SemiSpaceNewSpace::Grow()` at each growth), so setting them from JavaScript
 * with `v8.setFlagsFromString` takes effect for everything that runs after it (measured: the same
 * figures as the command-line flags). That keeps cdktf.json's `app` line a plain `node dist/main.js`.
 * Flags that V8 reads only at its start (`--max-semi-space-size`) do nothing when set this way, and
 * some crash V8 (`--single-threaded-gc`): only these two are set.
 *
 * A flag the process was started with wins: a flag of the same family in `process.execArgv` or in
 * `NODE_OPTIONS` (`node --interrupt-budget=67584 dist/main.js`,
 * `NODE_OPTIONS=--max-semi-space-size=16`) leaves that flag as it is. It only applies where Node's
 * CommonJS loader runs this module (not under Jest, whose workers keep V8's defaults). It is not
 * exported from the package: it changes V8 for the whole process, which only an app's entry point
 * may decide (a consumer's entry point can import it the same way).
 */
import { loadedByNode } from "./module-stand-in";
import { setFlagsFromString } from "node:v8";

/** A flag the app sets, and the flag names (without `--`, `no-`, `=value`) that the user may set instead. */
interface AppFlag {
  /** The flag as `v8.setFlagsFromString` takes it. */
  readonly flag: string;
  /** Names that, given on the command line or in NODE_OPTIONS, leave this flag to the user. */
  readonly family: readonly string[];
}

/** The flags, in the order they are set. */
export const APP_V8_FLAGS: readonly AppFlag[] = [
  { flag: "--interrupt-budget=270336", family: ["interrupt-budget"] },
  { flag: "--semi-space-growth-factor=1", family: ["semi-space-growth-factor", "max-semi-space-size", "min-semi-space-size"] },
];

/**
 * The V8 flag names that a list of Node options sets: `--no-opt` and `--opt` both give `opt`,
 * `--max_semi_space_size=8` gives `max-semi-space-size`. Node's own options come out as well; they
 * match none of the families.
 */
export function flagNames(options: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const option of options) {
    if (!option.startsWith("--")) continue;
    const name = option.slice(2).split("=")[0].replace(/_/g, "-");
    names.add(name.startsWith("no-") ? name.slice(3) : name);
  }
  return names;
}

/**
 * Sets the app's V8 flags (each unless the process was started with one of its family). Call it
 * first, before anything is loaded: functions get their budget when they are created, and the young
 * generation grows while modules load.
 *
 * @param options the process's Node options: its command-line flags and `NODE_OPTIONS`
 * @returns the flags set (possibly none), or undefined where this module is not run by Node's
 *   CommonJS loader (Jest) and nothing was set
 */
export function setAppV8Flags(options: readonly string[] = processOptions()): string[] | undefined {
  // Under another module system (Jest), this module is not one of Node's Module objects.
  if (!loadedByNode(__filename)) return undefined;
  if (!measuredOn(process.versions.node)) return [];
  const given = flagNames(options);
  const set: string[] = [];
  for (const { flag, family } of APP_V8_FLAGS) {
    if (family.some((name) => given.has(name))) continue;
    setFlagsFromString(flag);
    set.push(flag);
  }
  return set;
}

/**
 * The Node.js major versions whose V8 the flags were measured on (Node 20, V8 11.3). Elsewhere they
 * are not set: another V8 may lack a flag (it would print "unrecognized flag" on every run) or
 * tune differently.
 */
export const MEASURED_NODE_MAJORS: readonly number[] = [20];

/** Whether the flags were measured on this Node.js version (`process.versions.node`). */
export function measuredOn(nodeVersion: string): boolean {
  return MEASURED_NODE_MAJORS.includes(Number(nodeVersion.split(".")[0]));
}

/** The process's command-line Node flags, then those of `NODE_OPTIONS` (split at white space). */
function processOptions(): string[] {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/).filter((o) => o !== "")];
}

setAppV8Flags();
