import { speedUpSynthesis } from "../../modules/speed/synthesis-speed";
import { differingFiles, IDENTITY_APPS, synthWithAndWithout } from "../support/synth-files";

/** The cdktf internals the patches replace, as they are now. */
function internals(): unknown[] {
  return [
    require("cdktf/lib/tokens/private/resolve").resolve,
    require("cdktf/lib/terraform-stack").TerraformStack.prototype.toTerraform,
    require("cdktf/lib/synthesize/synthesizer").StackSynthesizer.prototype.synthesize,
  ];
}

describe("speedUpSynthesis", () => {
  test("applies every patch, and restores cdktf's own code", () => {
    // GIVEN
    const before = internals();

    // WHEN
    const restore = speedUpSynthesis();

    // THEN
    const patched = internals();
    patched.forEach((fn, i) => expect(fn).not.toBe(before[i]));
    restore();
    expect(internals()).toEqual(before);
  });

  test.each(IDENTITY_APPS)("leaves every file of $name byte-identical", ({ config }) => {
    const { unpatched, patched } = synthWithAndWithout(config, speedUpSynthesis);
    expect(unpatched.size).toBeGreaterThan(6);
    expect(differingFiles(unpatched, patched)).toEqual([]);
  });
});
