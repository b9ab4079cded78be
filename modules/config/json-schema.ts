import { writeFileSync } from "node:fs";
import { z } from "zod";
import { PLATFORM_JSON_SCHEMA_FILE } from "./load";
import { configRegistry, platformConfigSchema } from "./schema";

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

// `npm run schema` regenerates schema/platform.schema.json (a test fails while it is stale).
if (require.main === module) {
  const file = process.argv[2] ?? PLATFORM_JSON_SCHEMA_FILE;
  writeFileSync(file, platformJsonSchemaText());
  process.stderr.write(`wrote ${file}\n`);
}
