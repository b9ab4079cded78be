import type { Construct } from "constructs";
import { Lazy, S3Backend, TerraformElement, TerraformOutput, TerraformStack, Testing, Token } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { singlePassStackToTerraform } from "../../modules/speed/stack-to-terraform";
import { differingFiles, IDENTITY_APPS, synthWithAndWithout } from "../support/synth-files";

/** An element that contributes a fixed JSON fragment to its stack. */
class Fragment extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly fragment: unknown,
  ) {
    super(scope, id);
  }
  public toTerraform(): any {
    return this.fragment;
  }
}

/** A stack with a provider, two roles, an output and a backend. */
function regularStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "stack");
  new S3Backend(stack, { bucket: "state", key: "stack.tfstate", region: "eu-west-1" });
  new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: { Team: "platform" } }] });
  const a = new IamRole(stack, "a", { name: "a", assumeRolePolicy: "{}", tags: { Empty: "" } });
  new IamRole(stack, "b", { name: Token.asString(Lazy.stringValue({ produce: () => "b" })), assumeRolePolicy: a.arn, dependsOn: [a] });
  new TerraformOutput(stack, "arn", { value: a.arn });
  return stack;
}

/** A stack's `toTerraform()` with cdktf's own code and with the patch: JSON text (key order included) or error. */
function bothWays(stack: () => TerraformStack): { cdktf: string; patched: string } {
  const text = (s: TerraformStack): string => {
    try {
      return JSON.stringify(s.toTerraform());
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  };
  const cdktf = text(stack());
  const restore = singlePassStackToTerraform();
  try {
    return { cdktf, patched: text(stack()) };
  } finally {
    restore!();
  }
}

const stackPrototype = (): { toTerraform: unknown } => require("cdktf/lib/terraform-stack").TerraformStack.prototype;

describe("singlePassStackToTerraform", () => {
  test("replaces TerraformStack.prototype.toTerraform, until restored", () => {
    const original = stackPrototype().toTerraform;
    const restore = singlePassStackToTerraform();
    expect(restore).toBeInstanceOf(Function);
    expect(stackPrototype().toTerraform).not.toBe(original);
    restore!();
    expect(stackPrototype().toTerraform).toBe(original);
  });

  test("returns what cdktf returns for a regular stack: metadata, outputs, resources, key order", () => {
    const { cdktf, patched } = bothWays(regularStack);
    expect(cdktf).toContain('"backend":"s3"');
    expect(cdktf).toContain('"outputs":{"stack":{"arn":"arn"}}');
    expect(cdktf).not.toContain("cloud");
    expect(patched).toBe(cdktf);
  });

  test("skips the second resolve of the whole stack, and drops the metadata's undefined entries as it would", () => {
    // GIVEN a record of the stack-level resolves (the merged stack is the object with a "//" key)
    const tokens = require("cdktf/lib/_tokens") as { resolve: (scope: unknown, obj: unknown, preparing?: boolean) => unknown };
    const resolve = tokens.resolve;
    const wholeStackResolves = (stack: TerraformStack): number => {
      let count = 0;
      tokens.resolve = (scope, obj, preparing) => {
        if (typeof obj === "object" && obj !== null && "//" in obj) count++;
        return resolve(scope, obj, preparing);
      };
      try {
        stack.toTerraform();
      } finally {
        tokens.resolve = resolve;
      }
      return count;
    };
    const restore = singlePassStackToTerraform();
    try {
      // WHEN / THEN: a regular stack is not resolved a second time
      const stack = regularStack();
      expect(wholeStackResolves(stack)).toBe(0);
      const tf = stack.toTerraform() as { "//": { metadata: Record<string, unknown> } };
      expect(Object.keys(tf["//"].metadata)).not.toContain("cloud");
      // a stack with overrides of its own is
      stack.addOverride("terraform.required_version", ">= 1.5");
      expect(wholeStackResolves(stack)).toBe(1);
    } finally {
      restore!();
    }
    // cdktf's own code always resolves it again
    expect(wholeStackResolves(regularStack())).toBe(1);
  });

  test("resolves the whole stack again when the stack has overrides of its own", () => {
    const { cdktf, patched } = bothWays(() => {
      const stack = regularStack();
      stack.addOverride("terraform.required_version", ">= 1.5");
      stack.addOverride("resource.aws_iam_role.a.description", Token.asString(Lazy.stringValue({ produce: () => "from a token" })));
      stack.addOverride("resource.aws_iam_role.a.managed_policy_arns", ["x", undefined, "y"]);
      return stack;
    });
    expect(cdktf).toContain('"description":"from a token"');
    expect(cdktf).toContain('"managed_policy_arns":["x","y"]');
    expect(patched).toBe(cdktf);
  });

  test("merges fragments that meet at the same keys as cdktf does", () => {
    const { cdktf, patched } = bothWays(() => {
      const stack = new TerraformStack(Testing.app(), "stack");
      new Fragment(stack, "one", { locals: { list: [1], map: { a: 1 } }, data: { x: { y: { v: 1 } } } });
      new Fragment(stack, "two", { locals: { list: [2], map: { b: undefined, c: [] } }, data: { x: { y: { w: null } } } });
      // An object merged into an array, and a value that is a token object.
      new Fragment(stack, "three", { locals: { list: { odd: true }, token: Lazy.anyValue({ produce: () => ({ t: 1 }) }) } });
      return stack;
    });
    expect(cdktf).toContain('"list":[1,2]');
    expect(patched).toBe(cdktf);
  });

  test("fails when an element's JSON is not an object, as cdktf does", () => {
    const { cdktf, patched } = bothWays(() => {
      const stack = new TerraformStack(Testing.app(), "stack");
      new Fragment(stack, "bad", "not an object");
      return stack;
    });
    expect(cdktf).toMatch(/^error: /);
    expect(patched).toBe(cdktf);
  });

  test("leaves the stack's overrides and elements as they were", () => {
    const restore = singlePassStackToTerraform();
    try {
      const stack = regularStack();
      const first = JSON.stringify(stack.toTerraform());
      expect(JSON.stringify(stack.toTerraform())).toBe(first);
      expect((stack as unknown as { rawOverrides: object }).rawOverrides).toEqual({});
    } finally {
      restore!();
    }
  });

  test.each(IDENTITY_APPS)("leaves every file of $name byte-identical", ({ config }) => {
    const { unpatched, patched } = synthWithAndWithout(config, singlePassStackToTerraform);
    expect(unpatched.size).toBeGreaterThan(6);
    expect(differingFiles(unpatched, patched)).toEqual([]);
  });
});
