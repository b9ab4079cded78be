/**
 * Synthesis speed: cdktf 0.21 records where every token was created.
 *
 * Each `Lazy`, `Intrinsic` (every resource attribute reference), `ComplexComputedList` and dynamic
 * block that cdktf creates calls `captureStackTrace()` (cdktf/lib/tokens/private/stack-trace.js),
 * which raises `Error.stackTraceLimit` to `Number.MAX_SAFE_INTEGER`, captures the whole JavaScript
 * stack and formats it into strings. cdktf reads that array in one place only: when a token fails to
 * resolve, it appends "Object creation stack: ..." to the error message. An app that synthesizes
 * thousands of resources spends about half its time and two fifths of its memory on those strings
 * (`npm run bench`: 1000 IRSA bindings x 3 environments, 11.9 s / 485 MB with them, 5.4 s / 275 MB
 * without). The synthesized JSON is byte-identical either way.
 *
 * cdktf has no setting for this (`App({ stackTraces: false })` covers annotation metadata only),
 * so `skipTokenCreationStacks()` replaces that one internal function with one that records nothing.
 * cdktf 0.21.0 is the final release (the project was archived on 2025-12-10) and is pinned, so
 * the internal module cannot move under us; if it is not where and what we expect, nothing is
 * changed. Call it at the top of an app's entry point, not in a library: it affects the whole
 * process. To see creation stacks again while debugging a resolution error, don't call it (the
 * example app skips the call when `EKS_IRSA_TOKEN_STACKS=1`).
 */

import { patchesFitThisCore } from "./private/core-check";

/** The shape of cdktf's internal stack-trace module. */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

/** The replacement: an empty creation stack, which cdktf's error messages already handle. */
function recordNothing(): string[] {
  return [];
}

/** cdktf's stack-trace module, or undefined when this cdktf does not have it. */
function stackTraceModule(): StackTraceModule | undefined {
  if (!patchesFitThisCore()) return undefined;
  try {
    // A deep path into cdktf, which has no "exports" map: resolves in cdktf 0.21.0.
    const mod = require("cdktf/lib/tokens/private/stack-trace") as Partial<StackTraceModule>;
    return typeof mod.captureStackTrace === "function" ? (mod as StackTraceModule) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops cdktf from recording a JavaScript stack trace for every token it creates, for the rest of the
 * process or until the returned function is called. Synthesized output does not change; resolution
 * errors no longer end with "Object creation stack".
 *
 * @returns a function that restores cdktf's own behaviour, or undefined when this cdktf version does
 *   not have the internal function, or the core is not cdktf 0.21 (CDK Terrain): nothing was changed.
 */
export function skipTokenCreationStacks(): (() => void) | undefined {
  const mod = stackTraceModule();
  if (mod === undefined) return undefined;
  const previous = mod.captureStackTrace;
  mod.captureStackTrace = recordNothing;
  return () => {
    mod.captureStackTrace = previous;
  };
}
