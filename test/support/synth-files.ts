import { rmSync } from "node:fs";
import { Testing } from "cdktf";
import { Platform } from "../../modules/platform/platform";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PlatformConfigSource } from "../../modules/platform/config-file";
import type { PlatformConfig } from "../../modules/platform/config";
import { skipTokenCreationStacks } from "../../modules/speed/token-stacks";
import { generatedConfig } from "../../tools/bench";
import { filesUnder } from "./compiled-app";

const EXAMPLE_CONFIG = PlatformConfigSource.read(EXAMPLE_PLATFORM_CONFIG_FILE).config;

/** The apps the synthesis patches must leave byte-identical. */
export const IDENTITY_APPS: readonly { readonly name: string; readonly config: PlatformConfig }[] = [
  { name: "the example app", config: EXAMPLE_CONFIG },
  // 3 environments x 150 IRSA bindings: about 3,000 resources and data sources.
  { name: "a generated app of 150 bindings x 3 environments", config: generatedConfig(150) },
];

/** Every file a synth of `config` writes, as bytes, by path under the output directory. */
export function synthFiles(config: PlatformConfig): Map<string, Buffer> {
  const app = Testing.app();
  new Platform(app, { config });
  app.synth();
  const files = filesUnder(app.outdir);
  rmSync(app.outdir, { recursive: true, force: true });
  return files;
}

/**
 * The files of `config` synthesized by cdktf as it is and with a patch applied (then restored).
 * Token creation stacks are skipped in both (modules/speed/token-stacks.ts, byte-identical on its own)
 * to keep the large app quick.
 */
export function synthWithAndWithout(
  config: PlatformConfig,
  patch: () => (() => void) | undefined,
): { readonly unpatched: Map<string, Buffer>; readonly patched: Map<string, Buffer> } {
  const restoreStacks = skipTokenCreationStacks();
  try {
    const unpatched = synthFiles(config);
    const restore = patch();
    if (restore === undefined) throw new Error("the patch did not apply: cdktf's internals are not what it expects");
    try {
      return { unpatched, patched: synthFiles(config) };
    } finally {
      restore();
    }
  } finally {
    restoreStacks?.();
  }
}

/** The paths of files whose bytes differ, or that only one side has. */
export function differingFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths]
    .filter((path) => {
      const x = a.get(path);
      const y = b.get(path);
      return x === undefined || y === undefined || !x.equals(y);
    })
    .sort();
}
