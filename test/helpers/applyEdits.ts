// Tests apply edits with the product's own implementation (server/src/service/fixAll.ts), so what a
// test proves about a fix is what `vgpu-lint --fix` and the editor command will write.
export { applyEdits } from '../../server/src/service/fixAll';

/** The text's lines with their line breaks kept, so CRLF vs LF differences are visible in comparisons. */
export function linesWithBreaks(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}
