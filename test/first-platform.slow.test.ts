/**
 * The README's first platform is the project's platform.json as the repository ships it. The file
 * belongs to the user, so no test of `npm test` reads it (test/user-platform.test.ts): the fast
 * suite synthesizes the README's copy (test/examples.test.ts), and this slow suite holds the copy
 * to the file and runs the app on it, through its default choice, as `npm run synth` does.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main";
import { PLATFORM_JSON_SCHEMA_FILE } from "../modules/platform/config-file";
import { REPO } from "./support/compiled-app";
import { FIRST_PLATFORM_FILE, markedBlocks } from "./support/docs";

const USER_PLATFORM = join(REPO, FIRST_PLATFORM_FILE);

describe("the project's platform.json, as the repository ships it", () => {
  test("is the README's first platform, byte for byte (once you have made platform.json your own, delete this test)", () => {
    const [block] = markedBlocks("README.md").filter((b) => b.file === FIRST_PLATFORM_FILE);
    expect(block.text).toBe(readFileSync(USER_PLATFORM, "utf8"));
  });

  test("points at the JSON Schema with $schema, for editors", () => {
    expect(join(REPO, JSON.parse(readFileSync(USER_PLATFORM, "utf8")).$schema)).toBe(PLATFORM_JSON_SCHEMA_FILE);
  });

  test("is what the app synthesizes by default, from the project directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "first-platform-"));
    const cwd = process.cwd();
    try {
      process.chdir(REPO);
      const printed: string[] = [];
      expect(main({ CDKTF_OUTDIR: join(dir, "out") }, (line) => printed.push(line))).toBe(0);
      // No "configuration ... (from EKS_IRSA_CONFIG)" line: the default file, chosen without a word.
      expect(printed).toEqual([]);
      for (const stack of ["eks-dev", "workloads-dev"]) expect(existsSync(join(dir, "out", "stacks", stack, "cdk.tf.json"))).toBe(true);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
