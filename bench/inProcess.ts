// In-process analysis time: parse + every rule through the public facade (`diagnose`), a fresh
// LanguageService per run so its one-document cache never answers. The baseline ("floor") is the
// least any line-oriented analyser must do on the same text: split it into lines and match one
// regular expression per line.
import { LanguageService } from '../server/src/service/languageService';
import { DEFAULT_SETTINGS, Settings } from '../server/src/service/types';
import { generateDomainXml, generateVmx, mb } from './generate';
import { ratio, Row } from './report';
import { median, samplePair } from './stats';

const VMX_LINE = /^\s*([^=\s#]+)\s*=\s*"([^"]*)"/;
const XML_LINE = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*)>/;

export function floorScan(text: string, re: RegExp): number {
  let hits = 0;
  for (const line of text.split(/\r?\n/)) if (re.test(line)) hits++;
  return hits;
}

export interface AnalysisFigure {
  label: string;
  size: number;
  analysis: number;
  floor: number;
}

/**
 * Settings for the benchmarks: no host inventory (the figure is the analyser, not sysfs). With a
 * schema folder, libvirt/schema validates against it; with null, the rule is off (no RelaxNG validation).
 */
export function benchSettings(schemaDir: string | null): Settings {
  return {
    ...DEFAULT_SETTINGS,
    host: { ...DEFAULT_SETTINGS.host, enabled: false },
    ...(schemaDir ? { libvirt: { schemaDir } } : { rules: { 'libvirt/schema': 'off' } }),
  };
}

let run = 0;

function measure(label: string, uri: string, text: string, re: RegExp, settings: Settings, repeats: number): AnalysisFigure {
  // Each run sees a text of its own (a trailing comment with a counter), so no cache – the schema
  // validator keeps results per text for the editor – can answer for the analysis being measured.
  const comment = uri.endsWith('.xml') ? (n: number) => `\n<!-- run ${n} -->` : (n: number) => `\n# run ${n}`;
  const analyse = () => new LanguageService().diagnose({ uri, text: text + comment(run++) }, settings);
  const floor = () => floorScan(text, re);
  const [ta, tf] = samplePair(analyse, floor, repeats, 3);
  return { label, size: text.length, analysis: median(ta), floor: median(tf) };
}

export interface InProcessResult {
  rows: Row[];
  vmx: Map<number, AnalysisFigure>;
  xml: Map<number, AnalysisFigure>;
  xmlWithSchema: Map<number, AnalysisFigure>;
  texts: { vmx: Map<number, string>; xml: Map<number, string> };
}

export const VMX_SIZES = [200, 2_000, 20_000];
export const XML_SIZES = [0.8e6, 2.4e6, 8e6];

export function runInProcess(repeats: number, schemaDir: string | null): InProcessResult {
  const rows: Row[] = [];
  const vmx = new Map<number, AnalysisFigure>();
  const xml = new Map<number, AnalysisFigure>();
  const xmlWithSchema = new Map<number, AnalysisFigure>();
  const texts = { vmx: new Map<number, string>(), xml: new Map<number, string>() };
  const noSchema = benchSettings(null);
  for (const lines of VMX_SIZES) texts.vmx.set(lines, generateVmx(lines));
  for (const bytes of XML_SIZES) texts.xml.set(bytes, generateDomainXml(bytes));

  // Warm the JIT on every code path first: without it the first size measured of each format pays
  // for compilation, and the growth ratios measure warm-up instead of the analyser.
  for (let i = 0; i < 3; i++) {
    for (const text of texts.vmx.values()) new LanguageService().diagnose({ uri: 'file:///bench/vm.vmx', text }, noSchema);
    new LanguageService().diagnose({ uri: 'file:///bench/domain.xml', text: texts.xml.get(XML_SIZES[0])! }, noSchema);
  }

  for (const lines of VMX_SIZES) {
    const text = texts.vmx.get(lines)!;
    const f = measure(`VMX ${lines} lines`, 'file:///bench/vm.vmx', text, VMX_LINE, noSchema, lines >= 20_000 ? Math.max(5, repeats >> 1) : repeats * 2);
    vmx.set(lines, f);
    rows.push(analysisRow('analysis', f));
  }
  const crlf = generateVmx(2_000, { crlf: true });
  rows.push(analysisRow('analysis', measure('VMX 2000 lines, CRLF', 'file:///bench/vm.vmx', crlf, VMX_LINE, noSchema, repeats * 2)));
  growthRows(rows, 'VMX', vmx, (n) => `${n} lines`, (n) => n);

  for (const bytes of XML_SIZES) {
    const text = texts.xml.get(bytes)!;
    const f = measure(`domain XML ${mb(bytes)}, no schema`, 'file:///bench/domain.xml', text, XML_LINE, noSchema, bytes >= 8e6 ? Math.max(3, repeats >> 2) : Math.max(5, repeats >> 1));
    xml.set(bytes, f);
    rows.push(analysisRow('analysis', f));
  }
  growthRows(rows, 'XML', xml, mb, (n) => n);

  if (schemaDir) {
    const withSchema = benchSettings(schemaDir);
    for (const bytes of XML_SIZES.slice(0, 2)) {
      const text = texts.xml.get(bytes)!;
      const f = measure(`domain XML ${mb(bytes)}, with libvirt schema`, 'file:///bench/domain.xml', text, XML_LINE, withSchema, 3);
      xmlWithSchema.set(bytes, f);
      rows.push(analysisRow('analysis', f));
    }
  }
  return { rows, vmx, xml, xmlWithSchema, texts };
}

function analysisRow(group: string, f: AnalysisFigure): Row {
  return {
    group,
    name: `${f.label} (${mb(f.size)})`,
    value: f.analysis,
    unit: 'ms',
    baseline: { name: 'floor (split + 1 regex/line)', value: f.floor },
    ratio: ratio(f.analysis, f.floor),
  };
}

/** Time growth between consecutive sizes, normalised by the size growth: 1.0 is exactly linear. */
function growthRows(rows: Row[], fmt: string, figs: Map<number, AnalysisFigure>, label: (n: number) => string, weight: (n: number) => number): void {
  const sizes = [...figs.keys()];
  for (let i = 1; i < sizes.length; i++) {
    const a = figs.get(sizes[i - 1])!;
    const b = figs.get(sizes[i])!;
    const timeGrowth = b.analysis / a.analysis;
    const sizeGrowth = weight(sizes[i]) / weight(sizes[i - 1]);
    rows.push({
      group: 'growth',
      name: `${fmt} ${label(sizes[i - 1])} → ${label(sizes[i])} (input ×${sizeGrowth.toFixed(2)})`,
      value: timeGrowth,
      unit: 'x',
      baseline: { name: 'input growth', value: sizeGrowth },
      ratio: timeGrowth / sizeGrowth,
      note: timeGrowth / sizeGrowth <= 1.2 ? 'linear (≤ 1.2)' : 'super-linear (> 1.2)',
    });
  }
}
