/**
 * The public API report: what the package's entry points (`cdktf-eks-irsa` and
 * `cdktf-eks-irsa/speed`) export, as API Extractor writes it, checked in under api/ so that every
 * change of the public surface shows in a pull request's diff. test/api.test.ts compares the
 * reports with the code; `npm run api` writes them anew after an intended change.
 *
 * API Extractor reads declarations, so the sources are compiled to .d.ts first (with this
 * repository's TypeScript, into .api-report-build/, removed afterwards); it analyses them with the
 * TypeScript it bundles (6.0).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Extractor, ExtractorConfig, ExtractorLogLevel, type IConfigFile } from "@microsoft/api-extractor";

/** The repository root (this file runs as dist/tools/api-report.js, or from its source in the tests). */
const REPO = existsSync(join(__dirname, "..", "package.json")) ? join(__dirname, "..") : join(__dirname, "..", "..");

/** Each entry point: its report's name and its declaration file, relative to the compiled modules. */
export const API_ENTRY_POINTS: readonly { readonly report: string; readonly declarations: string }[] = [
  { report: "cdktf-eks-irsa", declarations: "modules/index.d.ts" },
  { report: "cdktf-eks-irsa-speed", declarations: "modules/speed/index.d.ts" },
];

/** Where the checked-in reports are. */
export const API_REPORT_DIR = join(REPO, "api");

/** One entry point's report, as the code makes it now. */
export interface ApiReport {
  readonly file: string;
  readonly text: string;
  /** API Extractor's warnings and errors about the entry point (an unexported type in the API, say). */
  readonly messages: readonly string[];
}

/** Makes the reports of every entry point from the current sources. */
export function makeApiReports(): ApiReport[] {
  // Inside the repository, so that the packages the declarations import resolve, and outside
  // node_modules, where API Extractor would take every file for another package's.
  const work = join(REPO, ".api-report-build");
  rmSync(work, { recursive: true, force: true });
  try {
    const tsc = spawnSync(
      process.execPath,
      [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(REPO, "tsconfig.build.json"), "--emitDeclarationOnly", "--outDir", join(work, "d")],
      { encoding: "utf8" },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    return API_ENTRY_POINTS.map((entry) => extract(entry.report, join(work, "d", entry.declarations), join(work, "reports")));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function extract(report: string, declarations: string, reports: string): ApiReport {
  mkdirSync(reports, { recursive: true });
  const configObject: IConfigFile = {
    projectFolder: REPO,
    mainEntryPointFilePath: declarations,
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          lib: ["ES2022"],
          types: ["node"],
          strict: true,
          skipLibCheck: true,
        },
      },
    },
    apiReport: { enabled: true, reportFileName: `${report}.api.md`, reportFolder: reports, reportTempFolder: reports },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      // Release tags (@public, @beta) are not used: everything the entry points export is public.
      extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning }, "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None } },
      // The TSDoc style of this project (@default, code spans over lines) is not API Extractor's own.
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
    },
  };
  const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: undefined, packageJsonFullPath: join(REPO, "package.json") });
  const messages: string[] = [];
  Extractor.invoke(config, {
    localBuild: true,
    messageCallback: (message) => {
      if (message.logLevel === ExtractorLogLevel.Warning || message.logLevel === ExtractorLogLevel.Error) {
        messages.push(`${message.messageId}: ${message.text}`);
      }
      message.handled = true;
    },
  });
  const file = `${report}.api.md`;
  return { file, text: readFileSync(join(reports, file), "utf8"), messages };
}

/** `node dist/tools/api-report.js`: writes the reports under api/ (after an intended change of the API). */
function main(): number {
  mkdirSync(API_REPORT_DIR, { recursive: true });
  for (const report of makeApiReports()) {
    writeFileSync(join(API_REPORT_DIR, report.file), report.text);
    console.log(`api/${report.file}${report.messages.length > 0 ? `\n  ${report.messages.join("\n  ")}` : ""}`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main();
