import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Lazy, Testing } from "cdktf";
import { Platform } from "../modules/platform";
import { EXAMPLE_PLATFORM_CONFIG_FILE, loadPlatformConfig } from "../modules/config";
import { skipTokenCreationStacks } from "../modules/token-stacks";

const EXAMPLE_CONFIG = loadPlatformConfig(EXAMPLE_PLATFORM_CONFIG_FILE);

/** Every file the example app synthesizes, by path under the output directory. */
function synthExample(): Record<string, string> {
  const app = Testing.app();
  new Platform(app, { config: EXAMPLE_CONFIG });
  app.synth();
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path.slice(app.outdir.length)] = readFileSync(path, "utf8");
    }
  };
  walk(app.outdir);
  rmSync(app.outdir, { recursive: true, force: true });
  return files;
}

/** The creation stack cdktf records for a new token. */
function creationStackOfNewToken(): string[] {
  return (Lazy.anyValue({ produce: () => "x" }) as unknown as { creationStack: string[] }).creationStack;
}

describe("skipTokenCreationStacks", () => {
  test("stops cdktf from recording a stack per token, until restored", () => {
    // GIVEN cdktf's own behaviour
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);

    // WHEN
    const restore = skipTokenCreationStacks();

    // THEN
    expect(restore).toBeInstanceOf(Function);
    try {
      expect(creationStackOfNewToken()).toEqual([]);
    } finally {
      restore!();
    }
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
  });

  test("leaves every synthesized file byte-identical", () => {
    const withStacks = synthExample();
    const restore = skipTokenCreationStacks();
    let withoutStacks: Record<string, string>;
    try {
      withoutStacks = synthExample();
    } finally {
      restore!();
    }
    expect(Object.keys(withStacks).length).toBeGreaterThan(6);
    expect(withoutStacks).toEqual(withStacks);
  });
});
