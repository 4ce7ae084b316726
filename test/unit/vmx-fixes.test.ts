// Every quick fix, on its own, on realistic broken files: it changes only the lines it must (the rest stays
// byte-identical: CRLF, comments, order, quoting), removes the finding it targets and adds no new error.
// "Fix all" reaches a fixpoint in at most three passes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { VMX_RULES } from '../../server/src/vmx/rules';
import { applyEdits, linesWithBreaks } from '../helpers/applyEdits';
import { actionEdits, crlf, diagnose, errors, fullRange, gpuLines, service, TEST_SETTINGS, VMX_HEADER, VMX_URI, vmx } from '../helpers/vmx';

interface BrokenFile {
  name: string;
  text: string;
  /** Fixable rules this file must offer a fix for. */
  covers: string[];
}

const EFI = 'firmware = "efi"';
const RES = ['sched.mem.pin = "TRUE"', 'sched.mem.min = "65536"'];
const MMIO_128 = ['pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128"'];

const FILES: BrokenFile[] = [
  {
    name: 'values pasted without quotes (CRLF, comments)',
    text: crlf(vmx([...VMX_HEADER, EFI, '# from a forum post', 'hypervisor.cpuid.v0 = FALSE', 'numvcpus = 8  # eight cores', ...RES])),
    covers: ['vmx/unquoted-value'],
  },
  {
    name: 'typographic and single quotes from a web page',
    text: vmx([...VMX_HEADER, EFI, ...RES, ...gpuLines(0, '0x1eb8'), 'pciPassthru.use64bitMMIO = \u201cTRUE\u201d', "pciPassthru.64bitMMIOSizeGB = '64'"]),
    covers: ['vmx/smart-quotes'],
  },
  {
    name: 'duplicate keys around comments (CRLF)',
    text: crlf(vmx([...VMX_HEADER, EFI, 'numvcpus = "8"', '# later edit:', 'NUMVCPUS = "16"', 'memSize = "65536"', '', 'annotation = "x|22y"'])),
    covers: ['vmx/duplicate-key'],
  },
  {
    name: "the article's misspelt MMIO switch, and a device key typo",
    text: vmx([...VMX_HEADER, EFI, ...RES, ...gpuLines(0, '0x20b1'), 'pciPassthru0.msiEnabld = "TRUE"', 'pciPassthru.set.usebitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128"']),
    covers: ['vmx/unknown-key'],
  },
  {
    name: 'wrong value types: yes, uefi, a size with a unit',
    text: vmx([...VMX_HEADER, 'firmware = "uefi"', ...RES, 'vvtd.enable = "yes"', ...gpuLines(0, '0x20b1'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128GB"']),
    covers: ['vmx/invalid-value'],
  },
  {
    name: 'A100 without 64-bit MMIO (CRLF, trailing comment)',
    text: crlf(vmx([...VMX_HEADER, EFI, ...RES, '# the GPU', ...gpuLines(0, '0x20b1'), 'pciPassthru0.pciSlotNumber = "256" # slot'])),
    covers: ['vmx/mmio-not-enabled'],
  },
  {
    name: 'two A100 with a 128 GB window',
    text: vmx([...VMX_HEADER, EFI, ...RES, ...gpuLines(0, '0x20b1'), ...gpuLines(1, '0x20f1'), ...MMIO_128]),
    covers: ['vmx/mmio-too-small'],
  },
  {
    name: 'a window that is not a power of two',
    text: vmx([...VMX_HEADER, EFI, ...RES, ...gpuLines(0, '0x1eb8'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "48"']),
    covers: ['vmx/mmio-not-power-of-two'],
  },
  {
    name: 'a size without the switch, too small for an A100',
    text: vmx([...VMX_HEADER, EFI, ...RES, ...gpuLines(0, '0x20b1'), 'pciPassthru.64bitMMIOSizeGB = "32"']),
    covers: ['vmx/mmio-size-ignored'],
  },
  {
    name: 'A2 with explicit BIOS',
    text: vmx([...VMX_HEADER, 'firmware = "bios"', ...RES, ...gpuLines(0, '0x25b6'), 'pciPassthru0.subDeviceId = "0x157e"']),
    covers: ['vmx/bios-large-bar'],
  },
  {
    name: 'H100 without a firmware line (BIOS by default, CRLF)',
    text: crlf(vmx([...VMX_HEADER, ...RES, ...gpuLines(0, '0x2331'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "256"'])),
    covers: ['vmx/bios-large-bar'],
  },
  {
    name: 'vGPU VM without a memory reservation',
    text: vmx([...VMX_HEADER, EFI, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.vgpu = "grid_a100-8c"', ...MMIO_128]),
    covers: ['vmx/memory-not-reserved'],
  },
  {
    name: 'nested ESXi outer VM with vhv.enable off',
    text: vmx([...VMX_HEADER.slice(0, 4), 'guestOS = "vmkernel8"', VMX_HEADER[5], EFI, ...RES, 'vhv.enable = "FALSE"', ...gpuLines(0, '0x1eb8')]),
    covers: ['vmx/nested-passthrough'],
  },
  {
    name: 'lspci address pasted into pciPassthru0.id',
    text: vmx([...VMX_HEADER, EFI, ...RES, ...gpuLines(0, '0x1eb8', '0000:af:00.0')]),
    covers: ['vmx/passthru-id-format'],
  },
  {
    name: 'vendorId and deviceId swapped',
    text: vmx([...VMX_HEADER, EFI, ...RES, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.deviceId = "0x10de"', 'pciPassthru0.vendorId = "0x2331"', ...MMIO_128.slice(0, 1), 'pciPassthru.64bitMMIOSizeGB = "256"']),
    covers: ['vmx/vendor-device-swapped'],
  },
  {
    name: 'misspelt vGPU profile',
    text: vmx([...VMX_HEADER, EFI, ...RES, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.virtualDev = "vmiop"', 'pciPassthru0.vgpu = "grid_a100_4c"', ...MMIO_128]),
    covers: ['vmx/unknown-vgpu-profile'],
  },
  {
    name: 'a pasted fragment with several problems',
    text: vmx(['pciPassthru.set.usebitMMIO=TRUE', 'pciPassthru.64bitMMIOSizeGB=200', 'hypervisor.cpuid.v0= FALSE', 'pciPassthru0.present = \u201cTRUE\u201d', 'pciPassthru0.deviceId = "0x20b1"', 'pciPassthru0.vendorId = "0x10de"']),
    covers: ['vmx/unquoted-value', 'vmx/smart-quotes', 'vmx/unknown-key', 'vmx/memory-not-reserved', 'vmx/mmio-not-power-of-two'],
  },
  {
    name: 'everything at once (CRLF)',
    text: crlf(vmx([
      ...VMX_HEADER, 'firmware = "bios"', 'numvcpus = 8', 'numvcpus = "8"', 'sched.mem.min = "1024"',
      ...gpuLines(0, '0x20b1'), ...gpuLines(1, '0x20b1', '0000:d8:00.0'), 'pciPassthru.64bitMMIOSizeGB = "96"',
    ])),
    covers: ['vmx/unquoted-value', 'vmx/duplicate-key', 'vmx/mmio-size-ignored', 'vmx/mmio-not-power-of-two', 'vmx/bios-large-bar', 'vmx/memory-not-reserved', 'vmx/passthru-id-format'],
  },
];

/** Longest common subsequence of two line arrays: which original lines survive unchanged, in order. */
function keptLines(a: string[], b: string[]): { keptA: Set<number>; keptB: Set<number> } {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const keptA = new Set<number>();
  const keptB = new Set<number>();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) { keptA.add(i++); keptB.add(j++); }
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return { keptA, keptB };
}

/** Original lines an edit may change: the lines its range covers (a range ending at column 0 stops before that line). */
function touchedLines(edits: TextEdit[]): Set<number> {
  const out = new Set<number>();
  for (const e of edits) {
    const last = e.range.end.line > e.range.start.line && e.range.end.character === 0 ? e.range.end.line - 1 : e.range.end.line;
    for (let l = e.range.start.line; l <= last; l++) out.add(l);
  }
  return out;
}

function countBy(diags: Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of diags) m.set(String(d.code), (m.get(String(d.code)) ?? 0) + 1);
  return m;
}

function assertOnlyTouchedLinesChange(before: string, after: string, edits: TextEdit[], what: string): void {
  const a = linesWithBreaks(before);
  const b = linesWithBreaks(after);
  const { keptA, keptB } = keptLines(a, b);
  const touched = touchedLines(edits);
  a.forEach((line, i) => {
    if (!keptA.has(i)) assert.ok(touched.has(i), `${what}: line ${i + 1} changed but no edit covers it: ${JSON.stringify(line)}`);
  });
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  b.forEach((line, j) => {
    if (keptB.has(j) || j === b.length - 1) return;
    assert.ok(line.endsWith(eol) && !line.slice(0, -eol.length).includes('\n'), `${what}: new line ${j + 1} does not use the file's ${JSON.stringify(eol)}: ${JSON.stringify(line)}`);
  });
  assert.ok(touched.size <= 2, `${what}: a fix should edit at most two existing lines, got ${[...touched].join(', ')}`);
}

describe('applyEdits (test helper)', () => {
  const at = (sl: number, sc: number, el: number, ec: number, newText: string): TextEdit => ({ range: { start: { line: sl, character: sc }, end: { line: el, character: ec } }, newText });

  test('applies edits against the original text, in any order, CRLF-aware', () => {
    assert.equal(applyEdits('a = "1"\r\nb = "2"\r\n', [at(1, 4, 1, 7, '"3"'), at(0, 0, 0, 1, 'A')]), 'A = "1"\r\nb = "3"\r\n');
  });

  test('two inserts at the same place keep their given order', () => {
    assert.equal(applyEdits('xy', [at(0, 1, 0, 1, '1'), at(0, 1, 0, 1, '2')]), 'x12y');
  });

  test('overlapping edits are refused', () => {
    assert.throws(() => applyEdits('abcdef', [at(0, 0, 0, 3, 'X'), at(0, 2, 0, 4, 'Y')]), /overlapping edits/);
  });
});

describe('vmx fixes: the broken files cover every fixable rule', () => {
  test('each fixable vmx rule is offered a fix by at least one file', () => {
    const fixable = VMX_RULES.filter((r) => r.meta.fixable).map((r) => r.meta.id).sort();
    const offered = new Set<string>();
    for (const f of FILES) {
      for (const a of service.codeActions({ uri: VMX_URI, text: f.text }, fullRange(f.text), TEST_SETTINGS, ['quickfix'])) {
        for (const d of a.diagnostics ?? []) offered.add(String(d.code));
      }
    }
    assert.deepEqual(fixable.filter((id) => !offered.has(id)), []);
  });
});

describe('vmx fixes: each fix on its own', () => {
  for (const file of FILES) {
    test(file.name, () => {
      const before = diagnose(file.text);
      const actions = service.codeActions({ uri: VMX_URI, text: file.text }, fullRange(file.text), TEST_SETTINGS, ['quickfix']);
      const offered = new Set(actions.flatMap((a) => (a.diagnostics ?? []).map((d) => String(d.code))));
      for (const id of file.covers) assert.ok(offered.has(id), `no fix offered for ${id}; offered: ${[...offered].join(', ')}`);
      const beforeCounts = countBy(before);
      const beforeErrors = countBy(errors(before));
      for (const action of actions) {
        const target = String(action.diagnostics![0].code);
        const what = `${file.name} / ${action.title}`;
        const edits = actionEdits(action);
        const after = applyEdits(file.text, edits);
        assert.notEqual(after, file.text, `${what}: the fix changes nothing`);
        assertOnlyTouchedLinesChange(file.text, after, edits, what);
        const diags = diagnose(after);
        assert.ok((countBy(diags).get(target) ?? 0) < (beforeCounts.get(target) ?? 0), `${what}: ${target} is still reported`);
        for (const [id, n] of countBy(errors(diags))) {
          assert.ok(n <= (beforeErrors.get(id) ?? 0), `${what}: new error ${id}: ${diags.filter((d) => d.code === id).map((d) => d.message).join(' | ')}`);
        }
      }
    });
  }
});

describe('vmx fixes: fix all', () => {
  for (const file of FILES) {
    test(`${file.name}: fixpoint in at most 3 passes, and only safe fixes are left over`, () => {
      let text = file.text;
      let passes = 0;
      for (;;) {
        const edits = service.fixAll({ uri: VMX_URI, text }, TEST_SETTINGS);
        if (edits.length === 0) break;
        passes++;
        assert.ok(passes <= 3, `${file.name}: no fixpoint after 3 passes:\n${text}`);
        text = applyEdits(text, edits);
      }
      const left = service.findings({ uri: VMX_URI, text }, TEST_SETTINGS).filter((f) => f.fixes?.some((x) => x.safe));
      assert.deepEqual(left.map((f) => f.ruleId), []);
      if (file.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(text), `${file.name}: a bare LF appeared in a CRLF file`);
    });
  }

  test('the fix-all source action carries the same edits', () => {
    const file = FILES[FILES.length - 1];
    const actions = service.codeActions({ uri: VMX_URI, text: file.text }, fullRange(file.text), TEST_SETTINGS, ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.deepEqual(actionEdits(actions[0]), service.fixAll({ uri: VMX_URI, text: file.text }, TEST_SETTINGS));
  });
});
