// Writes schemas/vgpu-lint.schema.json, the JSON Schema of .vgpu-lint.json, from the rule registry, the severity
// levels and the GPU catalog (server/src/config/schema.ts). Usage: node --import tsx scripts/gen-config-schema.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { configSchema } = await import('../server/src/config/schema.ts');
mkdirSync(join(root, 'schemas'), { recursive: true });
writeFileSync(join(root, 'schemas', 'vgpu-lint.schema.json'), JSON.stringify(configSchema(), null, 2) + '\n');
console.log('wrote schemas/vgpu-lint.schema.json');
