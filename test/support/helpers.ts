import { ValidationError } from "../../modules/core/errors";
import { type App, Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "../../modules/identity/kubernetes";
import { TlsProvider } from "../../modules/identity/tls";
import { EKS_SYSTEM_SERVICE_ACCOUNTS, type IEksCluster } from "../../modules/cluster/cluster";
import { parseIamJson } from "../../tools/review/policy";
import { liveSequences as sequencesOf } from "../../modules/core/hcl-template";

/** A synthesized stack, parsed. */
export interface Synthesized {
  readonly resource?: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, any>;
  readonly provider?: Record<string, any[]>;
  readonly terraform?: Record<string, any>;
}

/** A stack with the three providers, in a fresh test app. */
export function testStack(id = "test"): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new TlsProvider(stack, "tls", {});
  new KubernetesProvider(stack, "kubernetes", {});
  return { app, stack };
}

/** Synthesizes a stack and parses its JSON. */
export function synthJson(stack: TerraformStack): Synthesized {
  return JSON.parse(Testing.synth(stack));
}

/** The resources (or data sources) of one type, as [logical id, body] pairs. */
export function ofType(synth: Synthesized, type: string, kind: "resource" | "data" = "resource"): [string, any][] {
  return Object.entries(synth[kind]?.[type] ?? {});
}

/** The one resource (or data source) of a type; fails when there are none or several. */
export function single(synth: Synthesized, type: string, kind: "resource" | "data" = "resource"): [string, any] {
  const all = ofType(synth, type, kind);
  if (all.length !== 1) throw new Error(`expected one ${kind} ${type}, found ${all.length}`);
  return all[0];
}

/** All resource and data source addresses (`type.name`) of a stack, sorted. */
export function addresses(synth: Synthesized): string[] {
  const out: string[] = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, items] of Object.entries(synth[kind] ?? {})) {
      for (const name of Object.keys(items)) out.push(`${kind === "data" ? "data." : ""}${type}.${name}`);
    }
  }
  return out.sort();
}

/**
 * A cluster made elsewhere, as a plain object (what a consumer's own IEksCluster implementation
 * gives): for tests of the role and binding constructs without an EksCluster.
 */
export function fakeCluster(attributes: Partial<IEksCluster> = {}): IEksCluster {
  return {
    clusterName: "c",
    arn: "arn:aws:eks:eu-west-1:123456789012:cluster/c",
    endpoint: "https://example.eks.amazonaws.com",
    certificateAuthorityData: "ca",
    oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
    reservedServiceAccounts: EKS_SYSTEM_SERVICE_ACCOUNTS,
    usePodIdentity: () => undefined,
    addServiceAccount: () => {
      throw new Error("fakeCluster has no addServiceAccount");
    },
    ...attributes,
  };
}

/** The ValidationError that `body` throws (fails the test when it throws none or another error). */
export function validationErrorOf(body: () => unknown): ValidationError {
  try {
    body();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

/**
 * An IAM JSON policy as the constructs write it (a Terraform template), read by the access review's
 * reader (`parseIamJson`), with its statements in the shape of `aws_iam_policy_document` statements:
 * the constructs' output is checked against the reader that reviews it.
 */
export function statementsOf(policy: string): any[] {
  const statements = parseIamJson(policy);
  if (statements === undefined) throw new Error(`the review cannot read the policy ${policy}`);
  return statements.map((s) => {
    const out: Record<string, unknown> = { effect: s.effect, actions: s.actions };
    if (s.sid !== undefined) out.sid = s.sid;
    if (s.resources.length > 0) out.resources = s.resources;
    if (s.principals.length > 0) out.principals = s.principals.map((p) => ({ type: p.type, identifiers: p.identifiers }));
    if (s.conditions.length > 0) out.condition = s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: c.values }));
    return out;
  });
}

/** The trust statements of the stack's IAM role whose logical ID includes `match` (see `statementsOf`). */
export function trustOf(synth: Synthesized, match = ""): any[] {
  const found = ofType(synth, "aws_iam_role").filter(([id]) => id.includes(match));
  if (found.length !== 1) throw new Error(`expected one aws_iam_role matching ${JSON.stringify(match)}, found ${found.length}`);
  return statementsOf(found[0][1].assume_role_policy);
}

/** The statements of the stack's policy of a type whose logical ID includes `match` (see `statementsOf`). */
export function policyOf(synth: Synthesized, match: string, type: "aws_iam_policy" | "aws_iam_role_policy" = "aws_iam_policy"): any[] {
  const found = ofType(synth, type).filter(([id]) => id.includes(match));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${JSON.stringify(match)}, found ${found.length}`);
  return statementsOf(found[0][1].policy);
}

/**
 * The live template sequences (`${...}`, `%{...}`) of a template string, or of every string (and
 * object key) of a synthesized value, as Terraform would evaluate them (modules/core/hcl-template.ts).
 */
export function liveSequences(value: unknown): string[] {
  if (typeof value === "string") return sequencesOf(value);
  if (Array.isArray(value)) return value.flatMap(liveSequences);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === "//" ? [] : [...sequencesOf(key), ...liveSequences(item)]));
}
