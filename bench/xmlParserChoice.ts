// Why the libvirt front end has its own XML parser: the same domain XML parsed by ours and by
// @xml-tools/parser + @xml-tools/ast (the tolerant parser with positions we measured first).
import { buildAst } from '@xml-tools/ast';
import { parse } from '@xml-tools/parser';
import { parseXml } from '../server/src/libvirt/xml/parser';
import { ratio, Row } from './report';
import { median, samplePair } from './stats';

export function xmlParserChoiceRows(texts: Map<number, string>, sizes: number[], repeats: number, label: (bytes: number) => string): Row[] {
  const rows: Row[] = [];
  for (const bytes of sizes) {
    const text = texts.get(bytes);
    if (!text) continue;
    const theirs = () => {
      const { cst, tokenVector } = parse(text);
      return buildAst(cst as Parameters<typeof buildAst>[0], tokenVector);
    };
    const [ours, xmlTools] = samplePair(() => parseXml(text), theirs, Math.max(3, repeats >> 2), 1);
    rows.push({
      group: 'parser choice',
      name: `our XML parser vs @xml-tools/parser + buildAst, ${label(bytes)}`,
      value: median(ours),
      unit: 'ms',
      baseline: { name: '@xml-tools', value: median(xmlTools) },
      ratio: ratio(median(ours), median(xmlTools)),
    });
  }
  return rows;
}
