// Minimal text edits on a VMX document: change a value, rename a key, remove or add one line.
// Nothing is re-serialised: untouched lines (CRLF, comments, order, quoting) stay byte-identical.
import type { TextEdit } from 'vscode-languageserver-types';
import { encodeVmxValue, VmxDocument, VmxEntry } from './parser';

export class VmxEdits {
  private readonly eol: string;
  constructor(private readonly doc: VmxDocument) {
    this.eol = doc.index.dominantEol();
  }

  private range(start: number, end: number) {
    return this.doc.index.range({ start, end });
  }

  /** Replaces the value (and its quotes) with a straight-quoted, escaped value. */
  setValue(entry: VmxEntry, value: string): TextEdit {
    const s = entry.value.span;
    return { range: this.range(s.start, s.end), newText: `"${encodeVmxValue(value)}"` };
  }

  renameKey(entry: VmxEntry, key: string): TextEdit {
    return { range: this.range(entry.key.span.start, entry.key.span.end), newText: key };
  }

  /** Deletes the whole line including its line break. */
  removeLine(entry: VmxEntry): TextEdit {
    const idx = this.doc.index;
    const start = idx.lineStarts[entry.lineIndex];
    const end = entry.lineIndex + 1 < idx.lineCount ? idx.lineStarts[entry.lineIndex + 1] : idx.text.length;
    return { range: this.range(start, end), newText: '' };
  }

  /**
   * Sets `key` to `value`: edits the effective (last) entry when there is one, else inserts a new line
   * after the last line whose key starts with one of `near` (so related settings stay together),
   * or at the end of the file.
   */
  set(key: string, value: string, near: string[] = []): TextEdit {
    const existing = this.doc.get(key);
    if (existing) return this.setValue(existing, value);
    return this.insertLine(`${key} = "${encodeVmxValue(value)}"`, near);
  }

  insertLine(line: string | string[], near: string[] = []): TextEdit {
    const block = (Array.isArray(line) ? line : [line]).join(this.eol);
    const idx = this.doc.index;
    let anchor: VmxEntry | undefined;
    const prefixes = near.map((n) => n.toLowerCase());
    for (const e of this.doc.entries) if (prefixes.some((p) => e.key.lower.startsWith(p))) anchor = e;
    if (anchor) {
      const at = idx.lineEnd(anchor.lineIndex);
      return { range: this.range(at, at), newText: this.eol + block };
    }
    const text = idx.text;
    const at = text.length;
    const needsBreak = at > 0 && !text.endsWith('\n') && !text.endsWith('\r');
    return { range: this.range(at, at), newText: (needsBreak ? this.eol : '') + block + this.eol };
  }
}
