/**
 * Child processes for the package tests: each step's output kept for the error when it fails, its
 * time recorded, and an environment without what `npm run` tells its script about this repository.
 */
import { spawnSync } from "node:child_process";

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child: without what `npm run` tells its script about this repository. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", ...extra };
  for (const key of Object.keys(env)) {
    // npm_config_loglevel too: `npm run --silent test:package` would silence the installs whose errors the tests read.
    if (/^npm_(package|lifecycle)_|^npm_(command|config_local_prefix|config_call|config_loglevel)$|^INIT_CWD$/.test(key)) delete env[key];
  }
  return env;
}

/** Runs steps and records how long each took. */
export class Steps {
  public readonly timings: [string, number][] = [];
  /**
   * Variables every step gets: the tests point TMPDIR into their own directory, so that what a child
   * leaves there (Node 22's module compile cache, which npm 11 turns on) goes with it.
   */
  public env: Record<string, string> = {};

  /** Runs a step; its exit status and output, whatever they are. */
  public run(step: string, command: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
    const start = Date.now();
    const result = spawnSync(command, args, { cwd, env: childEnv({ ...this.env, ...extraEnv }), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    this.timings.push([step, Date.now() - start]);
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs a step that must succeed, with its output in the error when it does not. */
  public mustRun(step: string, command: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
    const result = this.run(step, command, args, cwd, extraEnv);
    if (result.status !== 0) {
      throw new Error(`${step}: ${command} ${args.join(" ")} exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  /** The timings, one line a step. */
  public report(title: string): string {
    const total = this.timings.reduce((sum, [, ms]) => sum + ms, 0);
    return `${title}:\n${this.timings.map(([step, ms]) => `  ${(ms / 1000).toFixed(1).padStart(5)} s  ${step}`).join("\n")}\n  ${(total / 1000).toFixed(1).padStart(5)} s  in all\n`;
  }
}
