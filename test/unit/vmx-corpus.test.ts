// Every real .vmx of the corpus (test/corpus/vmx): analysed without exception, and no error-level diagnostic unless the
// file is wrong in a way a rule's doc page explains (the allow-list below, each entry mentioned on that page).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { diagnose } from '../helpers/vmx';

const repoRoot = path.resolve(__dirname, '..', '..');
const corpusDir = path.join(repoRoot, 'test', 'corpus', 'vmx');
const docsDir = path.join(repoRoot, 'docs', 'rules');

/** Corpus file (relative to corpus/vmx, '/' separated) → rule id → why that error is right. */
const ALLOWED_ERRORS: Record<string, Record<string, string>> = {
  'wild/doc-2x-rtx3090-esxi.fragment.vmx': {
    'vmx/invalid-value':
      'sched.mem.min = "<VM_MEMORY_MB>" is a template placeholder, not a number: VMware cannot use the file until it is replaced.',
  },
};

function vmxFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...vmxFiles(p));
    else if (name.toLowerCase().endsWith('.vmx')) out.push(p);
  }
  return out.sort();
}

describe('vmx corpus', () => {
  test('the corpus is where the repository expects it', () => {
    assert.ok(existsSync(corpusDir), `VMX corpus not found at ${corpusDir} (expected test/corpus/vmx in the repository)`);
    assert.ok(vmxFiles(corpusDir).length >= 100, 'expected the ~108 corpus files');
  });

  const files = existsSync(corpusDir) ? vmxFiles(corpusDir) : [];
  const warnings = new Map<string, number>();
  const seenAllowed = new Set<string>();

  for (const file of files) {
    const rel = path.relative(corpusDir, file).split(path.sep).join('/');
    test(rel, () => {
      const text = readFileSync(file, 'utf8');
      const uri = 'file:///corpus/' + rel.split('/').map(encodeURIComponent).join('/');
      const diags = diagnose(text, undefined, uri);
      for (const d of diags) {
        assert.ok(d.range.start.line < text.split(/\r\n|\r|\n/).length, `${rel}: ${d.code} points past the end of the file`);
        if (d.severity === DiagnosticSeverity.Warning) warnings.set(String(d.code), (warnings.get(String(d.code)) ?? 0) + 1);
        if (d.severity !== DiagnosticSeverity.Error) continue;
        const reason = ALLOWED_ERRORS[rel]?.[String(d.code)];
        assert.ok(reason, `${rel}:${d.range.start.line + 1}: unexpected error ${d.code}: ${d.message}`);
        seenAllowed.add(`${rel}|${d.code}`);
      }
    });
  }

  test('every allow-listed error still occurs, and its rule doc page explains the case', () => {
    for (const [rel, rules] of Object.entries(ALLOWED_ERRORS)) {
      for (const id of Object.keys(rules)) {
        assert.ok(seenAllowed.has(`${rel}|${id}`), `allow-list entry ${rel} → ${id} no longer occurs: remove it`);
        const page = readFileSync(path.join(docsDir, `${id.replace('/', '-')}.md`), 'utf8');
        assert.ok(page.includes(path.basename(rel)), `docs for ${id} must mention ${path.basename(rel)}`);
      }
    }
    const summary = [...warnings].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}: ${n}`).join(', ');
    console.log(`vmx corpus: ${files.length} files; warnings per rule: ${summary || 'none'}`);
  });
});
