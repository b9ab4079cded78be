import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PACKAGE_ROOT, PLATFORM_JSON_SCHEMA_FILE } from "../../modules/platform/config-file";
import { PLATFORM_CONFIG_REFERENCE_FILE, platformConfigReference, platformJsonSchema, platformJsonSchemaText } from "../../modules/platform/json-schema";
import { EXAMPLE_SCENARIOS } from "../support/examples";

const example = (): any => JSON.parse(readFileSync(EXAMPLE_PLATFORM_CONFIG_FILE, "utf8"));
/** Every platform file of the examples (test/support/examples.ts), relative to the repository. */
const EXAMPLE_PLATFORMS = EXAMPLE_SCENARIOS.flatMap((s) => s.platforms.map((file) => `${s.dir}/${file}`));
const platformFile = (file: string): any => JSON.parse(readFileSync(join(PACKAGE_ROOT, file), "utf8"));

describe("the JSON Schema (schema/platform.schema.json)", () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(platformJsonSchema());
  /** ajv's errors as `<instance path> <message>`. */
  const errors = (config: unknown): string[] => (validate(config) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

  test("is the one generated from the schema (run `npm run schema` after changing modules/platform/config-schema.ts)", () => {
    expect(readFileSync(PLATFORM_JSON_SCHEMA_FILE, "utf8")).toBe(platformJsonSchemaText());
  });

  test("ships with the package, and every example platform points at it with $schema", () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8"));
    expect(manifest.files).toEqual(expect.arrayContaining(["schema/platform.schema.json", "examples/platform/platform.json"]));
    expect(join(dirname(EXAMPLE_PLATFORM_CONFIG_FILE), example().$schema)).toBe(PLATFORM_JSON_SCHEMA_FILE);
    for (const file of EXAMPLE_PLATFORMS) expect(join(PACKAGE_ROOT, dirname(file), platformFile(file).$schema)).toBe(PLATFORM_JSON_SCHEMA_FILE);
    // The user's own platform.json is checked by test/first-platform.slow.test.ts: no test of npm test reads it.
  });

  test("accepts the example platforms (ajv, JSON Schema 2020-12, strict mode)", () => {
    expect(errors(example())).toEqual([]);
    for (const file of EXAMPLE_PLATFORMS) expect(`${file}: ${errors(platformFile(file)).join(", ")}`).toBe(`${file}: `);
  });

  test("documents the fields for editors", () => {
    const schema = platformJsonSchema() as any;
    expect(schema.$ref).toBeUndefined();
    expect(schema.title).toBe("cdktf-eks-irsa platform configuration");
    expect(schema.$defs.Workload.properties.mechanism).toMatchObject({
      enum: ["irsa", "podIdentity", "both"],
      description: expect.stringContaining("EKS Pod Identity"),
    });
    expect(schema.$defs.Cluster.properties.clusterName.description).toMatch(/^The cluster's name/);
  });

  test("rejects an unknown key, a wrong type, a value outside an enum and a bad name, as an editor would flag them", () => {
    const broken = example();
    broken.environments[0].regoin = "eu-west-1";
    broken.environments[0].workloads[0].policyStatements[0].actions = "s3:GetObject";
    broken.environments[0].workloads[0].mechanism = "kiam";
    broken.environments[0].workloads[0].serviceAccounts[0].namespace = "Reports";
    broken.environments[0].cluster.nodeGroups.default.minSize = 1.5;
    expect(errors(broken).sort()).toEqual([
      "/environments/0 must NOT have additional properties",
      "/environments/0/cluster/nodeGroups/default/minSize must be integer",
      "/environments/0/workloads/0/mechanism must be equal to one of the allowed values",
      "/environments/0/workloads/0/policyStatements/0/actions must be array",
      '/environments/0/workloads/0/serviceAccounts/0/namespace must match pattern "^(?=.{1,63}$)[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$"',
    ]);
  });

  test("rejects a configuration without environments", () => {
    expect(errors({ $schema: "./schema/platform.schema.json" })).toEqual([" must have required property 'environments'"]);
  });
});

describe("the configuration reference (schema/platform.reference.md)", () => {
  test("is the one generated from the JSON Schema (run `npm run schema` after changing modules/platform/config-schema.ts)", () => {
    expect(readFileSync(PLATFORM_CONFIG_REFERENCE_FILE, "utf8")).toBe(platformConfigReference());
  });

  test("has a table per object, each field with its type, whether it is required and its description", () => {
    const reference = platformConfigReference();
    const headings = [...reference.matchAll(/^### `(\w+)`$/gm)].map((m) => m[1]);
    expect(headings).toEqual(
      expect.arrayContaining(["PlatformConfig", "Environment", "Cluster", "NodeGroupOptions", "Workload", "WorkloadServiceAccount", "PolicyStatement"]),
    );
    expect(reference).toContain(
      "| `environments` (required) | list of [`Environment`](#environment) (at least 1) | The environments, each synthesized into its own pair of stacks. |",
    );
    expect(reference).toContain('| `mechanism` | `"irsa"` \\| `"podIdentity"` \\| `"both"` |');
    expect(reference).toContain("| `maxSessionDuration` | integer 3600-43200 |");
    // Placeholders like <name> are escaped, so that Markdown renderers do not take them for HTML.
    expect(reference).not.toMatch(/<name>/);
  });
});
