import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { policyDocumentSize, TOKEN_SIZE_ESTIMATE } from "../../modules/iam/iam-limits";
import { policyDocumentJson } from "../../modules/iam/policy-document";
import type { PolicyStatement } from "../../modules/iam/policy-statement";

describe("policyDocumentSize", () => {
  test("counts the document as the constructs write it (policyDocumentJson), without white space", () => {
    const statements: PolicyStatement[] = [
      { sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] },
      {
        effect: "Deny",
        actions: ["s3:PutObject", "s3:DeleteObject", "s3:PutObject"],
        resources: ["*"],
        conditions: [
          { test: "StringEquals", variable: "aws:ResourceTag/team", values: ["a"] },
          { test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["a", "b"] },
        ],
      },
    ];
    const size = policyDocumentSize(statements);
    const expected = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
        {
          Effect: "Deny",
          Action: ["s3:PutObject", "s3:DeleteObject"],
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceTag/team": "a", "aws:PrincipalTag/team": ["a", "b"] } },
        },
      ],
    });
    expect(size).toEqual({ known: expected.length, tokens: 0, estimate: expected.length });
    expect(policyDocumentJson("p", statements)).toBe(expected);
  });

  test("counts two conditions with the same operator and key as one key with both values, as IAM receives them", () => {
    const condition = (value: string) => ({ test: "StringEquals", variable: "aws:ResourceTag/team", values: [value] });
    const merged = policyDocumentSize([{ actions: ["s3:GetObject"], resources: ["*"], conditions: [condition("a"), condition("b")] }]);
    const one = policyDocumentSize([{ actions: ["s3:GetObject"], resources: ["*"], conditions: [{ ...condition("a"), values: ["a", "b"] }] }]);
    expect(merged).toEqual(one);
  });

  test("counts values only known at apply time apart, each estimated at TOKEN_SIZE_ESTIMATE characters", () => {
    const outdir = mkdtempSync(join(tmpdir(), "iam-limits-"));
    try {
      const stack = new TerraformStack(new App({ outdir }), "s");
      const arn = new TerraformVariable(stack, "arn", {}).stringValue;
      const list = new TerraformVariable(stack, "list", {}).listValue;
      const literal = policyDocumentSize([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*", "/*"] }]);
      const withTokens = policyDocumentSize([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*", `${arn}/*`, ...list] }]);
      // The token's own text is not counted; the list element adds its quotes and comma.
      expect(withTokens.tokens).toBe(2);
      expect(withTokens.known).toBe(literal.known + 3);
      expect(withTokens.estimate).toBe(withTokens.known + 2 * TOKEN_SIZE_ESTIMATE);
      expect(TOKEN_SIZE_ESTIMATE).toBe(80);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("counts a Terraform interpolation written in a string as a value known at apply time", () => {
    const size = policyDocumentSize([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::${var.bucket}/*"] }]);
    expect(size.tokens).toBe(1);
    expect(size.known).toBe(policyDocumentSize([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::/*"] }]).known);
  });
});
