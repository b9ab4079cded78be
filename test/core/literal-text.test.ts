import { Fn, TerraformOutput, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { liveSequences } from "../../modules/core/hcl-template";
import { dataString, dataValue, escapeTemplate, holdsTemplateSequence, literalText, writeAsData } from "../../modules/core/literal-text";
import { single, synthJson, testStack } from "../support/helpers";

const PLANTED = '${file("/etc/passwd")} %{ if true }x%{ endif }';

describe("escapeTemplate", () => {
  test("writes ${ as $${ and %{ as %%{, which Terraform reads back as written", () => {
    expect(escapeTemplate(`a ${PLANTED} $\${b} %%{c} $ % {`)).toBe('a $${file("/etc/passwd")} %%{ if true }x%%{ endif } $$${b} %%%{c} $ % {');
    expect(liveSequences(escapeTemplate(PLANTED))).toEqual([]);
  });
});

describe("holdsTemplateSequence and dataString", () => {
  test("find ${ and %{ outside cdktf's token markers only", () => {
    const { stack } = testStack();
    const ref = new TerraformVariable(stack, "v", { type: "string" }).stringValue;
    expect(holdsTemplateSequence(ref)).toBe(false);
    expect(holdsTemplateSequence(`a-${ref}-b`)).toBe(false);
    expect(holdsTemplateSequence(`a-${ref}-%{b}`)).toBe(true);
    expect(holdsTemplateSequence("plain $ and { and %")).toBe(false);
  });

  test("keeps a string without a sequence as it is, and is idempotent", () => {
    expect(dataString("arn:aws:s3:::b/*")).toBe("arn:aws:s3:::b/*");
    const once = dataString(PLANTED);
    expect(Token.isUnresolved(once)).toBe(true);
    expect(dataString(once)).toBe(once);
  });

  test("dataValue copies only what changes, keys included, and leaves cdktf's comments alone", () => {
    const untouched = { a: ["x", { b: "y" }], "//": { c: "${x}" } };
    expect(dataValue(untouched)).toBe(untouched);
    const changed = dataValue({ a: "x", [`k${PLANTED}`]: [PLANTED], "//": { c: "${x}" } });
    expect(Object.keys(changed)[0]).toBe("a");
    expect(Token.isUnresolved(Object.keys(changed)[1])).toBe(true);
    expect(changed["//"]).toEqual({ c: "${x}" });
  });
});

describe("writeAsData", () => {
  function synthesized(description: (stack: ReturnType<typeof testStack>["stack"]) => string, data = true) {
    const { stack } = testStack();
    const scope = new Construct(stack, "scope");
    if (data) writeAsData(scope);
    new IamRole(scope, "role", { name: "r", assumeRolePolicy: "{}", description: description(stack), tags: { [`k${PLANTED}`]: "v" } });
    return single(synthJson(stack), "aws_iam_role")[1];
  }

  test("writes the literal parts of every string of the elements in the scope as data, keys included", () => {
    const role = synthesized(() => `d ${PLANTED}`);
    expect(role.description).toBe('d $${file("/etc/passwd")} %%{ if true }x%%{ endif }');
    expect(Object.keys(role.tags)).toEqual(['k$${file("/etc/passwd")} %%{ if true }x%%{ endif }']);
    expect(liveSequences(JSON.stringify(role))).toEqual([]);
  });

  test("keeps cdktf's tokens live next to the literal parts", () => {
    const role = synthesized((stack) => `a \${${new TerraformVariable(stack, "v", { type: "string" }).stringValue}} %{b}`);
    expect(role.description).toBe("a $${${var.v}} %%{b}");
    expect(liveSequences(role.description)).toEqual(["${var.v}"]);
  });

  test("leaves elements outside the scopes it was given alone", () => {
    expect(synthesized(() => "${var.x}", false).description).toBe("${var.x}");
  });
});

describe("literalText", () => {
  test("is the text itself in a template and a quoted string inside an expression", () => {
    const { stack } = testStack();
    const text = 'a ${b} %{c} "d" \\ \n\t\b';
    new TerraformOutput(stack, "plain", { value: literalText(text) });
    new TerraformOutput(stack, "expression", { value: Fn.jsonencode({ k: literalText(text) }) });
    const outputs = synthJson(stack).output!;
    expect(outputs.plain.value).toBe('a $${b} %%{c} "d" \\ \n\t\b');
    expect(outputs.expression.value).toBe('${jsonencode({"k" = "a $${b} %%{c} \\"d\\" \\\\ \\n\\t\\u0008"})}');
  });
});
