import { Lazy } from "cdktf";
import { skipTokenCreationStacks } from "../../modules/speed/token-stacks";
import { IDENTITY_APPS, synthFiles } from "../support/synth-files";

/** Every file the example app synthesizes, by path under the output directory. */
function synthExample(): Map<string, Buffer> {
  return synthFiles(IDENTITY_APPS[0].config);
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
    let withoutStacks: Map<string, Buffer>;
    try {
      withoutStacks = synthExample();
    } finally {
      restore!();
    }
    expect(withStacks.size).toBeGreaterThan(6);
    expect(withoutStacks).toEqual(withStacks);
  });
});
