// libvirt/schema: validation against libvirt's RelaxNG schemas (the folder the user set, else the host's,
// else the bundled copy: schemaSet.ts),
// each error placed on the offending element or attribute. Silent when the schemas or the validator
// are not available, and on documents that are not well-formed (xml/syntax or xml/smart-quotes speak).
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { validateLibvirtSchema } from '../schema';
import { resolveSchemaSet } from '../schema/schemaSet';

export const schemaRule = defineRule<LibvirtContext>(
  { id: 'libvirt/schema', defaultSeverity: 'error', description: 'A violation of the libvirt RelaxNG schema, reported at the offending element or attribute.', fixable: false },
  (ctx) => {
    if (ctx.doc.errors.length || ctx.doc.smartQuoted.length) return [];
    const result = validateLibvirtSchema(ctx.doc.text, ctx.kind, resolveSchemaSet(ctx.settings.libvirt.schemaDir).dir, ctx.doc);
    if (!result.available) return [];
    return result.errors.map((e): Finding =>
      finding('libvirt/schema', ctx.range({ start: e.offset, end: e.endOffset }), e.message, e.severity ? { severity: e.severity } : {}),
    );
  },
);
