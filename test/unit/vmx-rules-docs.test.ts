// Rule documentation: every registered rule has a page; the index lists every rule; each vmx page states
// the right id and severity, and its examples behave as the page says (the bad one is reported, the fixed one not).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allRuleMeta } from '../../server/src/service/registry';
import { ruleDocUrl } from '../../server/src/service/types';
import { VMX_RULES } from '../../server/src/vmx/rules';
import { byRule, diagnose } from '../helpers/vmx';

const docsDir = path.resolve(__dirname, '..', '..', 'docs', 'rules');
const pageOf = (id: string) => path.join(docsDir, path.basename(ruleDocUrl(id)));

describe('rule docs', () => {
  test('every rule id in the registry has a doc page at the URL diagnostics link to', () => {
    const missing = [...allRuleMeta().keys()].filter((id) => !existsSync(pageOf(id)));
    assert.deepEqual(missing, []);
  });

  test('docs/rules/README.md lists every rule with a link to its page', () => {
    const index = readFileSync(path.join(docsDir, 'README.md'), 'utf8');
    for (const id of allRuleMeta().keys()) {
      assert.ok(index.includes(`[\`${id}\`](${path.basename(ruleDocUrl(id))})`), `README.md does not list ${id}`);
    }
  });

  for (const rule of VMX_RULES) {
    const { id, defaultSeverity, fixable } = rule.meta;
    test(`${id}: title, severity and examples`, () => {
      const page = readFileSync(pageOf(id), 'utf8');
      assert.equal(page.split('\n')[0], `# ${id}`);
      assert.match(page, new RegExp(`\\| Default severity \\| ${defaultSeverity}\\b`));
      assert.match(page, fixable ? /\| Quick fix \| yes/ : /\| Quick fix \| no/);
      for (const heading of ['## What it finds', '## Why', '## Example', '## The fix', '## Source']) assert.ok(page.includes(heading), `${id}: no "${heading}"`);
      const blocks = [...page.matchAll(/```vmx\n([\s\S]*?)```/g)].map((m) => m[1]);
      assert.equal(blocks.length, 2, `${id}: expected a bad and a fixed example`);
      const [bad, good] = blocks;
      assert.ok(byRule(diagnose(bad), id).length > 0, `${id}: the bad example is not reported`);
      assert.deepEqual(byRule(diagnose(good), id), [], `${id}: the fixed example is still reported`);
    });
  }
});
