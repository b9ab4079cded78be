import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { EXAMPLE_PLATFORM_CONFIG_FILE, PACKAGE_ROOT, PLATFORM_JSON_SCHEMA_FILE, platformJsonSchema, platformJsonSchemaText } from "../../modules/config";

const example = (): any => JSON.parse(readFileSync(EXAMPLE_PLATFORM_CONFIG_FILE, "utf8"));

describe("the JSON Schema (schema/platform.schema.json)", () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(platformJsonSchema());
  /** ajv's errors as `<instance path> <message>`. */
  const errors = (config: unknown): string[] => (validate(config) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

  test("is the one generated from the schema (run `npm run schema` after changing modules/config/schema.ts)", () => {
    expect(readFileSync(PLATFORM_JSON_SCHEMA_FILE, "utf8")).toBe(platformJsonSchemaText());
  });

  test("ships with the package, and the example points at it with $schema", () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8"));
    expect(manifest.files).toEqual(expect.arrayContaining(["schema/platform.schema.json", "platform.json"]));
    expect(example().$schema).toBe("./schema/platform.schema.json");
    expect(join(PACKAGE_ROOT, example().$schema)).toBe(PLATFORM_JSON_SCHEMA_FILE);
  });

  test("accepts the example (ajv, JSON Schema 2020-12, strict mode)", () => {
    expect(errors(example())).toEqual([]);
  });

  test("documents the fields for editors", () => {
    const schema = platformJsonSchema() as any;
    expect(schema.$ref).toBeUndefined();
    expect(schema.title).toBe("cdktf-eks-irsa platform configuration");
    expect(schema.$defs.Workload.properties.mechanism).toMatchObject({ enum: ["irsa", "podIdentity", "both"], description: expect.stringContaining("EKS Pod Identity") });
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
      '/environments/0/workloads/0/serviceAccounts/0/namespace must match pattern "^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$"',
    ]);
  });

  test("rejects a configuration without environments", () => {
    expect(errors({ $schema: "./schema/platform.schema.json" })).toEqual([" must have required property 'environments'"]);
  });
});
