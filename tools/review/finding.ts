import type { ChangeDetail, Severity } from "./changes";

/** A change of one role or carrier, before the diff says what it is about. */
export type Finding = ChangeDetail & { readonly severity: Severity; readonly wildcard: boolean };

/** A finding; `wildcard` when it brings in a pattern or a principal that matches nearly anything. */
export function finding(severity: Severity, detail: ChangeDetail, wildcard = false): Finding {
  return { ...detail, severity, wildcard };
}
