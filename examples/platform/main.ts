// The example platform from your own CDKTF app instead of this repository's main.ts: the file read
// and checked (every error at once, at its line and column), and the stacks of one environment only.
import { join } from "node:path";
import { App } from "cdktf";
import { Platform, PlatformConfigSource, ValidationError, ValidationErrors } from "cdktf-eks-irsa";
// #region speed
import { skipTokenCreationStacks, speedUpSynthesis } from "cdktf-eks-irsa/speed";

// First, before the app is built: cdktf's synthesis made faster for the whole process (the output
// stays byte-identical). An app's entry point may do this; a library never does.
skipTokenCreationStacks();
speedUpSynthesis();
// #endregion speed

const app = new App();
try {
  const source = PlatformConfigSource.read(join(__dirname, "platform.json"));
  // Errors the constructs find point at their field's line in the file too.
  source.locate(() => new Platform(app, { config: source.config, environments: ["prod"] }));
  app.synth();
} catch (error) {
  if (!(error instanceof ValidationError || error instanceof ValidationErrors)) throw error;
  // file:line:column: the field, its value and what is allowed; no stack trace.
  console.error(error.message);
  process.exitCode = 1;
}
