/**
 * The README's first platform is what the project's platform.json holds as the repository ships it;
 * the file then belongs to the user, so no test reads it (test/user-platform.test.ts): editing it
 * never breaks `npm test` or CI. test/examples.test.ts synthesizes the README's copy; this slow suite
 * runs the app on that copy through its default choice, in a project directory of its own, as
 * `npm run synth` does in yours.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main";
import { REPO } from "./support/compiled-app";
import { FIRST_PLATFORM_FILE, markedBlocks } from "./support/docs";

describe("the README's first platform, as platform.json of a project", () => {
  test("is what the app synthesizes by default from the project directory, without a word about which file", () => {
    const [block] = markedBlocks(join(REPO, "README.md")).filter((b) => b.file === FIRST_PLATFORM_FILE);
    const dir = mkdtempSync(join(tmpdir(), "first-platform-"));
    const cwd = process.cwd();
    try {
      // $schema is relative to the project; the app ignores it.
      writeFileSync(join(dir, FIRST_PLATFORM_FILE), block.text);
      process.chdir(dir);
      const info: string[] = [];
      const errors: string[] = [];
      expect(main({ CDKTF_OUTDIR: join(dir, "out") }, { info: (line) => info.push(line), error: (line) => errors.push(line) })).toBe(0);
      // No "configuration ... (from EKS_IRSA_CONFIG)" line: the default file, chosen without a word; nothing on stderr.
      expect(info.filter((line) => line.includes("EKS_IRSA_CONFIG"))).toEqual([]);
      expect(errors).toEqual([]);
      for (const stack of ["eks-dev", "workloads-dev"]) expect(existsSync(join(dir, "out", "stacks", stack, "cdk.tf.json"))).toBe(true);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
