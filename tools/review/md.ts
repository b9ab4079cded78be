/** Markdown pieces shared by the findings and the report. */

/** Inline code; a value holding backticks gets a longer fence, so it still shows verbatim. */
export function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A list of values as inline code, comma-separated, at most `max` of them then "and N more". */
export function codeList(values: readonly string[], max = 8): string {
  const shown = values.slice(0, max).map(code).join(", ");
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** A table cell: `|` would end the cell and a newline the row. */
export function cell(text: string): string {
  return /[|\n]/.test(text) ? text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ") : text;
}

/** A whole number with thousands separators (`1,000`), the same on every machine (and faster than `toLocaleString`). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
