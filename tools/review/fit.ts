/**
 * Fitting a Markdown document into a size limit (one GitHub comment): the document is a list of
 * sections in reading order, each with a priority; the most important sections get the room
 * first, each keeps as many of its items as fit (a prefix, never a hole), and what is left out is
 * counted and named in a closing note.
 */

/** A part of the document: a heading and text, then items that may be cut at the end. */
export interface Section {
  /** Lower goes first when the room is handed out; sections of one priority in reading order. */
  readonly priority: number;
  /** Shown when the section is: before its items. */
  readonly head: string;
  /** The items; when some are cut, a line saying how many follows the last one shown. */
  readonly items: readonly string[];
  /** Shown when the section is: after its items (a closing `</details>`, ...). */
  readonly tail?: string;
  /** What an item is, singular and plural, for the notes: `["widened change", "widened changes"]`. */
  readonly unit: readonly [string, string];
  /** Where the items are, for the closing note (`in stack \`x\``), if the unit does not say. */
  readonly where?: string;
  /** Shown instead of the section when none of its items fit (a heading that says they were left out). */
  readonly stub?: string;
  /**
   * The line that stands for the items cut from `shown` on, instead of the count of them: a table's
   * rows folded into one row of their sums, say. At most {@link CUT_ROOM} bytes.
   * @default "… and N more <unit>: left out to fit one comment"
   */
  readonly fold?: (shown: number) => string;
}

/** A section whose items were cut, for the closing note. */
export interface Omission {
  readonly unit: readonly [string, string];
  readonly where?: string;
  readonly shown: number;
  readonly total: number;
}

/** The size the limit counts: UTF-8 bytes, which is never less than the characters GitHub counts. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function join(parts: readonly string[]): string {
  return `${parts
    .join("")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

/** The line that stands for cut items. */
function cutLine(o: Omission): string {
  const n = o.total - o.shown;
  return `\n_… and ${n} more ${n === 1 ? o.unit[0] : o.unit[1]}: left out to fit one comment, see the note at the end._\n`;
}

/** The whole document, nothing left out. */
export function renderAll(sections: readonly Section[]): string {
  return join(sections.flatMap((s) => [s.head, ...s.items, s.tail ?? ""]));
}

/** The room kept for the line that stands for a section's cut items. */
export const CUT_ROOM = 240;

/** The sizes of the parts of a section, so that a fit costs no rendering. */
interface Measured {
  readonly section: Section;
  readonly index: number;
  readonly frame: number;
  readonly stub: number;
  readonly items: readonly number[];
}

/**
 * The document within `maxBytes`, or whole when it fits (`whole`: the sections rendered, when the
 * caller has it already). `note` writes the closing note from the
 * omissions; its room is reserved first, so the result never exceeds the limit as long as the
 * sections of priority 0 (the title, the summary) and the note fit. Returns undefined when even
 * that does not fit.
 */
export function fitSections(
  sections: readonly Section[],
  maxBytes: number,
  note: (omitted: readonly Omission[]) => string,
  whole = renderAll(sections),
): { text: string; omitted: readonly Omission[] } | undefined {
  if (byteLength(whole) <= maxBytes) return { text: whole, omitted: [] };
  const measured: Measured[] = sections.map((section, index) => ({
    section,
    index,
    frame: byteLength(section.head) + byteLength(section.tail ?? ""),
    stub: byteLength(section.stub ?? ""),
    items: section.items.map(byteLength),
  }));
  const levels = [...new Set(sections.map((s) => s.priority))].sort((a, b) => a - b).map((p) => measured.filter((m) => m.section.priority === p));
  // The cut lines and the note are estimated, then the estimate grows until the result fits.
  for (let reserve = 600; reserve < maxBytes; reserve *= 2) {
    const shown = new Map<number, number>();
    const stubs = new Set<number>();
    let room = maxBytes - reserve;
    for (const level of levels) {
      // Sections of one priority take turns, an item each, so that none starves the others.
      const active: Measured[] = [];
      for (const m of level) {
        const all = m.items.reduce((a, b) => a + b, 0);
        if (m.frame + all <= room && (m.items.length === 0 || m.section.priority === 0)) {
          shown.set(m.index, m.items.length);
          room -= m.frame + all;
        } else if (m.section.priority === 0) {
          return undefined;
        } else if (m.items.length > 0 && m.frame + CUT_ROOM + m.items[0] <= room) {
          shown.set(m.index, 1);
          room -= m.frame + CUT_ROOM + m.items[0];
          active.push(m);
        } else if (m.section.stub !== undefined && m.stub <= room) {
          stubs.add(m.index);
          room -= m.stub;
        }
      }
      for (let turn = active; turn.length > 0; ) {
        turn = turn.filter((m) => {
          const n = shown.get(m.index)!;
          if (n >= m.items.length || m.items[n] > room) return false;
          room -= m.items[n];
          shown.set(m.index, n + 1);
          return true;
        });
      }
      // Sections shown whole need no cut line.
      for (const m of active) if (shown.get(m.index) === m.items.length) room += CUT_ROOM;
    }
    const omitted: Omission[] = [];
    const parts: string[] = [];
    for (const m of measured) {
      const n = shown.get(m.index) ?? 0;
      const total = m.section.items.length;
      if (n === 0 && (total > 0 || !shown.has(m.index))) {
        omitted.push({ unit: m.section.unit, where: m.section.where, shown: 0, total });
        if (stubs.has(m.index)) parts.push(m.section.stub!);
        continue;
      }
      parts.push(m.section.head, ...m.section.items.slice(0, n));
      if (n < total) {
        const o = { unit: m.section.unit, where: m.section.where, shown: n, total };
        omitted.push(o);
        parts.push(m.section.fold ? m.section.fold(n) : cutLine(o));
      }
      parts.push(m.section.tail ?? "");
    }
    const text = join([...parts, note(omitted)]);
    if (byteLength(text) <= maxBytes) return { text, omitted };
  }
  return undefined;
}
