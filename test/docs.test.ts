/**
 * The docs cannot drift from what runs: every code block of README.md, docs/*.md and the examples'
 * READMEs that shows an example is marked with the file (or region) it shows, and equals it byte
 * for byte; the files it names are the examples test/examples.test.ts synthesizes; other blocks are
 * shell commands or output; the chart values of docs/addons.md are those of the presets; relative
 * links and their anchors exist. See test/support/docs.ts for the markers.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { parse as parseYaml } from "yaml";
import { ADDON_PRESETS, type AddonPresetId } from "../modules/addons/catalogue";
import { type AddonPreset, helmValues } from "../modules/addons/preset";
import { configSchemas } from "../modules/platform/config-schema";
import type { ZodType } from "zod";
import { REPO } from "./support/compiled-app";
import { anchorsOf, type CodeBlock, codeBlocks, FIRST_PLATFORM_FILE, markdownPages, regionOf } from "./support/docs";
import { exampleFiles } from "./support/examples";

const PAGES = markdownPages();
const BLOCKS = PAGES.flatMap(codeBlocks);
const examples = BLOCKS.filter((b) => b.marker?.kind === "example") as (CodeBlock & { marker: { kind: "example"; file: string; region?: string } })[];
const where = (b: CodeBlock) => `${b.page}:${b.line}`;

describe("the code blocks of the docs", () => {
  test("are read from README.md, every page of docs/ and the examples' READMEs", () => {
    expect(PAGES).toEqual(expect.arrayContaining(["README.md", "docs/library.md", "docs/workload-identity.md", "examples/karpenter/README.md"]));
    expect(examples.length).toBeGreaterThan(10);
  });

  test("are marked examples, marked output, marked configuration snippets, or else shell commands (sh) and plain output (text)", () => {
    const unmarked = BLOCKS.filter((b) => b.marker === undefined && !["sh", "text"].includes(b.info));
    expect(unmarked.map((b) => `${where(b)}: \`\`\`${b.info}`)).toEqual([]);
  });

  test.each(
    examples
      .filter((b) => b.marker.file !== FIRST_PLATFORM_FILE)
      .map((b) => [where(b), b.marker.file, b.marker.region ? `#${b.marker.region}` : "", b] as const),
  )("%s shows %s%s byte for byte (after changing the example, copy it into the page again)", (_where, file, region, block) => {
    const text = readFileSync(join(REPO, file), "utf8");
    const shown = region ? regionOf(text, region.slice(1)) : text;
    expect(shown).toBeDefined();
    expect(block.text).toBe(shown);
  });

  test("name only files of the examples the tests synthesize, and the user's platform.json only as the README's first platform", () => {
    const synthesized = new Set(exampleFiles());
    expect(
      examples.filter((b) => b.marker.file !== FIRST_PLATFORM_FILE && !synthesized.has(b.marker.file)).map((b) => `${where(b)}: ${b.marker.file}`),
    ).toEqual([]);
    // platform.json is the user's: test/examples.test.ts synthesizes the README's copy and no test reads the file itself.
    expect(examples.filter((b) => b.marker.file === FIRST_PLATFORM_FILE).map(where)).toEqual([expect.stringMatching(/^README\.md:\d+$/)]);
  });

  test("fails when a marked block differs from its file, or names a region the file does not have", () => {
    const text = readFileSync(join(REPO, "examples/platform/main.ts"), "utf8");
    expect(regionOf(text, "speed")).toMatch(/^import \{ skipTokenCreationStacks, speedUpSynthesis \} from "cdktf-eks-irsa\/speed";\n/);
    expect(regionOf(text, "no-such-region")).toBeUndefined();
  });
});

describe("the configuration snippets of the docs (<!-- config: <part> -->)", () => {
  const snippets = BLOCKS.filter((b) => b.marker?.kind === "config") as (CodeBlock & { marker: { kind: "config"; part: string } })[];

  test.each(snippets.map((b) => [where(b), b.marker.part, b] as const))("%s is a value the schema accepts as %s", (_where, part, block) => {
    const schema = (configSchemas as Record<string, ZodType | undefined>)[part];
    expect(schema === undefined ? `no part ${part} in configSchemas (${Object.keys(configSchemas).join(", ")})` : "").toBe("");
    const result = schema!.safeParse(JSON.parse(block.text));
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([]);
  });

  test("fails when a snippet is not a value of its part", () => {
    expect(configSchemas.cluster.safeParse({ clusterName: "ok", autoMode: { nodePools: ["no-such-pool"] }, vpc: {} }).success).toBe(false);
  });
});

describe("the chart values of docs/addons.md", () => {
  const charts = BLOCKS.filter((b) => b.marker?.kind === "output" && b.marker.what.startsWith("chart values of "));
  const presetOf = (b: CodeBlock) =>
    ADDON_PRESETS[(b.marker as { what: string }).what.replace("chart values of ", "") as AddonPresetId] as AddonPreset<unknown>;

  test("cover the chart of every preset installed with Helm", () => {
    const shown = new Set(charts.map((b) => presetOf(b)?.helmChart?.chart));
    const presets = Object.values(ADDON_PRESETS) as AddonPreset<unknown>[];
    expect(presets.filter((p) => p.helmChart && !shown.has(p.helmChart.chart)).map((p) => p.id)).toEqual([]);
  });

  test.each(charts.map((b) => [where(b), b] as const))("%s: the helm command and the service account values are the preset's", (_where, block) => {
    const preset = presetOf(block);
    const chart = preset.helmChart!;
    const command = block.text.split("\n")[1];
    const oci = chart.repository.startsWith("oci://");
    const release = oci ? `${chart.repository}/${chart.chart}` : `${chart.chart} --repo ${chart.repository}`;
    expect(command).toMatch(
      new RegExp(
        `^# helm upgrade --install \\S+ ${literally(release)} --version ${literally(chart.version)} --namespace ${chart.namespace ?? preset.serviceAccount.namespace} -f values\\.yaml$`,
      ),
    );
    const at = (values: unknown) => chart.serviceAccountPath.reduce((v: any, key) => v?.[key], values);
    expect(at(parseYaml(block.text))).toEqual(at(helmValues(preset, { roleArn: "<role ARN>" })));
  });
});

describe("the links of the docs", () => {
  const links = PAGES.flatMap((page) => {
    let fenced = false;
    return readFileSync(join(REPO, page), "utf8")
      .split("\n")
      .flatMap((line, i) => {
        if (/^ *(`{3,}|~{3,})/.test(line)) fenced = !fenced;
        if (fenced) return [];
        return [...line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ page, line: i + 1, target: m[1] }));
      })
      .filter((l) => !/^(https?|mailto):/.test(l.target));
  });

  test("are read", () => {
    expect(links.length).toBeGreaterThan(40);
  });

  test("point at files of the repository, and at headings those pages have", () => {
    const broken = links.flatMap(({ page, line, target }) => {
      const [path, anchor] = target.split("#");
      const file = path === "" ? page : normalize(join(dirname(page), path));
      if (!existsSync(join(REPO, file))) return [`${page}:${line}: ${target} (no such file)`];
      if (anchor !== undefined && file.endsWith(".md") && !anchorsOf(file).has(anchor)) return [`${page}:${line}: ${target} (no such heading)`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  test("link every page of docs/ from the README", () => {
    const fromReadme = new Set(links.filter((l) => l.page === "README.md").map((l) => normalize(l.target.split("#")[0])));
    expect(PAGES.filter((p) => p.startsWith("docs/") && !fromReadme.has(p))).toEqual([]);
  });
});

test("the README stays a front door: at most 300 lines", () => {
  expect(readFileSync(join(REPO, "README.md"), "utf8").split("\n").length).toBeLessThanOrEqual(300);
});

/** `text` for a regular expression that matches it literally. */
function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
