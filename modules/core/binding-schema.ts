/**
 * The arguments of the few kubernetes and tls types this library declares, written once as a small
 * schema from which both of the core's renderings are made: the JSON that `cdktf synth` writes
 * (`synthesizeAttributes`) and the annotated form its HCL renderer reads (`synthesizeHclAttributes`).
 * Only the core's public runtime helpers are used (`stringToTerraform`, `listMapper`, …), which
 * cdktf 0.21 and CDK Terrain export alike, so the bindings need no prebuilt provider package.
 */
import {
  booleanToHclTerraform,
  booleanToTerraform,
  hashMapper,
  hashMapperHcl,
  listMapper,
  listMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
  Tokenization,
} from "cdktf";

/** A plain argument: a string, a boolean, a list of strings or a map of strings. */
export type ValueKind = "string" | "boolean" | "stringList" | "stringMap";

/** A nested block: `single` (one block, written as an object) or `list` (written as an array). */
export interface BlockKind {
  readonly block: "single" | "list";
  /** The block's name in the HCL renderer's type annotation (as `<TypeName>List`). */
  readonly typeName: string;
  readonly arguments: BindingSchema;
}

/** Terraform argument name -> [the config's property name, its kind]. */
export type BindingSchema = { readonly [terraformName: string]: readonly [property: string, kind: ValueKind | BlockKind] };

type Config = { readonly [property: string]: unknown } | undefined;

/** A value the core resolves itself (a token, an iterator): passed through as it is. */
function passesThrough(value: unknown): boolean {
  return value === undefined || value === null || typeof value !== "object" || Tokenization.isResolvable(value);
}

const VALUE_JSON: Record<ValueKind, (value: unknown) => unknown> = {
  string: stringToTerraform,
  boolean: booleanToTerraform,
  stringList: listMapper(stringToTerraform, false),
  stringMap: hashMapper(stringToTerraform),
};

const VALUE_HCL: Record<ValueKind, { readonly render: (value: unknown) => unknown; readonly type: string; readonly storageClassType: string }> = {
  string: { render: stringToHclTerraform, type: "simple", storageClassType: "string" },
  boolean: { render: booleanToHclTerraform, type: "simple", storageClassType: "boolean" },
  stringList: { render: listMapperHcl(stringToHclTerraform, false), type: "list", storageClassType: "stringList" },
  stringMap: { render: hashMapperHcl(stringToHclTerraform), type: "map", storageClassType: "stringMap" },
};

/** The arguments of `config` as the JSON synthesis wants them (undefined ones are dropped by the core). */
export function toTerraformJson(schema: BindingSchema, config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, [property, kind]] of Object.entries(schema)) {
    const value = config?.[property];
    if (typeof kind === "string") out[name] = VALUE_JSON[kind](value);
    else if (kind.block === "single") out[name] = passesThrough(value) ? value : toTerraformJson(kind.arguments, value as Config);
    else out[name] = listMapper((item: unknown) => (passesThrough(item) ? item : toTerraformJson(kind.arguments, item as Config)), true)(value);
  }
  return out;
}

/** The arguments of `config` as the HCL renderer wants them: each with its kind, undefined ones left out. */
export function toTerraformHcl(schema: BindingSchema, config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, [property, kind]] of Object.entries(schema)) {
    const value = config?.[property];
    let attribute: { value: unknown; isBlock: boolean; type: string; storageClassType: string };
    if (typeof kind === "string") {
      const { render, type, storageClassType } = VALUE_HCL[kind];
      attribute = { value: render(value), isBlock: false, type, storageClassType };
    } else {
      const value_ =
        kind.block === "single"
          ? passesThrough(value)
            ? value
            : toTerraformHcl(kind.arguments, value as Config)
          : listMapperHcl((item: unknown) => (passesThrough(item) ? item : toTerraformHcl(kind.arguments, item as Config)), true)(value);
      attribute = { value: value_, isBlock: true, type: "list", storageClassType: `${kind.typeName}List` };
    }
    if (attribute.value !== undefined) out[name] = attribute;
  }
  return out;
}
