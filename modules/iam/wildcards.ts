/**
 * IAM's wildcards (`*`: any characters, none included; `?`: any one character) and the nearest-name
 * search behind the policy check's "did you mean" suggestions.
 */

/** Whether a text holds IAM wildcards. */
export function hasWildcards(text: string): boolean {
  return text.includes("*") || text.includes("?");
}

/** A pattern with IAM wildcards as an anchored regular expression, ignoring case (as IAM compares action names). */
export function wildcardRegExp(pattern: string): RegExp {
  const source = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "i");
}

/** The marker for "any characters" in the patterns {@link patternsOverlap} compares (`*`, or a value unknown until apply). */
export const ANY = "*";
/** The marker for "any one character". */
export const ONE = "?";

/**
 * Whether two patterns can match one same text: `*` matches any characters, `?` any one character,
 * every other character itself (case-sensitive, as IAM compares ARNs). A memoized walk over both
 * patterns, O(length a x length b) at worst.
 */
export function patternsOverlap(a: string, b: string): boolean {
  if (!hasWildcards(a) && !hasWildcards(b)) return a === b;
  // Literal characters at either end must agree: most misfits end here, without the walk.
  let start = 0;
  while (start < a.length && start < b.length && a[start] !== ANY && b[start] !== ANY) {
    if (a[start] !== b[start] && a[start] !== ONE && b[start] !== ONE) return false;
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] !== ANY && b[endB - 1] !== ANY) {
    if (a[endA - 1] !== b[endB - 1] && a[endA - 1] !== ONE && b[endB - 1] !== ONE) return false;
    endA--;
    endB--;
  }
  return walkOverlap(a.slice(start, endA), b.slice(start, endB));
}

function walkOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const width = b.length + 1;
  // 0: not yet known, 1: no overlap, 2: overlap.
  const memo = new Uint8Array((a.length + 1) * width);
  const walk = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const key = i * width + j;
    if (memo[key] !== 0) return memo[key] === 2;
    let result: boolean;
    if (i < a.length && a[i] === ANY) result = walk(i + 1, j) || (j < b.length && walk(i, j + 1));
    else if (j < b.length && b[j] === ANY) result = walk(i, j + 1) || (i < a.length && walk(i + 1, j));
    else if (i === a.length || j === b.length) result = false;
    else result = (a[i] === ONE || b[j] === ONE || a[i] === b[j]) && walk(i + 1, j + 1);
    memo[key] = result ? 2 : 1;
    return result;
  };
  return walk(0, 0);
}

/**
 * A text that both patterns match (see {@link patternsOverlap}), for messages that show an example:
 * literal characters where a pattern has them, `x` where both only have wildcards. Undefined when
 * the patterns match no common text.
 */
export function overlapExample(a: string, b: string): string | undefined {
  if (!patternsOverlap(a, b)) return undefined;
  const width = b.length + 1;
  const memo = new Uint8Array((a.length + 1) * width);
  const ok = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const key = i * width + j;
    if (memo[key] !== 0) return memo[key] === 2;
    let result: boolean;
    if (i < a.length && a[i] === ANY) result = ok(i + 1, j) || (j < b.length && ok(i, j + 1));
    else if (j < b.length && b[j] === ANY) result = ok(i, j + 1) || (i < a.length && ok(i + 1, j));
    else if (i === a.length || j === b.length) result = false;
    else result = (a[i] === ONE || b[j] === ONE || a[i] === b[j]) && ok(i + 1, j + 1);
    memo[key] = result ? 2 : 1;
    return result;
  };
  const literal = (c: string | undefined) => c !== undefined && c !== ANY && c !== ONE;
  let text = "";
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && a[i] === ANY) {
      // The star takes the other pattern's literal character when that still leads to a match, else nothing.
      if (literal(b[j]) && ok(i, j + 1)) text += b[j++];
      else if (ok(i + 1, j)) i++;
      else text += b[j++] === ONE ? "x" : "";
    } else if (j < b.length && b[j] === ANY) {
      if (literal(a[i]) && ok(i + 1, j)) text += a[i++];
      else if (ok(i, j + 1)) j++;
      else text += a[i++] === ONE ? "x" : "";
    } else {
      text += literal(a[i]) ? a[i] : literal(b[j]) ? b[j] : "x";
      i++;
      j++;
    }
  }
  // A star that matched nothing may stand for a letter too: shown at an end that is no letter or
  // digit, the example reads as a name (`orders-x`, not `orders-`).
  for (const candidate of [text, `${text}x`, `x${text}`, `x${text}x`]) {
    if (/^[a-z0-9](.*[a-z0-9])?$/i.test(candidate) && matchesPattern(a, candidate) && matchesPattern(b, candidate)) return candidate;
  }
  return text;
}

/** Whether a text matches a pattern of `*` and `?`, comparing the other characters exactly. */
function matchesPattern(pattern: string, text: string): boolean {
  const source = [...pattern].map((c) => (c === ANY ? ".*" : c === ONE ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "s").test(text);
}

/** Levenshtein distance, ignoring case: insertions, deletions and substitutions of one character. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/**
 * The candidates nearest to a text, ignoring case: those at the smallest edit distance, if that
 * distance is at most a third of the text's length (at least 1), at most `limit` of them, sorted.
 */
export function nearest(text: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = Math.max(1, Math.floor(text.length / 3));
  let best = threshold + 1;
  let found: string[] = [];
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - text.length) > threshold) continue;
    const distance = editDistance(text, candidate);
    if (distance < best) {
      best = distance;
      found = [candidate];
    } else if (distance === best) {
      found.push(candidate);
    }
  }
  return [...new Set(found)].sort().slice(0, limit);
}
