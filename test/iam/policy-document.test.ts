import { Fn, TerraformVariable } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { permissionsPolicyDocument, policyDocumentJson } from "../../modules/iam/policy-document";
import type { PolicyStatement } from "../../modules/iam/policy-statement";
import { liveSequences, single, statementsOf, synthJson, testStack, validationErrorOf } from "../support/helpers";

/** The `policy` a stack with one `aws_iam_policy` of these statements synthesizes to. */
function synthesized(statements: (stack: ReturnType<typeof testStack>["stack"]) => PolicyStatement[]): string {
  const { stack } = testStack();
  new IamPolicy(stack, "p", { policy: policyDocumentJson("policyStatements", statements(stack)) });
  return single(synthJson(stack), "aws_iam_policy")[1].policy;
}

describe("permissionsPolicyDocument", () => {
  test("writes IAM's form: one value as itself, no duplicates, Allow by default, Sid and Condition only when given", () => {
    expect(
      permissionsPolicyDocument([
        { actions: ["s3:GetObject", "s3:GetObject"], resources: ["arn:aws:s3:::b/*"] },
        {
          sid: "Tags",
          effect: "Deny",
          actions: ["s3:PutObject", "s3:DeleteObject"],
          resources: ["*"],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ]),
    ).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
        { Sid: "Tags", Effect: "Deny", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ],
    });
  });

  test("merges conditions with the same operator and key into one key with all their values, as aws_iam_policy_document does", () => {
    const [statement] = permissionsPolicyDocument([
      {
        actions: ["s3:GetObject"],
        resources: ["*"],
        conditions: [
          { test: "StringEquals", variable: "aws:ResourceTag/team", values: ["a"] },
          { test: "StringLike", variable: "aws:ResourceTag/team", values: ["x-*"] },
          { test: "StringEquals", variable: "aws:ResourceTag/team", values: ["b", "a"] },
        ],
      },
    ]).Statement;
    expect(statement.Condition).toEqual({ StringEquals: { "aws:ResourceTag/team": ["a", "b"] }, StringLike: { "aws:ResourceTag/team": "x-*" } });
  });
});

describe("policyDocumentJson", () => {
  test("is compact IAM JSON when every value is known", () => {
    const statements: PolicyStatement[] = [{ actions: ["s3:GetObject"], resources: ['arn:aws:s3:::b/"quoted"\\path'] }];
    const text = policyDocumentJson("p", statements);
    expect(text).toBe(JSON.stringify(permissionsPolicyDocument(statements)));
    expect(JSON.parse(text).Statement[0].Resource).toBe('arn:aws:s3:::b/"quoted"\\path');
  });

  test("writes a reference inside a JSON string as an interpolation whose value Terraform JSON-escapes", () => {
    const policy = synthesized((stack) => {
      const url = new TerraformVariable(stack, "url", { type: "string" }).stringValue;
      return [
        {
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::b/*"],
          conditions: [{ test: "StringEquals", variable: `${Fn.replace(url, "https://", "")}:sub`, values: ["system:serviceaccount:a:b"] }],
        },
      ];
    });
    expect(policy).toContain(
      `"Condition":{"StringEquals":{"\${trimsuffix(trimprefix(jsonencode(replace(var.url, "https://", "")), "\\""), "\\"")}:sub":"system:serviceaccount:a:b"}}`,
    );
    expect(statementsOf(policy)[0].condition[0].variable).toBe('${replace(var.url, "https://", "")}:sub');
  });

  test("writes a ${...} that is no cdktf token as data, which Terraform reads back as written", () => {
    const resource = 'arn:aws:s3:::${replace(var.bucket, "_", "-")}/"x"';
    const policy = synthesized(() => [{ actions: ["s3:GetObject"], resources: [resource] }]);
    expect(policy).toContain(`"Resource":"arn:aws:s3:::$\${replace(var.bucket, \\"_\\", \\"-\\")}/\\"x\\""`);
    expect(liveSequences(policy)).toEqual([]);
  });

  test("writes a ${ that is never closed, and braces around it, as data", () => {
    const resource = "arn:aws:s3:::b/${var.x/}{%{";
    const policy = synthesized(() => [{ actions: ["s3:GetObject"], resources: [resource] }]);
    expect(policy).toContain('"Resource":"arn:aws:s3:::b/$${var.x/}{%%{"');
    expect(liveSequences(policy)).toEqual([]);
  });

  test("writes IAM policy variables &{...} as $${...} and a literal %{ as %%{, which Terraform turns into ${...} and %{", () => {
    const policy = synthesized(() => [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/home/&{aws:username}/%{x}"] }]);
    expect(policy).toContain('"Resource":"arn:aws:s3:::b/home/$${aws:username}/%%{x}"');
  });

  test("writes Terraform's escape $${ as data too, next to a reference", () => {
    const policy = synthesized((stack) => {
      const bucket = new TerraformVariable(stack, "bucket", { type: "string" }).stringValue;
      return [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::$\${literal}/${bucket}/&{aws:userid}`] }];
    });
    expect(policy).toContain(`"Resource":"arn:aws:s3:::$$\${literal}/\${trimsuffix(trimprefix(jsonencode(var.bucket), "\\""), "\\"")}/$\${aws:userid}"`);
    expect(liveSequences(policy)).toEqual(['${trimsuffix(trimprefix(jsonencode(var.bucket), "\\""), "\\"")}']);
  });

  test("writes a list reference given as the whole list with jsonencode, in place of the JSON array", () => {
    const policy = synthesized((stack) => {
      const arns = new TerraformVariable(stack, "arns", { type: "list(string)" }).listValue;
      return [{ actions: ["s3:GetObject"], resources: arns }];
    });
    expect(policy).toContain('"Resource":${jsonencode(var.arns)}');
    // The review reads the list as one value, as it reads a data source's `resources = "${var.arns}"`.
    expect(statementsOf(policy)[0].resources).toEqual(["${var.arns}"]);
  });

  test("fails when a list reference sits among other values or inside a string", () => {
    const { stack } = testStack();
    const arns = new TerraformVariable(stack, "arns", { type: "list(string)" }).listValue;
    expect(validationErrorOf(() => policyDocumentJson("policyStatements", [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a", ...arns] }])).field).toBe(
      "policyStatements[0].resources[1]",
    );
    const inString = `arn:aws:s3:::${arns[0]}`;
    expect(() => policyDocumentJson("policyStatements", [{ actions: ["s3:GetObject"], resources: [inString] }])).toThrow(
      /^policyStatements\[0\]\.resources\[0\] is a list or map reference inside a string or among other values/,
    );
  });
});
