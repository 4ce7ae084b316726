import { defineRule, finding } from '../../service/rule';
import type { Finding, Fix } from '../../service/types';
import { closest } from '../../util/strings';
import type { LibvirtContext } from '../context';
import { ATTRIBUTE_MISSPELLINGS, findElementSpec } from '../elements';
import { attr } from '../xml/dom';
import { quoteUserText } from '../../util/userText';

/** Only elements of the GPU subset whose full attribute list we know are checked (see elements.ts). */
export const unknownAttributeRule = defineRule<LibvirtContext>(
  { id: 'libvirt/unknown-attribute', defaultSeverity: 'warning', description: 'A misspelt attribute in the GPU-relevant subset of libvirt XML (status= for state=, retires= for retries=).', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const el of ctx.doc.elements) {
      const spec = findElementSpec(el.name, el.parent?.name);
      if (!spec || spec.openAttributes) continue;
      for (const a of el.attributes) {
        if (a.name.includes(':') || a.name === 'xmlns' || a.name in spec.attributes) continue;
        const known = Object.keys(spec.attributes);
        const alias = ATTRIBUTE_MISSPELLINGS[a.name.toLowerCase()];
        const suggestion = alias && alias in spec.attributes ? alias : closest(a.name, known, 2)[0];
        const clash = suggestion !== undefined && attr(el, suggestion) !== undefined;
        const fixes: Fix[] =
          suggestion && !clash ? [{ title: `Rename to ${suggestion}=`, edits: [ctx.edits.renameAttribute(a, suggestion)], safe: alias === suggestion }] : [];
        const listing = known.length ? `<${quoteUserText(el.name)}> takes ${known.map((k) => `${k}=`).join(', ')}` : `<${quoteUserText(el.name)}> takes no attributes`;
        const hint = suggestion ? `did you mean ${suggestion}=? ` : '';
        out.push(
          finding('libvirt/unknown-attribute', ctx.range(a.nameSpan), `Unknown attribute ${quoteUserText(a.name)}= on <${quoteUserText(el.name)}>: ${hint}${listing}. libvirt's schema rejects it, and without validation libvirt silently ignores it, so the setting has no effect`, { fixes }),
        );
      }
    }
    return out;
  },
);
