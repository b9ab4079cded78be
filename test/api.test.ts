/**
 * The public API report (api/*.api.md, written by `npm run api`) is what the entry points export
 * now: a change of the public surface fails here until the report is written anew, so that it
 * shows in the pull request's diff.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { API_REPORT_DIR, type ApiReport, makeApiReports } from "../tools/api-report";

describe("the public API report", () => {
  let reports: ApiReport[];
  beforeAll(() => {
    reports = makeApiReports();
  }, 120_000);

  test("api/ holds the report of each entry point as the code makes it (after an intended change: npm run api)", () => {
    for (const report of reports) expect(`${report.file}\n${report.text}`).toBe(`${report.file}\n${readFileSync(join(API_REPORT_DIR, report.file), "utf8")}`);
  });

  test("every exported name is documented and every type the API names is exported, but the unexported base of the clusters", () => {
    // ClusterBase implements addServiceAccount once for EksCluster and the imported clusters (as
    // aws-eks-v2 has it); users meet IEksCluster and EksCluster's factories instead.
    expect(reports.flatMap((r) => r.messages)).toEqual(['ae-forgotten-export: The symbol "ClusterBase" needs to be exported by the entry point index.d.ts']);
  });

  test("exports no validator, rule table, policy template or synthesis patch from the package root", () => {
    const root = reports.find((r) => r.file === "cdktf-eks-irsa.api.md")!.text;
    const exported = [...root.matchAll(/^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const) (\w+)/gm)].map((m) => m[1]);
    expect(
      exported.filter((name) => /^(validate|check|rules?$|ADDON_PRESETS|policyDocument|trustPolicy|speedUp|skipToken|resolveFastPath)/.test(name)),
    ).toEqual([]);
    expect(root).not.toMatch(/^export (declare )?function /m);
    expect(root).not.toMatch(/^export (declare )?const /m);
  });
});
