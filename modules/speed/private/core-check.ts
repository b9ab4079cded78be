/**
 * The synthesis patches are written against cdktf 0.21's internals and checked byte for byte on it
 * (test/speed/*.slow.test.ts). On any other core, CDK Terrain included (whose synthesis has more
 * passes: provider-feature discovery, per-pass function usage), they change nothing, so that no
 * patch can make a wrong output on internals it was not written for. The core is told by its own
 * package.json: the name a core publishes under is kept by an npm alias (`cdktf@npm:cdktn@…`
 * installs a package named cdktn in node_modules/cdktf).
 */

/** The core and versions the patches were written for. */
const WRITTEN_FOR = { name: "cdktf", version: /^0\.21\.\d+$/ } as const;

let answer: boolean | undefined;

/** Whether the core that `require("cdktf")` loads is the one the patches were written for. */
export function patchesFitThisCore(): boolean {
  if (answer === undefined) {
    try {
      const manifest = require("cdktf/package.json") as { name?: unknown; version?: unknown };
      answer = manifest.name === WRITTEN_FOR.name && typeof manifest.version === "string" && WRITTEN_FOR.version.test(manifest.version);
    } catch {
      answer = false;
    }
  }
  return answer;
}
