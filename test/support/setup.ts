import { rmSync } from "node:fs";
import { type App, Testing, type TerraformStack } from "cdktf";

// cdktf's matchers: toHaveResourceWithProperties and friends (snake_case Terraform keys).
Testing.setupJest();

// cdktf's Testing.app() (and Testing.synthScope, which calls it) and Testing.fullSynth make a
// `cdktf.outdir.*` directory in the temporary directory for every call and never remove it. Record
// each one this test file makes, and remove them when the file is done (test/support/global-teardown.ts
// fails the run if any is left).
const outdirs: string[] = [];
const app = Testing.app.bind(Testing);
Testing.app = (options: Parameters<typeof Testing.app>[0] = {}): App => {
  const created = app(options);
  if (!options.outdir) outdirs.push(created.outdir);
  return created;
};
const fullSynth = Testing.fullSynth.bind(Testing);
Testing.fullSynth = (stack: TerraformStack): string => {
  const outdir = fullSynth(stack);
  outdirs.push(outdir);
  return outdir;
};

afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
