/**
 * The synthesis patches apply on the core they were written for, cdktf 0.21, and on no other: on
 * CDK Terrain (also when installed under the name cdktf, through an npm alias) and on another cdktf
 * version they change nothing. The core is told by its package.json, replaced here with jest.doMock.
 */
afterEach(() => {
  jest.dontMock("cdktf/package.json");
});

/** Loads the patches afresh with the core's package.json saying `manifest`, and applies them all. */
function applyWithCore(manifest: { name: string; version: string } | undefined) {
  let outcome: { fits: boolean; resolveChanged: boolean; tokenStacks: unknown } | undefined;
  jest.isolateModules(() => {
    if (manifest) jest.doMock("cdktf/package.json", () => manifest);
    const { patchesFitThisCore } = require("../../../modules/speed/private/core-check");
    const { speedUpSynthesis } = require("../../../modules/speed/synthesis-speed");
    const { skipTokenCreationStacks } = require("../../../modules/speed/token-stacks");
    const resolveModule = require("cdktf/lib/tokens/private/resolve");
    const before = resolveModule.resolve;
    const restore = speedUpSynthesis();
    const tokenStacks = skipTokenCreationStacks();
    outcome = { fits: patchesFitThisCore(), resolveChanged: resolveModule.resolve !== before, tokenStacks: typeof tokenStacks };
    restore();
    if (typeof tokenStacks === "function") tokenStacks();
  });
  return outcome!;
}

test("cdktf 0.21 (this repository's): the patches apply", () => {
  expect(applyWithCore(undefined)).toEqual({ fits: true, resolveChanged: true, tokenStacks: "function" });
});

test.each([
  ["CDK Terrain 0.24 (cdktn, or cdktf@npm:cdktn)", { name: "cdktn", version: "0.24.0" }],
  ["a cdktf other than 0.21", { name: "cdktf", version: "0.20.12" }],
  ["a cdktf 0.21 prerelease", { name: "cdktf", version: "0.21.0-pre.1" }],
])("%s: no patch applies, and skipTokenCreationStacks says so by returning undefined", (_what, manifest) => {
  expect(applyWithCore(manifest)).toEqual({ fits: false, resolveChanged: false, tokenStacks: "undefined" });
});
