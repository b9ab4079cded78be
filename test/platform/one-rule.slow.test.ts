import fc from "fast-check";
import { FULL_PLATFORM, S3_STATE_PLATFORM } from "../support/full-platform";
import { disagreement, platformInputs, prunedFor, valuesFor, withValue } from "../support/agreement";

/**
 * One rule per input, for every input: each leaf and map key of the full platforms gets generated
 * values (valid and invalid, of its JSON type, many near the value it has), and the configuration
 * file and TypeScript accept and refuse each alike, with the same field and words
 * (test/support/agreement.ts says how the two ways are compared).
 */

jest.setTimeout(1_800_000);

for (const [name, platform] of [
  ["the full platform", FULL_PLATFORM],
  ["a platform with S3 state", S3_STATE_PLATFORM],
] as const) {
  describe(name, () => {
    test.each(platformInputs(platform).map((input) => [input.field + (input.isKey ? " (a key)" : ""), input] as const))("%s", (_field, input) => {
      const { config, input: at } = prunedFor(platform as Record<string, unknown>, input);
      fc.assert(
        fc.property(valuesFor(at), (value) => {
          const problem = disagreement(withValue(config, at, value));
          if (problem !== undefined) throw new Error(problem);
        }),
        { numRuns: 12, seed: 20 },
      );
    });
  });
}
