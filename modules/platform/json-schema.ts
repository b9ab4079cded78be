import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PACKAGE_ROOT, PLATFORM_JSON_SCHEMA_FILE } from "./config-file";
import { configRegistry, platformConfigSchema } from "./config-schema";

/**
 * The JSON Schema (draft 2020-12) of the platform configuration, generated from the zod schema, for
 * editors (`"$schema"` in platform.json) and other tools. Rules that are regular expressions become
 * `pattern`s; the rest (CIDR host bits, tag limits, rules across fields) only the app checks.
 */
export function platformJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(platformConfigSchema, { metadata: configRegistry, io: "input", target: "draft-2020-12", unrepresentable: "throw" });
}

/** The JSON Schema as the committed file holds it: two-space JSON and a final newline. */
export function platformJsonSchemaText(): string {
  return `${JSON.stringify(platformJsonSchema(), null, 2)}\n`;
}

/** The configuration reference in the repository, generated from the JSON Schema (`npm run schema`). */
export const PLATFORM_CONFIG_REFERENCE_FILE = join(PACKAGE_ROOT, "schema", "platform.reference.md");

/** The part of a JSON Schema the reference reads. */
interface JsonSchemaNode {
  readonly $ref?: string;
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchemaNode;
  readonly properties?: { readonly [name: string]: JsonSchemaNode };
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly $defs?: { readonly [name: string]: JsonSchemaNode };
}

/**
 * The configuration reference as Markdown, made from the JSON Schema: one table per object (the
 * file, an environment, the cluster, a workload, ...), each field with its type, whether it is
 * required, and its description (which says the default).
 */
export function platformConfigReference(): string {
  const root = platformJsonSchema() as JsonSchemaNode;
  const defs = root.$defs ?? {};
  const anchor = (name: string) => name.toLowerCase();
  const refName = (node: JsonSchemaNode) => node.$ref?.replace("#/$defs/", "");
  const typeOf = (node: JsonSchemaNode): string => {
    const ref = refName(node);
    if (ref) return `[\`${ref}\`](#${anchor(ref)})`;
    if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
    if (node.type === "array") {
      const size =
        node.minItems && node.maxItems
          ? ` (${node.minItems}-${node.maxItems})`
          : node.minItems
            ? ` (at least ${node.minItems})`
            : node.maxItems
              ? ` (at most ${node.maxItems})`
              : "";
      return `list of ${typeOf(node.items ?? {})}${size}`;
    }
    if (node.type === "object" && typeof node.additionalProperties === "object") return `map of ${typeOf(node.additionalProperties)}`;
    if (node.type === "object") return "object (fields below)";
    if (node.type === "integer") return node.minimum !== undefined && node.maximum !== undefined ? `integer ${node.minimum}-${node.maximum}` : "integer";
    return node.type ?? "any";
  };
  // Markdown table cells: no pipes, no line breaks, and no <name> that a renderer takes for HTML.
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const describe = (field: JsonSchemaNode) => field.description ?? (refName(field) ? defs[refName(field)!]?.description : undefined) ?? "";
  const rows = (node: JsonSchemaNode, prefix: string): string[] =>
    Object.entries(node.properties ?? {}).flatMap(([name, field]) => {
      const required = (node.required ?? []).includes(name) ? " (required)" : "";
      const row = `| \`${prefix}${name}\`${required} | ${typeOf(field)} | ${cell(describe(field))} |`;
      return field.type === "object" && field.properties ? [row, ...rows(field, `${prefix}${name}.`)] : [row];
    });
  const section = (name: string, node: JsonSchemaNode) => {
    const fields = node.properties
      ? ["", "| field | type | description |", "| --- | --- | --- |", ...rows(node, "")]
      : ["", `A ${typeOf({ ...node, description: undefined })}.`];
    return [`### \`${name}\``, "", cell(node.description ?? ""), ...fields, ""].join("\n");
  };
  return [
    `<!-- Generated from modules/platform/config-schema.ts by \`npm run schema\`; do not edit. -->`,
    "",
    section("PlatformConfig", root),
    ...Object.entries(defs).map(([name, node]) => section(name, node)),
  ].join("\n");
}

// `npm run schema` regenerates schema/platform.schema.json and schema/platform.reference.md (tests fail while they are stale).
if (require.main === module) {
  writeFileSync(PLATFORM_JSON_SCHEMA_FILE, platformJsonSchemaText());
  writeFileSync(PLATFORM_CONFIG_REFERENCE_FILE, platformConfigReference());
  process.stderr.write(`wrote ${PLATFORM_JSON_SCHEMA_FILE} and ${PLATFORM_CONFIG_REFERENCE_FILE}\n`);
}
