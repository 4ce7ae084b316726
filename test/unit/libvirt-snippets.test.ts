// The libvirt snippets, expanded with their defaults and embedded in a minimal domain (or used as a
// node-device document), must raise no error or warning in our analysis and validate against libvirt's
// RelaxNG schema with libxml2's own xmllint (--relaxng, the bundled libvirt 9.0.0 schemas). Without
// xmllint (Debian/Ubuntu package libxml2-utils) the xmllint half is skipped, loudly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findingsOf } from './libvirt-helpers';
import { requireTool } from './support/tools';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}

const repoRoot = path.resolve(__dirname, '..', '..');
const SCHEMA_DIR = path.join(repoRoot, 'server', 'schemas', 'libvirt');
const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'libvirt.code-snippets'), 'utf8')) as Record<string, Snippet>;
const SNIPPET_UUID = '3f2b8a4e-5c6d-4e7f-8a9b-0c1d2e3f4a5b';

/** Expands a body as an editor does when every default is accepted ($UUID → a fixed UUID, tabs → two spaces). */
function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:\$UUID\}|\$UUID/g, SNIPPET_UUID)
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\t/g, '  ');
}

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => (l ? by + l : l)).join('\n');
}

/** A minimal valid domain around the snippet: device snippets go in <devices>, the others at top level. */
function embed(snippet: string): { kind: 'domain' | 'nodedev'; text: string } {
  if (snippet.startsWith('<device>')) return { kind: 'nodedev', text: snippet };
  const isDevice = snippet.startsWith('<hostdev');
  const top = isDevice ? '' : indent(snippet, '  ') + '\n';
  const os = /<os[\s>]/.test(snippet) ? '' : "  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n";
  const clock = /<clock[\s>]/.test(snippet) ? '' : "  <clock offset='utc'/>\n";
  return {
    kind: 'domain',
    text:
      "<domain type='kvm'>\n  <name>snippet-test</name>\n  <memory unit='GiB'>16</memory>\n  <vcpu placement='static'>4</vcpu>\n" +
      os + top + clock +
      `  <devices>\n${isDevice ? indent(snippet, '    ') + '\n' : ''}  </devices>\n</domain>\n`,
  };
}


describe('libvirt snippets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-snippets-'));
  test('every snippet has a prefix and a description', () => {
    assert.ok(Object.keys(snippets).length >= 7);
    for (const [name, s] of Object.entries(snippets)) assert.ok(s.prefix.length && s.description.length > 20, name);
  });
  let n = 0;
  for (const [name, s] of Object.entries(snippets)) {
    const { kind, text } = embed(expandSnippet(s.body));
    test(`${name}: clean in our analysis`, () => {
      const serious = findingsOf(text).filter((f) => f.level === 'error' || f.level === 'warning');
      assert.deepEqual(serious.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
    test(`${name}: valid against libvirt's schema per xmllint`, (t) => {
      if (!requireTool(t, 'xmllint', 'snippet check')) return;
      const file = path.join(dir, `snippet-${n++}.xml`);
      writeFileSync(file, text);
      const schema = path.join(SCHEMA_DIR, kind === 'domain' ? 'domain.rng' : 'nodedev.rng');
      assert.ok(existsSync(schema), `${schema} is missing`);
      const r = spawnSync('xmllint', ['--noout', '--relaxng', schema, file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `xmllint rejected the snippet:\n${r.stderr}\n${text}`);
    });
  }
  test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});

describe('libvirt XML grammar and language configuration', () => {
  const grammar = JSON.parse(readFileSync(path.join(repoRoot, 'syntaxes', 'libvirt-xml.tmLanguage.json'), 'utf8'));
  const config = JSON.parse(readFileSync(path.join(repoRoot, 'language-configuration.xml.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

  test('scope name and paths match what the package contributes', () => {
    const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'libvirt-xml');
    assert.equal(grammar.scopeName, contributed.scopeName);
    assert.equal(contributed.path, './syntaxes/libvirt-xml.tmLanguage.json');
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'libvirt-xml');
    assert.equal(lang.configuration, './language-configuration.xml.json');
    assert.deepEqual(config.comments.blockComment, ['<!--', '-->']);
  });
  test("typographic quotes are marked invalid: state=‘on’ and the closing quote of slot='0x08’", () => {
    const smart = grammar.repository['smart-quoted'];
    assert.ok(new RegExp(smart.begin).test('‘on’'));
    assert.equal(smart.beginCaptures['0'].name, 'invalid.illegal.smart-quote.xml');
    const single = grammar.repository['single-quoted'];
    assert.equal(new RegExp(single.end).exec("0x08’ function='0x0'")?.index, 4);
    assert.ok(new RegExp(grammar.repository['smart-quote'].match).test("’ function"));
  });
  test('start tags split prefix and local name (qemu:arg)', () => {
    const m = new RegExp(grammar.repository['start-tag'].begin).exec("<qemu:arg value='-fw_cfg'/>");
    assert.deepEqual(m && [...m].slice(1), ['<', 'qemu:', 'arg']);
  });
});
