import { defineRule, finding } from '../../service/rule';
import type { LibvirtContext } from '../context';

/** One diagnostic at the first well-formedness error: later ones are usually its echo. */
export const xmlSyntaxRule = defineRule<LibvirtContext>(
  { id: 'xml/syntax', defaultSeverity: 'error', description: 'The document is not well-formed XML (reported once, at the real cause).', fixable: false },
  (ctx) => {
    const first = ctx.doc.errors[0];
    if (!first) return [];
    const more = ctx.doc.errors.length - 1;
    return [finding('xml/syntax', ctx.range(first.span), `${first.message}${more > 0 ? ` (libvirt rejects the file until this is fixed; ${more} later problem${more > 1 ? 's' : ''} may follow from it)` : ''}`)];
  },
);
