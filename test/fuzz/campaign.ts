// `npm run fuzz`: the unit fuzz test's properties over many more documents, with every quick fix
// checked. FUZZ_RUNS (default 200,000) documents in total; FUZZ_SEED picks the seed (printed, so a
// failure can be replayed). Each failure is shrunk by fast-check and printed; exit code 1 if any.
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { mutate, mutations, randomText, vmxDocument } from './arbitraries';
import { checkDocument } from './check';
import { loadCorpus } from './corpus';

const total = Number(process.env.FUZZ_RUNS ?? 200_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const corpus = loadCorpus();

let documents = 0;
let slowest = { ms: 0, what: '' };
const failures: string[] = [];

function check(uri: string, text: string, what: string): void {
  const r = checkDocument(uri, text);
  documents++;
  if (r.analysisMs > slowest.ms) slowest = { ms: r.analysisMs, what };
}

function run<T>(name: string, property: fc.IProperty<T>, numRuns: number): void {
  const t0 = performance.now();
  const before = documents;
  try {
    fc.assert(property, { seed, numRuns });
  } catch (e) {
    // fast-check puts the property's own error (what was violated) in `cause`.
    const cause = e instanceof Error && e.cause instanceof Error ? `\n${e.cause.message}` : '';
    failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}${cause}`);
    console.log(`FAIL ${name}`);
  }
  const ms = performance.now() - t0;
  if (ms > 2000 || documents - before > 1000) console.log(`${name}: ${documents - before} documents in ${(ms / 1000).toFixed(1)} s`);
}

const t0 = performance.now();
console.log(`fuzz campaign: ${total} documents, seed ${seed}, ${corpus.length} corpus files`);
const perFile = Math.max(1, Math.floor((total * 0.55) / corpus.length));
for (const f of corpus) run(`mutations of ${f.name}`, fc.property(mutations, (ms) => check(f.uri, mutate(f.text, ms), f.name)), perFile);
const rest = Math.max(0, total - perFile * corpus.length);
run('random .vmx', fc.property(randomText, (t) => check('file:///fuzz/random.vmx', t, 'random .vmx')), Math.floor(rest * 0.2));
run(
  'random .xml',
  fc.property(randomText, fc.constantFrom("<domain type='kvm'>", '<domain>', '<device>'), (t, p) => check('file:///fuzz/random.xml', p + t, 'random .xml')),
  Math.floor(rest * 0.2),
);
run('structured .vmx', fc.property(vmxDocument, (t) => check('file:///fuzz/gpu.vmx', t, 'structured .vmx')), rest - 2 * Math.floor(rest * 0.2));

const secs = (performance.now() - t0) / 1000;
console.log(`\n${documents} documents checked in ${secs.toFixed(1)} s (${Math.round(documents / secs)} documents/s), seed ${seed}`);
console.log(`slowest analysis: ${slowest.ms.toFixed(1)} ms (${slowest.what})`);
console.log(`${failures.length === 0 ? 'no property failed' : `${failures.length} propert${failures.length === 1 ? 'y' : 'ies'} failed:`}`);
for (const f of failures) console.log(`\n${f}`);
process.exit(failures.length ? 1 : 0);
