import { readdirSync, rmSync } from "node:fs";

/**
 * Fails the run when a test left anything in the run's temporary directory (test/support/global-setup.ts):
 * cdktf's `Testing.app()` output directories (`cdktf.outdir.*`, removed by test/support/setup.ts) and every
 * directory a test makes itself must be gone. The directory is removed either way, so a failing run
 * leaves nothing behind in the system's temporary directory either.
 */
export default function globalTeardown(): void {
  const dir = process.env.EKS_IRSA_JEST_TMPDIR;
  if (!dir) return;
  const left = readdirSync(dir).sort();
  rmSync(dir, { recursive: true, force: true });
  const system = process.env.EKS_IRSA_JEST_SYSTEM_TMPDIR;
  for (const name of ["TMPDIR", "TMP", "TEMP"]) process.env[name] = system;
  if (left.length > 0) {
    throw new Error(
      `the tests left ${left.length} entries in the temporary directory (removed now): ${left.slice(0, 10).join(", ")}${left.length > 10 ? ", ..." : ""}`,
    );
  }
}
