import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Gives the test run a temporary directory of its own: TMPDIR (and TMP, TEMP) point into it for
 * the workers, which start after this, so that test/support/global-teardown.ts can tell what this run
 * left behind from what other processes keep in the system's temporary directory.
 */
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), "cdktf-eks-irsa-jest-"));
  process.env.EKS_IRSA_JEST_SYSTEM_TMPDIR = tmpdir();
  process.env.EKS_IRSA_JEST_TMPDIR = dir;
  for (const name of ["TMPDIR", "TMP", "TEMP"]) process.env[name] = dir;
}
