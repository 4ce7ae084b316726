import type { Range } from 'vscode-languageserver-types';
import type { ModelContext } from '../service/rule';
import type { Span } from '../service/text';
import type { VmxEdits } from './edits';
import type { VmxDocument } from './parser';

export interface VmxContext extends ModelContext {
  doc: VmxDocument;
  edits: VmxEdits;
  range(span: Span): Range;
}
