/**
 * The synthesis patches of cdktf 0.21.0 internals, together. Each one keeps the synthesized files
 * byte-identical and is described in its own module:
 * - `resolveFastPath()` (modules/speed/resolve-fast-path.ts): plain data is copied without cdktf's
 *   per-node token bookkeeping;
 * - `singlePassStackToTerraform()` (modules/speed/stack-to-terraform.ts): each element's JSON is merged
 *   as soon as it is resolved, and the second resolve of the whole stack is skipped when it would
 *   change nothing;
 * - `fastStackJson()` (modules/speed/stack-json.ts): cdk.tf.json is written with the native
 *   `JSON.stringify` instead of `json-stable-stringify`.
 *
 * `skipTokenCreationStacks()` (modules/speed/token-stacks.ts) is separate: it changes resolution error
 * messages (no "Object creation stack"), so an app may want it off while debugging.
 */
import { resolveFastPath } from "./resolve-fast-path";
import { fastStackJson } from "./stack-json";
import { singlePassStackToTerraform } from "./stack-to-terraform";

/**
 * Applies every synthesis patch this cdktf version allows, for the rest of the process or until
 * the returned function is called. Call it at the top of an app's entry point, not in a library:
 * it changes cdktf for the whole process. Patches whose cdktf internals are missing are skipped, and
 * on a core other than cdktf 0.21 (CDK Terrain, or cdktf installed as an alias of it) none applies:
 * they were written and checked against cdktf 0.21 only (modules/speed/private/core-check.ts).
 *
 * @returns a function that restores cdktf's own behaviour.
 */
export function speedUpSynthesis(): () => void {
  const restores = [resolveFastPath(), singlePassStackToTerraform(), fastStackJson()].filter((restore): restore is () => void => restore !== undefined);
  return () => {
    for (const restore of restores.reverse()) restore();
  };
}
