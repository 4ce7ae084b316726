// Whole-file fixtures shared by the CLI, SARIF and language-server tests.

/**
 * A whole VM (it has virtualHW.version, so it is not a fragment) with an NVIDIA A2 (BAR1 16 GB) and no
 * firmware key, so BIOS by default: vmx/bios-large-bar is an error. 25b6 is shared by the A2 and the
 * A16; the subsystem id tells them apart. The `pciPassthru0.deviceId` line is line 9 (1-based).
 */
export const A2_BIOS_LINES: readonly string[] = [
  'config.version = "8"',
  'virtualHW.version = "19"',
  'guestOS = "ubuntu-64"',
  'memsize = "16384"',
  'sched.mem.pin = "TRUE"',
  'sched.mem.min = "16384"',
  'pciPassthru0.present = "TRUE"',
  'pciPassthru0.vendorId = "0x10de"',
  'pciPassthru0.deviceId = "0x25b6"',
  'pciPassthru0.subDeviceId = "0x157e"',
];

/** The misspelt key a widely copied guide gives (meant: pciPassthru.use64bitMMIO): vmx/unknown-key. */
export const USEBIT_TYPO_LINE = 'pciPassthru.set.usebitMMIO = "TRUE"';

export interface A2BiosOptions {
  /** Start with `.encoding = "UTF-8"`, as ESXi writes it (shifts every line down by one). */
  encoding?: boolean;
  /** Append the typo line, indented by this many spaces (-1 or undefined: no typo line). */
  typoIndent?: number;
}

export function a2BiosVmx(opts: A2BiosOptions = {}): string {
  const lines = [...(opts.encoding ? ['.encoding = "UTF-8"'] : []), ...A2_BIOS_LINES];
  if (opts.typoIndent !== undefined && opts.typoIndent >= 0) lines.push(' '.repeat(opts.typoIndent) + USEBIT_TYPO_LINE);
  return lines.join('\n') + '\n';
}

export const A2_BIOS = a2BiosVmx();
