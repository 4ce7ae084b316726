// Minimal text edits on an XML document, computed from node offsets. Nothing is re-serialised:
// the rest of the file (quoting style, comments, line endings, attribute order) stays byte-identical.
import type { TextEdit } from 'vscode-languageserver-types';
import type { LineIndex, Span } from '../service/text';
import { indentAt, indentUnit } from './xml/dom';
import type { XmlAttribute, XmlDocument, XmlElement } from './xml/parser';

export class XmlEdits {
  readonly eol: string;
  private quoteChar: "'" | '"' | undefined;

  constructor(
    private readonly doc: XmlDocument,
    private readonly index: LineIndex,
  ) {
    this.eol = index.dominantEol();
  }

  /** The quote the document mostly uses, so inserted attributes look like their neighbours. */
  get quote(): "'" | '"' {
    if (!this.quoteChar) {
      let single = 0;
      let double = 0;
      for (const el of this.doc.elements.slice(0, 200)) for (const a of el.attributes) a.quote === '"' ? double++ : single++;
      this.quoteChar = double > single ? '"' : "'";
    }
    return this.quoteChar;
  }

  replace(span: Span, newText: string): TextEdit {
    return { range: this.index.range(span), newText };
  }

  insert(at: number, newText: string): TextEdit {
    return { range: this.index.range({ start: at, end: at }), newText };
  }

  /** Adds ` name='value'` right after the element name (before any other attribute). */
  insertAttribute(el: XmlElement, name: string, value: string, after?: XmlAttribute): TextEdit {
    const q = this.quote;
    const at = after?.valueSpan?.end ?? after?.nameSpan.end ?? el.nameSpan.end;
    return this.insert(at, ` ${name}=${q}${value}${q}`);
  }

  /** Replaces the attribute's value between its delimiters. */
  setAttributeValue(a: XmlAttribute, value: string): TextEdit {
    if (a.innerSpan) return this.replace(a.innerSpan, value);
    return this.insert(a.nameSpan.end, `=${this.quote}${value}${this.quote}`);
  }

  renameAttribute(a: XmlAttribute, name: string): TextEdit {
    return this.replace(a.nameSpan, name);
  }

  /** Indentation of an element's own line, and of its children. */
  indentOf(el: XmlElement): { own: string; child: string } {
    const own = indentAt(this.doc.text, el.start);
    const first = el.children[0];
    const child = first ? indentAt(this.doc.text, first.start) : own + indentUnit(this.doc);
    return { own, child };
  }

  /**
   * Inserts lines as the last children of `parent` (before its end tag), indented like its children.
   * A self-closing parent cannot take children: the caller handles that case.
   */
  appendChildLines(parent: XmlElement, lines: string[]): TextEdit {
    const { own, child } = this.indentOf(parent);
    const text = this.doc.text;
    // Insert at the start of the end tag's line when the end tag is alone on it, else just before it.
    let lineStart = parent.contentEnd;
    while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    const endTagOnOwnLine = lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
    const body = lines.map((l) => child + l).join(this.eol);
    if (endTagOnOwnLine) return this.insert(lineStart, body + this.eol);
    return this.insert(parent.contentEnd, this.eol + body + this.eol + own);
  }

  /** Inserts lines as siblings right after `el`, on their own lines with its indentation. */
  insertAfter(el: XmlElement, lines: string[]): TextEdit {
    const own = indentAt(this.doc.text, el.start);
    return this.insert(el.end, lines.map((l) => this.eol + own + l).join(''));
  }
}
