import { asString, shortExpression } from "./json";
import type { SynthOutput } from "./load";
import { blockOf, isLiteral, type Ref, refsIn } from "./refs";

/** A value for display: literal as is, an expression shortened. */
export function display(value: string): string {
  return isLiteral(value) ? value : shortExpression(value);
}

/** An ARN for display: the partition data source becomes `<partition>`. */
export function displayArn(arn: string): string {
  return display(arn.replace(/\$\{data\.aws_partition\.[\w-]+\.partition\}/g, "<partition>"));
}

/** A cluster found behind references. */
export interface ClusterFound {
  /** Its name (literal, or a shortened expression). */
  readonly name: string;
  /** The stack that defines or looks it up. */
  readonly stack: string;
  /** Whether it is a data source. */
  readonly lookedUp: boolean;
}

/** The cluster behind references: an `aws_eks_cluster`, or an OIDC provider whose `url` is a cluster's issuer. */
export function clusterOf(out: SynthOutput, refs: readonly Ref[], depth = 0): ClusterFound | undefined {
  for (const ref of refs) {
    const body = blockOf(out, ref);
    if (!body) continue;
    if (ref.type === "aws_eks_cluster") {
      return { name: display(asString(body.name) ?? ref.name), stack: ref.stack, lookedUp: ref.data };
    }
    const url = asString(body.url);
    if (ref.type === "aws_iam_openid_connect_provider" && url !== undefined && depth < 4) {
      const found = clusterOf(out, refsIn(out, ref.stack, url), depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

const CLUSTER_ARN = /^arn:[^:]+:eks:[^:]*:[^:]*:cluster\/(.+)$/;

/** A cluster named by an attribute. */
export interface ClusterLabel {
  /** The cluster's name, or the shortened expression. */
  readonly label: string;
  /** The cluster of the output it refers to. */
  readonly found?: ClusterFound;
  /** Whether `label` is a cluster's name (or a pattern of names), not an expression. */
  readonly named: boolean;
}

/**
 * A cluster named by an attribute (a `cluster_name`, an `aws:SourceArn` value): the name of the
 * `aws_eks_cluster` it refers to, the name in a literal cluster ARN, a literal name, or else the
 * shortened expression.
 */
export function clusterLabel(out: SynthOutput, stack: string, value: string): ClusterLabel {
  if (isLiteral(value)) return { label: CLUSTER_ARN.exec(value)?.[1] ?? value, named: true };
  const found = clusterOf(out, refsIn(out, stack, value));
  if (found) return { label: found.name, found, named: isLiteral(found.name) };
  return { label: displayArn(value), named: false };
}

/** A role named by an ARN or name: the literal name of the `aws_iam_role` it refers to, else the value for display. */
export function roleLabel(out: SynthOutput, stack: string, value: string): string {
  const ref = refsIn(out, stack, value).find((r) => r.type === "aws_iam_role");
  const name = ref ? asString(blockOf(out, ref)?.name) : undefined;
  return name !== undefined && isLiteral(name) ? name : displayArn(value);
}
