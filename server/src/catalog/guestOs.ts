// VMX guestOS ids: is the guest 64-bit? Ids ending in "-64" are; a few 64-bit-only ids are not
// suffixed (VMkernel, Hyper-V). Anything else that we do not know stays "unknown" rather than guessed.
import { VMWARE_GUESTOS_IDS } from './sources';

export const GUESTOS_SOURCE = VMWARE_GUESTOS_IDS;

const SIXTY_FOUR_BIT_ONLY = new Set([
  'vmkernel', 'vmkernel5', 'vmkernel6', 'vmkernel65', 'vmkernel7', 'vmkernel8', 'vmkernel9', 'windowshyperv', 'amazonlinux2-64',
]);

/** Known 32-bit ids commonly seen in the wild (the -64 variant exists for each). */
const THIRTY_TWO_BIT = new Set([
  'other', 'otherlinux', 'other24xlinux', 'other26xlinux', 'other3xlinux', 'other4xlinux', 'other5xlinux', 'other6xlinux',
  'ubuntu', 'debian10', 'debian11', 'debian12', 'centos', 'centos7', 'rhel5', 'rhel6', 'rhel7', 'sles11', 'sles12',
  'freebsd', 'freebsd11', 'freebsd12', 'freebsd13', 'solaris10', 'winxppro', 'winxphome', 'windows7', 'windows8',
  'windows9', 'winvista', 'winnetstandard', 'winnetenterprise', 'win2000serv', 'win98', 'win95', 'dos', 'darwin10',
  'oraclelinux', 'oraclelinux6', 'oraclelinux7', 'fedora', 'opensuse', 'mandriva', 'asianux4', 'asianux5', 'asianux7',
]);

export const COMMON_64BIT_GUESTS = [
  'vmkernel8', 'vmkernel7', 'windows2019srvNext-64', 'windows2022srvNext-64', 'windows11-64', 'windows9-64',
  'windows2019srv-64', 'rhel9-64', 'rhel8-64', 'ubuntu-64', 'debian12-64', 'sles15-64', 'centos8-64', 'other5xlinux-64',
];

export function isGuest64Bit(id: string): boolean | undefined {
  const lower = id.trim().toLowerCase();
  if (lower.endsWith('-64')) return true;
  if (SIXTY_FOUR_BIT_ONLY.has(lower)) return true;
  if (THIRTY_TWO_BIT.has(lower)) return false;
  return undefined;
}

/**
 * A vSphere API guest id (VirtualMachineGuestOsIdentifier: Terraform's guest_id, Packer's guest_os_type) as a guestOS
 * value with the same meaning for the rules – 64-bit or not, nested ESXi: "vmkernel7Guest" → "vmkernel7",
 * "ubuntu64Guest" / "rhel8_64Guest" → "ubuntu-64" / "rhel8-64" (the API marks its 64-bit ids "64", its descriptions
 * "(64 bit)"), "otherGuest64" → "other-64", and the 32-bit ids above ("ubuntuGuest" → "ubuntu"). Where the VMX spells
 * a guest otherwise (Windows Server: API "windows9Server64Guest", VMX "windows9srv-64") the result keeps only the
 * 64-bit mark; messages name the id as the template wrote it. Anything else is undefined: not guessed.
 */
export function vmxGuestOsOfApiId(apiId: string): string | undefined {
  const id = apiId.trim();
  if (id === 'otherGuest64') return 'other-64';
  const esxi = /^vmkernel(\d*)Guest$/.exec(id);
  if (esxi) return `vmkernel${esxi[1]}`;
  const wide = /^([A-Za-z][A-Za-z0-9]*?)_?64Guest$/.exec(id);
  if (wide) return `${wide[1].toLowerCase()}-64`;
  const narrow = /^([A-Za-z][A-Za-z0-9]*)Guest$/.exec(id);
  if (narrow && THIRTY_TWO_BIT.has(narrow[1].toLowerCase())) return narrow[1].toLowerCase();
  return undefined;
}

/** The API id of the 64-bit variant of a 32-bit API id: "ubuntuGuest" → "ubuntu64Guest", "rhel7Guest" → "rhel7_64Guest", "otherGuest" → "otherGuest64". */
export function apiId64(apiId: string): string | undefined {
  if (apiId === 'otherGuest') return 'otherGuest64';
  const m = /^([A-Za-z][A-Za-z0-9]*)Guest$/.exec(apiId);
  if (!m) return undefined;
  return /\d$/.test(m[1]) ? `${m[1]}_64Guest` : `${m[1]}64Guest`;
}

export function isNestedEsxiGuest(id: string): boolean {
  return /^vmkernel\d*$/i.test(id.trim());
}
