// Result rows, targets and the printed table of `npm run bench`.

export type Unit = 'ms' | 'MB' | 'files/s' | 'x';

export interface Row {
  group: string;
  name: string;
  /** Median (or the percentile named in `name`); null when the measurement could not be made. */
  value: number | null;
  unit: Unit;
  /** The baseline measured in the same run, and what it is. */
  baseline?: { name: string; value: number | null };
  /** value / baseline.value (for files/s: baseline / value is not used; see `ratioNote`). */
  ratio?: number | null;
  note?: string;
}

export interface Target {
  name: string;
  /** null: could not be measured (the reason is in `detail`). */
  pass: boolean | null;
  detail: string;
}

export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

export function fmt(v: number | null | undefined, unit: Unit | ''): string {
  if (v == null || !Number.isFinite(v)) return 'n/a';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return `${v.toFixed(digits)}${unit ? ' ' + unit : ''}`;
}

export function fmtRatio(r: number | null | undefined): string {
  return r == null || !Number.isFinite(r) ? 'n/a' : `${r.toFixed(2)}×`;
}

/** A Markdown table (readable in a terminal too), so the same text goes into docs/benchmarks.md. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['group', 'measurement', 'median', 'baseline (same run)', 'ratio', 'note'];
  const body = rows.map((r) => [
    r.group,
    r.name,
    fmt(r.value, r.unit),
    r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value, r.unit === 'files/s' ? 'ms' : r.unit)}` : '',
    fmtRatio(r.ratio),
    r.note ?? '',
  ]);
  return markdown(header, body);
}

export function renderTargets(targets: readonly Target[]): string {
  return markdown(
    ['target', 'result', 'measured'],
    targets.map((t) => [t.name, t.pass === null ? 'N/A' : t.pass ? 'PASS' : 'MISS', t.detail]),
  );
}

function markdown(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...body.map(line)].join('\n');
}
