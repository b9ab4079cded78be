import { AWS_MANAGED_POLICIES_AS_OF, AWS_MANAGED_POLICIES_SOURCE, AWS_MANAGED_POLICY_NAMES } from "./aws-managed-policies";

/**
 * Whether an AWS-managed policy ARN (`arn:aws:iam::aws:policy/<path/><name>`) names a policy AWS
 * publishes, by the table of modules/core/private/aws-managed-policies.ts (the `aws` partition, from
 * a pinned source: see tools/aws-managed-policies.ts). A misspelled name then fails at synth, with the
 * name it most likely meant, instead of at apply. ARNs of other partitions (aws-cn, aws-us-gov),
 * whose policies the source does not list, and customer-managed policies are not judged.
 */

const AWS_MANAGED = /^arn:aws:iam::aws:policy\/(.+)$/;

/** The table, as a set, made on first use. */
let known: ReadonlySet<string> | undefined;

/** What to say of an AWS-managed policy ARN the table does not know, or undefined for any other value. */
export function awsManagedPolicyProblem(arn: string): string | undefined {
  const match = AWS_MANAGED.exec(arn);
  if (!match) return undefined;
  known ??= new Set(AWS_MANAGED_POLICY_NAMES);
  const name = match[1];
  if (known.has(name)) return undefined;
  const guess = closest(name);
  return (
    `no AWS-managed policy has that name (the ${AWS_MANAGED_POLICY_NAMES.length.toLocaleString("en-US")} of the aws partition as of ${AWS_MANAGED_POLICIES_AS_OF}, from ${AWS_MANAGED_POLICIES_SOURCE})` +
    (guess === undefined ? "" : `: did you mean arn:aws:iam::aws:policy/${guess}?`) +
    "; for a policy AWS published later, give its ARN as a reference (the arn of an aws_iam_policy data source), which is not judged at synth"
  );
}

/** The known name nearest to a name (the same letters in another case, or a few edits away), if one is near enough to be meant. */
function closest(name: string): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = AWS_MANAGED_POLICY_NAMES.find((known) => known.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  const base = lower.split("/").pop()!;
  const limit = Math.max(2, Math.floor(base.length / 6));
  let best: { readonly name: string; readonly distance: number } | undefined;
  for (const candidate of AWS_MANAGED_POLICY_NAMES) {
    const distance = editDistance(base, candidate.toLowerCase().split("/").pop()!, limit);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** The Levenshtein distance of two texts, or `limit + 1` as soon as it is over `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
