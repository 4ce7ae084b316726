// The four 64-bit MMIO rules. They share one reading of the MMIO keys and one computation of the need.
import { isPowerOfTwo, nextPowerOfTwo, VSPHERE_DEFAULT_MMIO_GB } from '../../catalog/mmio';
import { MAX_MMIO_SIZE_GB } from '../../catalog/vmxKeys';
import { mmioNeed } from '../../model/mmioNeed';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { isTrue, parseVmxInt } from '../adapter';
import type { VmxContext } from '../context';
import { quoteUserText } from '../../util/userText';

const USE64 = 'pciPassthru.use64bitMMIO';
const SIZE = 'pciPassthru.64bitMMIOSizeGB';
const NEAR = ['pcipassthru'];

function read(ctx: VmxContext) {
  const use64 = ctx.doc.get(USE64);
  const size = ctx.doc.get(SIZE);
  const parsed = parseVmxInt(size);
  // Above the maximum it is vmx/invalid-value's finding; these rules would only compute with it.
  return { use64, size, enabled: isTrue(use64), sizeGb: parsed !== undefined && parsed <= MAX_MMIO_SIZE_GB ? parsed : undefined };
}

export const mmioNotEnabledRule = defineRule<VmxContext>(
  { id: 'vmx/mmio-not-enabled', defaultSeverity: 'error', description: 'The GPUs need more than the 32 GB default MMIO window and pciPassthru.use64bitMMIO is not TRUE.', fixable: true },
  (ctx) => {
    const { use64, size, enabled } = read(ctx);
    if (enabled || size) return []; // with a size but no switch, vmx/mmio-size-ignored speaks
    const need = mmioNeed(ctx.model);
    if (need.requiredGb <= VSPHERE_DEFAULT_MMIO_GB) return [];
    const at = use64 ? ctx.range(use64.value.span) : need.sized[0].range;
    return [
      finding(
        'vmx/mmio-not-enabled',
        at,
        `The GPUs need a ${need.requiredGb} GB MMIO window (${need.explanation}) but the VM has the 32 GB default: set ${USE64} = "TRUE" and ${SIZE} = "${need.suggestedGb}". Power-on fails otherwise ("PCIPassthru: total number of pages needed … exceeds limit").`,
        {
          ...(ctx.model.isFragment ? { severity: 'warning' as const } : {}),
          fixes: [
            {
              title: `Enable 64-bit MMIO with a ${need.suggestedGb} GB window`,
              edits: use64
                ? [ctx.edits.setValue(use64, 'TRUE'), ctx.edits.insertLine(`${SIZE} = "${need.suggestedGb}"`, NEAR)]
                : [ctx.edits.insertLine([`${USE64} = "TRUE"`, `${SIZE} = "${need.suggestedGb}"`], NEAR)],
              safe: true,
            },
          ],
        },
      ),
    ];
  },
);

export const mmioTooSmallRule = defineRule<VmxContext>(
  { id: 'vmx/mmio-too-small', defaultSeverity: 'error', description: 'pciPassthru.64bitMMIOSizeGB is smaller than the GPUs\' BARs need.', fixable: true },
  (ctx) => {
    const { size, sizeGb, enabled } = read(ctx);
    if (!size || sizeGb === undefined || !enabled) return [];
    const need = mmioNeed(ctx.model);
    if (need.requiredGb === 0 || sizeGb >= need.requiredGb) return [];
    return [
      finding(
        'vmx/mmio-too-small',
        ctx.range(size.value.span),
        `${SIZE} = ${sizeGb} is too small: ${need.explanation}. Use at least ${need.requiredGb}${need.suggestedGb > need.requiredGb ? ` (NVIDIA recommends ${need.suggestedGb})` : ''}; power-on fails otherwise.`,
        { fixes: [{ title: `Set ${SIZE} to ${need.suggestedGb}`, edits: [ctx.edits.setValue(size, String(need.suggestedGb))], safe: true }] },
      ),
    ];
  },
);

export const mmioNotPowerOfTwoRule = defineRule<VmxContext>(
  { id: 'vmx/mmio-not-power-of-two', defaultSeverity: 'warning', description: 'pciPassthru.64bitMMIOSizeGB is not a power of two.', fixable: true },
  (ctx) => {
    const { size, sizeGb } = read(ctx);
    if (!size || sizeGb === undefined || sizeGb === 0 || isPowerOfTwo(sizeGb)) return [];
    const up = nextPowerOfTwo(sizeGb);
    return [
      finding(
        'vmx/mmio-not-power-of-two',
        ctx.range(size.value.span),
        `${SIZE} = ${sizeGb} is not a power of two; BARs are naturally aligned, so round up to ${up}`,
        { fixes: [{ title: `Round up to ${up}`, edits: [ctx.edits.setValue(size, String(up))], safe: true }] },
      ),
    ];
  },
);

export const mmioSizeIgnoredRule = defineRule<VmxContext>(
  { id: 'vmx/mmio-size-ignored', defaultSeverity: 'warning', description: 'pciPassthru.64bitMMIOSizeGB is set while pciPassthru.use64bitMMIO is not TRUE, so it has no effect.', fixable: true },
  (ctx) => {
    const { use64, size, enabled, sizeGb } = read(ctx);
    if (!size || enabled) return [];
    const out: Finding[] = [];
    const need = mmioNeed(ctx.model);
    const severe = need.requiredGb > VSPHERE_DEFAULT_MMIO_GB;
    // Enabling a window that is too small would only trade this error for vmx/mmio-too-small: size it too.
    const resize = sizeGb !== undefined && need.requiredGb > 0 && sizeGb < need.requiredGb;
    const enable = use64 ? ctx.edits.setValue(use64, 'TRUE') : ctx.edits.insertLine(`${USE64} = "TRUE"`, NEAR);
    out.push(
      finding(
        'vmx/mmio-size-ignored',
        ctx.range(size.key.span),
        `${SIZE} has no effect while ${USE64} is ${use64 ? `"${quoteUserText(use64.value.text)}"` : 'not set'}: set ${USE64} = "TRUE"${severe ? ` (the GPUs need ${need.requiredGb} GB: ${need.explanation})` : ''}`,
        {
          ...(severe ? { severity: 'error' as const } : {}),
          fixes: [
            {
              title: `Set ${USE64} = "TRUE"${resize ? ` and ${SIZE} = "${need.suggestedGb}"` : ''}`,
              edits: resize ? [enable, ctx.edits.setValue(size, String(need.suggestedGb))] : [enable],
              safe: true,
            },
          ],
        },
      ),
    );
    return out;
  },
);
