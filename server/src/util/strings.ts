/** Levenshtein distance, bounded: returns max+1 as soon as the distance exceeds max. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The candidates closest to `word` (case-insensitive), within `max` edits, best first. */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), max);
    if (d <= max) scored.push({ c, d });
  }
  // Equal distances: prefer the candidate sharing the longest prefix with the word (typos sit at the end).
  scored.sort((x, y) => x.d - y.d || commonPrefix(w, y.c.toLowerCase()) - commonPrefix(w, x.c.toLowerCase()) || x.c.localeCompare(y.c));
  return scored.map((s) => s.c);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The first four characters of a lower-case key packed into one small integer (7 bits each, 0 past
 * the end; -1 when one of them is not ASCII). A cheap first test before a catalog lookup.
 */
export function packKeyHead(lower: string): number {
  let head = 0;
  for (let i = 0; i < 4; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if (c >= 128) return -1;
    head = (head << 7) | c;
  }
  return head;
}
