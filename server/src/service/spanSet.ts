// The edit spans already taken by one "fix all" pass. Bucketed by line so that testing a new fix
// against them costs O(lines it covers), not O(fixes taken): a file with 100,000 duplicate keys must
// not make fix-all quadratic.
import type { LineIndex, Span } from './text';

/** How many span pairs have been compared since start-up: lets a test check that fix-all stays linear by counting, not timing. */
export const spanSetStats = { comparisons: 0 };

/** Spans conflict when they overlap, or start at the same offset (two inserts at one point). */
export function spansConflict(a: Span, b: Span): boolean {
  spanSetStats.comparisons++;
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/** Spans covering more lines than this are kept in one list and compared with everything. */
const WIDE_LINES = 64;

export class SpanSet {
  private readonly byLine = new Map<number, Span[]>();
  private readonly wide: Span[] = [];
  private readonly all: Span[] = [];

  constructor(private readonly index: LineIndex) {}

  private lines(s: Span): [number, number] {
    return [this.index.positionAt(Math.min(s.start, s.end)).line, this.index.positionAt(Math.max(s.start, s.end)).line];
  }

  conflicts(s: Span): boolean {
    const [first, last] = this.lines(s);
    if (last - first > WIDE_LINES) return this.all.some((t) => spansConflict(s, t));
    for (let l = first; l <= last; l++) {
      const bucket = this.byLine.get(l);
      if (bucket && bucket.some((t) => spansConflict(s, t))) return true;
    }
    return this.wide.some((t) => spansConflict(s, t));
  }

  add(s: Span): void {
    this.all.push(s);
    const [first, last] = this.lines(s);
    if (last - first > WIDE_LINES) {
      this.wide.push(s);
      return;
    }
    for (let l = first; l <= last; l++) {
      const bucket = this.byLine.get(l);
      if (bucket) bucket.push(s);
      else this.byLine.set(l, [s]);
    }
  }
}
