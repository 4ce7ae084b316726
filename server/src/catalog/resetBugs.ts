// PCI ids of GPUs that do not come back from a function or bus reset (the "AMD reset bug"): the device
// list of the vendor-reset kernel module, which exists to reset exactly these (github.com/gnif/vendor-reset,
// src/device-db.h). Vendor 1002 (ATI/AMD); ids lower-case as sysfs prints them.
export const RESET_BUG_SOURCE = 'gnif/vendor-reset, src/device-db.h (devices that need a vendor-specific reset)';

const FAMILIES: Record<string, string[]> = {
  'AMD Polaris 10': ['67c0', '67c1', '67c2', '67c4', '67c7', '67d0', '67df', '67c8', '67c9', '67ca', '67cc', '67cf', '6fdf'],
  'AMD Polaris 11': ['67e0', '67e3', '67e8', '67eb', '67ef', '67ff', '67e1', '67e7', '67e9'],
  'AMD Polaris 12': ['6980', '6981', '6985', '6986', '6987', '6995', '6997', '699f'],
  'AMD Vega 10': ['6860', '6861', '6862', '6863', '6864', '6867', '6868', '6869', '686a', '686b', '686c', '686d', '686e', '686f', '687f'],
  'AMD Vega 20': ['66a0', '66a1', '66a2', '66a3', '66a4', '66a7', '66af'],
  'AMD Navi 10': ['7310', '7312', '7318', '7319', '731a', '731b', '731e', '731f', '15bf', '15dd', '15de', '15e7', '1636', '1638', '164c'],
  'AMD Navi 14': ['7340', '7341', '7347', '734f'],
  'AMD Navi 12': ['7360', '7362'],
  'AMD Navi 23': ['73ff'],
  'AMD Arcturus (Instinct MI100)': ['738c'],
};

const BY_ID = new Map<string, string>();
for (const [family, ids] of Object.entries(FAMILIES)) for (const id of ids) if (!BY_ID.has(id)) BY_ID.set(id, family);

/** The family name when vendor:device is on the list. */
export function resetBugFamily(vendorId: number, deviceId: string): string | undefined {
  return vendorId === 0x1002 ? BY_ID.get(deviceId.toLowerCase()) : undefined;
}
