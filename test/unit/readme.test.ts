// The README's rule table is what users read first: it must list every rule with its real severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allRuleMeta } from '../../server/src/service/registry';

const readme = readFileSync(resolve(__dirname, '..', '..', 'README.md'), 'utf8');

test('the README rule table lists every registered rule with its default severity', () => {
  const rows = new Map<string, string>();
  for (const m of readme.matchAll(/^\| `([a-z]+\/[a-z0-9-]+)` \| (error|warning|info|hint) \|/gm)) rows.set(m[1], m[2]);
  const meta = allRuleMeta();
  assert.ok(meta.size > 30, 'registry has the rules');
  for (const [id, m] of meta) assert.equal(rows.get(id), m.defaultSeverity, `README row for ${id}`);
  for (const id of rows.keys()) assert.ok(meta.has(id), `README lists ${id}, which is not a registered rule`);
});

test('the README shows the two newcomer commands near the top', () => {
  const top = readme.split('\n').slice(0, 40).join('\n');
  assert.match(top, /npm ci && npm start/);
  assert.match(top, /npm test/);
});
