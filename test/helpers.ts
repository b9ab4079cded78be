import { App, Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";

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
