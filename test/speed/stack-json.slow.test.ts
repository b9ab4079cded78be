import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IConstruct } from "constructs";
import { Annotations, App, Aspects, type IAspect, TerraformStack } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { fastStackJson } from "../../modules/speed/stack-json";
import { differingFiles, IDENTITY_APPS, synthWithAndWithout } from "../support/synth-files";

/** Tags every IAM role, as an aspect does during synthesis. */
class TagRoles implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof IamRole) node.addOverride("tags.FromAspect", "yes");
  }
}

/** Synthesizes a small app into a fresh directory; returns every file by relative path, or the error. */
function synthSmall(options: { hcl?: boolean; errorAnnotation?: boolean } = {}): Map<string, string> | string {
  const outdir = mkdtempSync(join(tmpdir(), "stack-json-"));
  try {
    const app = new App({ outdir, hclOutput: options.hcl ?? false, stackTraces: false });
    const stack = new TerraformStack(app, "small");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const role = new IamRole(stack, "role", { name: "role", assumeRolePolicy: "{}", inlinePolicy: [], tags: {} });
    Aspects.of(stack).add(new TagRoles());
    if (options.errorAnnotation) Annotations.of(role).addError("this role is not allowed");
    app.synth();
    const files = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.set(path.slice(outdir.length), readFileSync(path, "utf8"));
      }
    };
    walk(outdir);
    return files;
  } catch (error) {
    return `error: ${(error as Error).message}`;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** `synthSmall` with cdktf's own synthesizer and with the patch. */
function bothWays(options: Parameters<typeof synthSmall>[0]): { cdktf: ReturnType<typeof synthSmall>; patched: ReturnType<typeof synthSmall> } {
  const cdktf = synthSmall(options);
  const restore = fastStackJson();
  try {
    return { cdktf, patched: synthSmall(options) };
  } finally {
    restore!();
  }
}

const synthesizerPrototype = (): { synthesize: unknown } => require("cdktf/lib/synthesize/synthesizer").StackSynthesizer.prototype;

describe("fastStackJson", () => {
  test("replaces StackSynthesizer.prototype.synthesize, until restored", () => {
    const original = synthesizerPrototype().synthesize;
    const restore = fastStackJson();
    expect(restore).toBeInstanceOf(Function);
    expect(synthesizerPrototype().synthesize).not.toBe(original);
    restore!();
    expect(synthesizerPrototype().synthesize).toBe(original);
  });

  test("writes the same files as cdktf, aspects applied", () => {
    const { cdktf, patched } = bothWays({});
    expect(typeof cdktf).not.toBe("string");
    const json = (cdktf as Map<string, string>).get("/stacks/small/cdk.tf.json")!;
    expect(json).toContain('"FromAspect": "yes"');
    expect(json).toMatch(/"inline_policy": \[\n\s+\]/);
    expect(patched).toEqual(cdktf);
  });

  test("writes the same HCL output and metadata as cdktf", () => {
    const { cdktf, patched } = bothWays({ hcl: true });
    expect([...(cdktf as Map<string, string>).keys()]).toContain("/stacks/small/cdk.tf");
    expect(patched).toEqual(cdktf);
  });

  test("fails when a construct carries an error annotation, as cdktf does", () => {
    const { cdktf, patched } = bothWays({ errorAnnotation: true });
    expect(cdktf).toMatch(/^error: .*this role is not allowed/s);
    expect(patched).toBe(cdktf);
  });

  test.each(IDENTITY_APPS)("leaves every file of $name byte-identical", ({ config }) => {
    const { unpatched, patched } = synthWithAndWithout(config, fastStackJson);
    expect(unpatched.size).toBeGreaterThan(6);
    expect(differingFiles(unpatched, patched)).toEqual([]);
  });
});
