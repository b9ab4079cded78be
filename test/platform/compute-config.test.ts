import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { ValidationErrors } from "../../modules/core/errors";
import { PACKAGE_ROOT, PlatformConfigSource } from "../../modules/platform/config-file";
import { platformJsonSchema } from "../../modules/platform/json-schema";

/** The compute example (Auto Mode, Fargate) as a mutable object. */
const COMPUTE_TEXT = readFileSync(join(PACKAGE_ROOT, "examples", "compute", "platform.json"), "utf8");
const compute = (): any => JSON.parse(COMPUTE_TEXT);

/** The error lines of a configuration, written as two-space JSON, without their positions. */
function problems(config: object): string[] {
  try {
    PlatformConfigSource.parse(JSON.stringify(config, null, 2), "platform.json");
  } catch (error) {
    if (error instanceof ValidationErrors) return error.errors.map((e) => e.message.replace(/^platform\.json:\d+:\d+: /, ""));
    throw error;
  }
  throw new Error("expected ValidationErrors");
}

describe("the configuration of compute modes, add-ons and logging (issue 23)", () => {
  test("the compute example is valid for the app and for the JSON Schema editors use", () => {
    expect(PlatformConfigSource.parse(COMPUTE_TEXT, "platform.json").config.environments).toHaveLength(2);
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(platformJsonSchema());
    expect(validate(compute()) ? [] : validate.errors).toEqual([]);
  });

  test("fails on each bad value with the constructs' rule, at its field", () => {
    const config = compute();
    const [auto, fargate] = config.environments;
    auto.cluster.autoMode.nodePools = ["gpu"];
    auto.cluster.logGroup.retentionDays = 100;
    auto.cluster.eksAddons["metrics-server"] = { version: "0.7.2", configurationValues: { replicas: 2 }, resolveConflictsOnUpdate: "KEEP" };
    auto.cluster.eksAddons["external-dns"].role.mechanism = "both";
    fargate.cluster.fargateProfiles.reports.selectors = [{ namespace: "Reports" }];
    fargate.cluster.fargateProfiles["bad name"] = { selectors: [{ namespace: "a" }] };
    fargate.cluster.fargatePodExecutionRole.path = "eks";
    expect(problems(config).sort()).toEqual(
      [
        'environments[0].cluster.autoMode.nodePools[0] "gpu" is invalid: allowed values are general-purpose, system',
        "environments[0].cluster.logGroup.retentionDays 100 is invalid: CloudWatch Logs keeps logs for 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days",
        'environments[0].cluster.eksAddons.metrics-server.version "0.7.2" is invalid: expected an EKS add-on version such as v1.19.2-eksbuild.1',
        'environments[0].cluster.eksAddons.metrics-server.resolveConflictsOnUpdate "KEEP" is invalid: allowed values are NONE, OVERWRITE, PRESERVE',
        'environments[0].cluster.eksAddons.external-dns.role.mechanism "both" is invalid: allowed values are irsa, podIdentity',
        "environments[1].cluster.fargateProfiles.reports.selectors[0].namespace \"Reports\" is invalid: a namespace is a DNS-1123 label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit ('*' and '?' allowed as StringLike wildcards)",
        `environments[1].cluster.fargateProfiles key "bad name" is invalid: a Fargate profile name has 1-100 letters, digits, '-' or '_', starting with a letter or digit`,
        `environments[1].cluster.fargatePodExecutionRole.path "eks" is invalid: an IAM path is '/' or starts and ends with '/', with printable ASCII and no spaces between, at most 512 characters`,
      ].sort(),
    );
  });

  test("fails when an add-on's name is malformed, or its configuration values are not an object", () => {
    const config = compute();
    config.environments[0].cluster.eksAddons["Metrics Server"] = {};
    config.environments[1].cluster.coreAddons.vpcCni.configurationValues = "env: {}";
    expect(problems(config)).toEqual([
      `environments[0].cluster.eksAddons key "Metrics Server" is invalid: an EKS add-on name has 1-100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, such as snapshot-controller or kubecost_kubecost`,
      'environments[1].cluster.coreAddons.vpcCni.configurationValues "env: {}" is invalid: expected an object {...}',
    ]);
  });
});
