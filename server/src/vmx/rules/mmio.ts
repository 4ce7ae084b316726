// The four 64-bit MMIO rules. They share one reading of the MMIO keys and one computation of the need.
import { isPowerOfTwo, nextPowerOfTwo } from '../../catalog/mmio';
import { C_SERIES_MIN_MMIO_GB, DEFAULT_WINDOW_UPPER_GB, NO_MMIO_NEEDED_UP_TO_GB } from '../../catalog/vsphere';
import { MAX_MMIO_SIZE_GB } from '../../catalog/vmxKeys';
import { mmioNeed } from '../../model/mmioNeed';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { isTrue, parseVmxInt } from '../adapter';
import type { VmxContext } from '../context';
import { barTotalGb, vgpuNeed } from '../vsphere';
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

/** Why this VM needs 64-bit MMIO, how sure the sources are, and the size a fix writes. */
interface Requirement {
  severity: 'error' | 'warning';
  why: string;
  sizeGb: number;
}

/** The strongest reason this VM needs pciPassthru.use64bitMMIO, or none. */
export function mmioRequirement(ctx: VmxContext): Requirement | undefined {
  const need = mmioNeed(ctx.model);
  const total = barTotalGb(need);
  const vg = vgpuNeed(ctx.model);
  const found: Requirement[] = [];
  if (total > DEFAULT_WINDOW_UPPER_GB) {
    found.push({ severity: 'error', why: `the GPUs' BARs add up to more than ${DEFAULT_WINDOW_UPPER_GB} GB (${need.explanation}), more than the default window by every source`, sizeGb: need.suggestedGb });
  } else if (total > NO_MMIO_NEEDED_UP_TO_GB) {
    found.push({
      severity: 'warning',
      why: `the GPUs' BARs add up to more than ${NO_MMIO_NEEDED_UP_TO_GB} GB (${need.explanation}). VMware and Dell say devices above ${NO_MMIO_NEEDED_UP_TO_GB} GB need 64-bit MMIO (Dell KB 000199172 logs such a device failing: "pages needed (4206594) exceeds limit (917504)"); Denneman's article says the default window is 32 GB`,
      sizeGb: need.suggestedGb,
    });
  }
  if (vg.nvidiaGb !== undefined) {
    const c = vg.cSeries.length > 0;
    found.push({
      severity: c ? 'error' : 'warning',
      why: c
        ? `${vg.nvidiaWhy}: NVIDIA requires 64-bit MMIO (${C_SERIES_MIN_MMIO_GB} GB or more) and EFI for C-series vGPUs on ESXi`
        : `${vg.nvidiaWhy}: NVIDIA asks for the GPU's MMIO space (${vg.nvidiaGb} GB) in VMs with 32 GB of memory or more`,
      sizeGb: vg.nvidiaGb,
    });
  }
  if (found.length === 0) return undefined;
  const worst = found.find((f) => f.severity === 'error') ?? found[0];
  return { severity: worst.severity, why: found.map((f) => f.why).join('; and '), sizeGb: Math.max(...found.map((f) => f.sizeGb)) };
}

export const mmioNotEnabledRule = defineRule<VmxContext>(
  { id: 'vmx/mmio-not-enabled', defaultSeverity: 'error', description: 'The GPUs or vGPUs need 64-bit MMIO (BARs above the default window, a C-series vGPU) and pciPassthru.use64bitMMIO is not TRUE.', fixable: true },
  (ctx) => {
    const { use64, size, enabled } = read(ctx);
    if (enabled || size) return []; // with a size but no switch, vmx/mmio-size-ignored speaks
    const req = mmioRequirement(ctx);
    if (!req) return [];
    const first = ctx.model.devices.find((d) => d.kind === 'vgpu' || d.bars) ?? ctx.model.devices[0];
    const at = use64 ? ctx.range(use64.value.span) : first.range;
    return [
      finding(
        'vmx/mmio-not-enabled',
        at,
        `64-bit MMIO is off, but ${req.why}. Set ${USE64} = "TRUE" and ${SIZE} = "${req.sizeGb}"; otherwise power-on fails ("PCIPassthru: total number of pages needed … exceeds limit").`,
        {
          ...(ctx.model.isFragment || req.severity === 'warning' ? { severity: 'warning' as const } : {}),
          fixes: [
            {
              title: `Enable 64-bit MMIO with a ${req.sizeGb} GB window`,
              edits: use64
                ? [ctx.edits.setValue(use64, 'TRUE'), ctx.edits.insertLine(`${SIZE} = "${req.sizeGb}"`, NEAR)]
                : [ctx.edits.insertLine([`${USE64} = "TRUE"`, `${SIZE} = "${req.sizeGb}"`], NEAR)],
              safe: true,
            },
          ],
        },
      ),
    ];
  },
);

export const mmioTooSmallRule = defineRule<VmxContext>(
  { id: 'vmx/mmio-too-small', defaultSeverity: 'error', description: "pciPassthru.64bitMMIOSizeGB is smaller than the GPUs' BARs (or NVIDIA's vGPU figure) need.", fixable: true },
  (ctx) => {
    const { size, sizeGb, enabled } = read(ctx);
    if (!size || sizeGb === undefined || !enabled) return [];
    const need = mmioNeed(ctx.model);
    const fix = (gb: number) => ({ fixes: [{ title: `Set ${SIZE} to ${gb}`, edits: [ctx.edits.setValue(size, String(gb))], safe: true }] });
    if (need.requiredGb > 0 && sizeGb < need.requiredGb) {
      return [
        finding(
          'vmx/mmio-too-small',
          ctx.range(size.value.span),
          `${SIZE} = ${sizeGb} is too small: ${need.explanation}. Use at least ${need.requiredGb}${need.suggestedGb > need.requiredGb ? ` (NVIDIA recommends ${need.suggestedGb})` : ''}; power-on fails otherwise.`,
          fix(need.suggestedGb),
        ),
      ];
    }
    const vg = vgpuNeed(ctx.model);
    if (vg.nvidiaGb === undefined || sizeGb >= vg.nvidiaGb) return [];
    const cBelowMin = vg.cSeries.length > 0 && sizeGb < C_SERIES_MIN_MMIO_GB;
    // Both sources agree it is too small when it is below NVIDIA's C-series minimum or below the frame-buffer sizing.
    const agreed = cBelowMin || sizeGb < vg.framebufferGb;
    return [
      finding(
        'vmx/mmio-too-small',
        ctx.range(size.value.span),
        agreed
          ? `${SIZE} = ${sizeGb} is too small for the vGPUs: ${vg.nvidiaWhy}; NVIDIA asks for ${vg.nvidiaGb} GB${vg.framebufferGb ? ` and even sizing by their frame buffers gives ${vg.framebufferGb} GB` : ''}.`
          : `${SIZE} = ${sizeGb} is below NVIDIA's figure for this GPU (${vg.nvidiaGb} GB: ${vg.nvidiaWhy}); VMware's TKGI documentation sizes by the vGPUs' frame buffers instead (${vg.framebufferGb} GB), which this value meets. Sources disagree: NVIDIA's figure is the safe one.`,
        { ...(agreed ? {} : { severity: 'warning' as const }), ...fix(vg.nvidiaGb) },
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
    const req = mmioRequirement(ctx);
    const severe = req?.severity === 'error';
    // Enabling a window that is too small would only trade this finding for vmx/mmio-too-small: size it too.
    const resize = sizeGb !== undefined && req !== undefined && sizeGb < req.sizeGb;
    const enable = use64 ? ctx.edits.setValue(use64, 'TRUE') : ctx.edits.insertLine(`${USE64} = "TRUE"`, NEAR);
    out.push(
      finding(
        'vmx/mmio-size-ignored',
        ctx.range(size.key.span),
        `${SIZE} has no effect while ${USE64} is ${use64 ? `"${quoteUserText(use64.value.text)}"` : 'not set'}: set ${USE64} = "TRUE"${req ? ` (${req.why})` : ''}`,
        {
          ...(severe ? { severity: 'error' as const } : {}),
          fixes: [
            {
              title: `Set ${USE64} = "TRUE"${resize ? ` and ${SIZE} = "${req.sizeGb}"` : ''}`,
              edits: resize ? [enable, ctx.edits.setValue(size, String(req.sizeGb))] : [enable],
              safe: true,
            },
          ],
        },
      ),
    );
    return out;
  },
);
