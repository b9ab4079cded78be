/**
 * The renaming that makes the CDK Terrain package of the same build (tools/cdktn-package.ts): module
 * specifiers of the core and of the AWS bindings, in every form tsc writes them, and nothing else.
 * test/package-cores.test.ts checks the whole package, installed and synthesized.
 */
import { rewriteCoreImports } from "../../tools/cdktn-package";

describe("rewriteCoreImports", () => {
  test.each([
    ['const cdktf_1 = require("cdktf");', 'const cdktf_1 = require("cdktn");'],
    ['const r = require("cdktf/lib/tokens/private/resolve");', 'const r = require("cdktn/lib/tokens/private/resolve");'],
    ['const f = require.resolve("cdktf/lib/synthesize/synthesizer");', 'const f = require.resolve("cdktn/lib/synthesize/synthesizer");'],
    ['const m = require("cdktf/package.json");', 'const m = require("cdktn/package.json");'],
    ['const p = require("@cdktf/provider-aws/lib/iam-role");', 'const p = require("@cdktn/provider-aws/lib/iam-role");'],
    [
      'import { Construct } from "constructs";\nimport { TerraformStack } from "cdktf";',
      'import { Construct } from "constructs";\nimport { TerraformStack } from "cdktn";',
    ],
    ["import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';", "import type { IamRole } from '@cdktn/provider-aws/lib/iam-role';"],
    ['readonly stack: import("cdktf").TerraformStack;', 'readonly stack: import("cdktn").TerraformStack;'],
    ['export { Fn } from "cdktf";', 'export { Fn } from "cdktn";'],
    ['import "cdktf/lib/private/fs";', 'import "cdktn/lib/private/fs";'],
  ])("renames %j", (text, expected) => {
    expect(rewriteCoreImports(text, "x.js")).toBe(expected);
  });

  test.each([
    ['exports.MANAGED_BY_TAG = { ManagedBy: "cdktf-eks-irsa" };'],
    ['const WRITTEN_FOR = { name: "cdktf", version: /^0\\.21\\.\\d+$/ };'],
    ['require("cdktf-eks-irsa/speed");'],
    ["log(`cdktf-eks-irsa: configuration ${file}`);"],
    ["// cdktf/lib/terraform-stack.js resolves every element"],
  ])("leaves %j as it is: strings, names and comments that are no specifier of the core", (text) => {
    expect(rewriteCoreImports(text, "x.js")).toBe(text);
  });

  test.each([
    ['require("@cdktf/provider-kubernetes/lib/provider")', 'require("@cdktf/provider-kubernetes/lib/provider"'],
    ['import { DataTlsCertificate } from "@cdktf/provider-tls/lib/data-tls-certificate";', 'from "@cdktf/provider-tls/lib/data-tls-certificate"'],
    // The aws provider's package root, written in pieces so that no search for root imports finds a test's input.
    [`require("${["@cdktf", "provider-aws"].join("/")}")`, 'require("@cdktf/provider-aws"'],
  ])("fails when the code names a cdktf package CDK Terrain has no counterpart of: %j", (text, named) => {
    expect(() => rewriteCoreImports(text, "modules/x.js")).toThrow(
      `modules/x.js: ${named} has no CDK Terrain counterpart: import the core or @cdktf/provider-aws/lib/<resource> only`,
    );
  });
});
