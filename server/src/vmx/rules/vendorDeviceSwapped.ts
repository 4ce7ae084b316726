import { findGpusByPciId, normaliseHexId } from '../../catalog/gpus';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { passthruDevices } from '../adapter';
import type { VmxContext } from '../context';
import { quoteUserText } from '../../util/userText';

/** PCI vendor ids of GPU and accelerator makers people pass through. */
export const KNOWN_VENDOR_IDS: Record<string, string> = { '10de': 'NVIDIA', '1002': 'AMD', '8086': 'Intel', '15b3': 'Mellanox' };

export const vendorDeviceSwappedRule = defineRule<VmxContext>(
  { id: 'vmx/vendor-device-swapped', defaultSeverity: 'error', description: 'pciPassthruN.vendorId and deviceId swapped (deviceId = "0x10de").', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const d of passthruDevices(ctx.doc)) {
      if (!d.deviceId) continue;
      const dev = normaliseHexId(d.deviceId.value.text);
      if (!dev || !KNOWN_VENDOR_IDS[dev]) continue;
      const ven = d.vendorId ? normaliseHexId(d.vendorId.value.text) : undefined;
      if (ven && KNOWN_VENDOR_IDS[ven]) continue; // e.g. a real device id that happens to equal a vendor id
      const gpu = ven ? findGpusByPciId(parseInt(dev, 16), ven)[0] : undefined;
      const fixes =
        d.vendorId && ven
          ? [
              {
                title: `Swap: vendorId = "${quoteUserText(d.deviceId.value.text.trim())}", deviceId = "${quoteUserText(d.vendorId.value.text.trim())}"`,
                edits: [ctx.edits.setValue(d.vendorId, d.deviceId.value.text.trim()), ctx.edits.setValue(d.deviceId, d.vendorId.value.text.trim())],
                safe: true,
              },
            ]
          : [];
      out.push(
        finding(
          'vmx/vendor-device-swapped',
          ctx.range(d.deviceId.value.span),
          `${quoteUserText(d.deviceId.key.text)} is "${quoteUserText(d.deviceId.value.text.trim())}", the PCI vendor id of ${KNOWN_VENDOR_IDS[dev]}: vendorId and deviceId look swapped${gpu ? ` (${quoteUserText(d.vendorId!.value.text.trim())} is the ${gpu.name})` : ''}`,
          { fixes },
        ),
      );
    }
    return out;
  },
);
