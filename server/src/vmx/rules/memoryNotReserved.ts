import { defineRule, finding } from '../../service/rule';
import type { TextEdit } from 'vscode-languageserver-types';
import { isTrue, parseVmxInt } from '../adapter';
import type { VmxContext } from '../context';

const NEAR = ['sched.mem.', 'memsize'];

export const memoryNotReservedRule = defineRule<VmxContext>(
  { id: 'vmx/memory-not-reserved', defaultSeverity: 'error', description: 'A passthrough or vGPU VM without a full memory reservation (sched.mem.pin, sched.mem.min = memsize).', fixable: true },
  (ctx) => {
    const { model, doc, edits } = ctx;
    if (model.devices.length === 0) return [];
    const pin = doc.get('sched.mem.pin');
    const min = doc.get('sched.mem.min');
    const minMb = parseVmxInt(min);
    const mem = model.memoryMb?.value;
    if (min && minMb === undefined) return []; // not a number: vmx/invalid-value reports it
    const fullByMin = mem !== undefined && minMb !== undefined && minMb >= mem;
    if (isTrue(pin) && (minMb === undefined || mem === undefined || minMb >= mem)) return [];
    if (fullByMin) return [];
    // The reservation copies memsize as written, so the two stay textually equal (as VMware compares them).
    const memText = mem !== undefined ? doc.get('memsize')!.value.text.trim() : undefined;
    const fixEdits: TextEdit[] = [];
    // Edit-minimal: a pin that is already TRUE is left alone (only sched.mem.min is short then).
    if (!pin) fixEdits.push(edits.insertLine(mem !== undefined && !min ? [`sched.mem.pin = "TRUE"`, `sched.mem.min = "${memText}"`] : ['sched.mem.pin = "TRUE"'], NEAR));
    else if (!isTrue(pin)) fixEdits.push(edits.setValue(pin, 'TRUE'));
    if (memText !== undefined && min) fixEdits.push(edits.setValue(min, memText));
    else if (memText !== undefined && pin && !min) fixEdits.push(edits.insertLine(`sched.mem.min = "${memText}"`, NEAR));
    const dev = model.devices[0];
    const at = min && minMb !== undefined ? ctx.range(min.value.span) : pin ? ctx.range(pin.value.span) : dev.range;
    const what = min && minMb !== undefined && mem !== undefined ? `sched.mem.min is ${minMb} MB but memsize is ${mem} MB` : 'guest memory is not fully reserved';
    return [
      finding(
        'vmx/memory-not-reserved',
        at,
        `${dev.label} is a ${dev.kind === 'vgpu' ? 'vGPU' : 'passthrough device'} and ${what}: power-on fails ("Invalid memory setting: memory reservation (sched.mem.min) should be equal to memsize${mem !== undefined ? `(${mem})` : ''}"). Set sched.mem.pin = "TRUE" (Reserve all guest memory)${mem !== undefined ? ` and sched.mem.min = "${mem}"` : ''}.`,
        {
          ...(model.isFragment && !pin && !min ? { severity: 'warning' as const } : {}),
          fixes: [{ title: `Reserve all guest memory${mem !== undefined ? ` (${mem} MB)` : ''}`, edits: fixEdits, safe: true }],
        },
      ),
    ];
  },
);
