/**
 * The two ways into the constructs, side by side: a configuration file (`PlatformConfigSource.parse`,
 * the schema, then the Platform) and TypeScript (`new Platform(app, { config })` with the same
 * object). test/platform/one-rule.test.ts holds them to one rule per input: for any value, both
 * accept it, or both refuse it with the same field and problem.
 */
import fc from "fast-check";
import { Testing } from "cdktf";
import { ValidationError, ValidationErrors } from "../../modules/core/errors";
import { PlatformConfigSource } from "../../modules/platform/config-file";
import type { PlatformConfig } from "../../modules/platform/config";
import { Platform } from "../../modules/platform/platform";
import { copyOf, type Input, inputsOf, isPlatformMap, withInput } from "./input-walk";

/** A refusal: the field and what is wrong. */
export interface Refusal {
  readonly field: string;
  readonly problem: string;
}

/** What a way in made of a configuration: accepted, or refused with these errors. */
export type Verdict = "accepted" | readonly Refusal[];

function refusals(error: unknown): readonly Refusal[] {
  const errors = error instanceof ValidationErrors ? error.errors : error instanceof ValidationError ? [error] : undefined;
  if (errors === undefined) throw error;
  return errors.map((e) => ({ field: e.field, problem: e.problem }));
}

/** The schema's verdict on a configuration written to a file (its errors, before any construct). */
export function schemaVerdict(config: unknown): Verdict {
  try {
    PlatformConfigSource.parse(JSON.stringify(config), "platform.json");
    return "accepted";
  } catch (error) {
    return refusals(error);
  }
}

/** The constructs' verdict on a configuration given in TypeScript: the Platform built from the object. */
export function typescriptVerdict(config: unknown): Verdict {
  try {
    new Platform(Testing.app(), { config: config as PlatformConfig });
    return "accepted";
  } catch (error) {
    return refusals(error);
  }
}

/**
 * Whether the two ways agree on a configuration. When the schema accepts it, the file's way builds the
 * same Platform from the same values as TypeScript does, so they agree; when the schema refuses it,
 * TypeScript must refuse it too, with an error the file reports (same field, same problem).
 */
export function disagreement(config: unknown): string | undefined {
  const schema = schemaVerdict(config);
  if (schema === "accepted") return undefined;
  const typescript = typescriptVerdict(config);
  if (typescript === "accepted") return `the file refuses it (${described(schema)}), TypeScript accepts it`;
  const [first] = typescript;
  if (schema.some((r) => r.field === first.field && r.problem === first.problem)) return undefined;
  return `the file says ${described(schema)}, TypeScript says ${described(typescript)}`;
}

function described(verdict: Verdict): string {
  return verdict === "accepted" ? "accepted" : verdict.map((r) => `${r.field} ${r.problem}`).join("; ");
}

/** The part of a configuration an input needs: its environment alone, with only its workload or add-on (smaller Platforms build faster). */
export function prunedFor(config: Record<string, any>, input: Input): { config: Record<string, any>; input: Input } {
  const [first, index, part, partIndex] = input.path;
  if (first !== "environments") {
    return { config: { ...copyOf(config), environments: [minimalEnvironment(config.environments[0])] }, input };
  }
  const environment = config.environments[index as number];
  const pruned = minimalEnvironment(environment);
  let rest = input.path.slice(2);
  if (part === "workloads") {
    pruned.workloads = [copyOf(environment.workloads[partIndex as number])];
    rest = ["workloads", 0, ...input.path.slice(4)];
  } else if (part === "cluster") {
    pruned.cluster = copyOf(environment.cluster);
    if (input.path[3] === "addons" && input.path.length > 4) pruned.cluster.addons = { [input.path[4]]: environment.cluster.addons[input.path[4]] };
    else delete pruned.cluster.addons;
  }
  const path = ["environments", 0, ...rest];
  const top = copyOf(config);
  top.environments = [pruned];
  return { config: top, input: { ...input, path } };
}

function minimalEnvironment(environment: Record<string, any>): Record<string, any> {
  return { name: environment.name, region: environment.region, cluster: { clusterName: environment.cluster.clusterName, vpc: {} }, workloads: [] };
}

/** Every input of a platform configuration (leaves and map keys). */
export function platformInputs(config: unknown): Input[] {
  return inputsOf(config, isPlatformMap);
}

/** Values to put in place of an input: of its JSON type, many of them invalid, some near the value it has. */
export function valuesFor(input: Input): fc.Arbitrary<unknown> {
  const value = input.value;
  if (typeof value === "boolean") return fc.boolean();
  if (typeof value === "number") {
    return fc.oneof(
      fc.integer({ min: -2, max: 100_000 }),
      fc.constantFrom(0, 1, value - 1, value + 1, value * 1000, 0.5, value + 0.5),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
    );
  }
  const text = String(value);
  return fc.oneof(
    fc.constantFrom(
      "",
      " ",
      "*",
      "a*",
      `${text}*`,
      `${text}?`,
      `${text}x`,
      `${text}-`,
      `-${text}`,
      text.toUpperCase(),
      `${text}_x`,
      `${text}.x`,
      `${text}/x`,
      `${text} x`,
      text.slice(1),
      text.slice(0, -1),
      text.repeat(30),
      text.replace(/^arn:aws:/, "arn:aws-cn:"),
      text.replace(/:\d{12}:/, ":12345:"),
      "__proto__",
      "aws:x",
      "StringLike",
      "NullIfExists",
      ":x",
      "1.99",
      "1.22",
    ),
    fc.string({ maxLength: 12 }),
    fc.stringMatching(/^[a-z0-9:/*?._-]{1,16}$/),
  );
}

/** A copy of a configuration with one input replaced (see `withInput`). */
export function withValue<T>(config: T, input: Input, value: unknown): T {
  return withInput(config, input, value);
}

/**
 * The agreement of the two ways on every input of a platform that `which` selects: each gets
 * generated values (valid and invalid, of its JSON type, many near the value it has). The slow
 * suites split the full platform's inputs over several files, so that each runs in a worker of its own.
 */
export function describeAgreement(name: string, platform: Record<string, unknown>, which: (field: string) => boolean): void {
  describe(name, () => {
    const inputs = platformInputs(platform).filter((input) => which(input.field));
    test.each(inputs.map((input) => [input.field + (input.isKey ? " (a key)" : ""), input] as const))("%s", (_field, input) => {
      const { config, input: at } = prunedFor(platform, input);
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
