// Schema-driven completion for the whole libvirt vocabulary: at each cursor position, the exact items
// offered (in the order the editor shows them: the GPU subset first, then the schema's in schema order,
// attributes required first), read from the bundled libvirt 9.0.0 RelaxNG schemas.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-types';
import { LineIndex } from '../../server/src/service/text';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';
import { bundledSchemaDir } from '../../server/src/libvirt/schema/schemaSet';
import { service } from './libvirt-helpers';

/** Bundled schemas, no host: the expected items are libvirt 9.0.0's whatever is installed here. */
export const BUNDLED: Settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false }, libvirt: { ...DEFAULT_SETTINGS.libvirt, schemaDir: bundledSchemaDir() } };

export const D = (inner: string, top = '') => `<domain type='kvm'>\n  <name>vm</name>\n  <memory>1048576</memory>\n${top}  <os><type>hvm</type></os>\n  <devices>\n${inner}\n  </devices>\n</domain>\n`;

export function completeAt(marked: string): CompletionItem[] {
  const o = marked.indexOf('|');
  assert.ok(o >= 0, 'no | marker');
  const text = marked.slice(0, o) + marked.slice(o + 1);
  const items = service().complete({ uri: 'file:///vm.xml', text }, new LineIndex(text).positionAt(o), BUNDLED);
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}

export const CASES: [string, string, string[]][] = [
  ["disk children", D("    <disk type='file' device='disk'>\n      <|\n    </disk>"), ["source","driver","mirror","auth","target","boot","backenddomain","readonly","shareable","transient","serial","encryption","iotune","alias","acpi","address","geometry","blockio","wwn","vendor","product","backingStore"]],
  ["disk attributes", D("    <disk |/>"), ["device","model","rawio","sgio","snapshot","type"]],
  ["disk device values", D("    <disk type='file' device='|'/>"), ["floppy","disk","cdrom"]],
  ["disk type values", D("    <disk type='|'/>"), ["file","block","dir","network","volume","nvme","vhostuser"]],
  ["disk source (file) attributes", D("    <disk type='file' device='disk'>\n      <source |/>\n    </disk>"), ["fdgroup","file","index","startupPolicy"]],
  ["disk source (block) attributes", D("    <disk type='block' device='disk'>\n      <source |/>\n    </disk>"), ["dev","index","startupPolicy"]],
  ["disk driver cache values", D("    <disk type='file' device='disk'>\n      <driver name='qemu' cache='|'/>\n    </disk>"), ["default","none","writeback","writethrough","directsync","unsafe"]],
  ["disk target bus values", D("    <disk type='file' device='disk'>\n      <target dev='vda' bus='|'/>\n    </disk>"), ["ide","fdc","scsi","virtio","xen","usb","uml","sata","sd"]],
  ["disk target attributes", D("    <disk type='file' device='disk'>\n      <target |/>\n    </disk>"), ["dev","bus","removable","rotation_rate","tray"]],
  ["interface (network) children", D("    <interface type='network'>\n      <|\n    </interface>"), ["source","virtualport","link","mtu","coalesce","target","guest","mac","ip","route","portForward","script","downscript","backenddomain","model","backend","driver","alias","acpi","address","filterref","tune","boot","rom","bandwidth","vlan","port","teaming"]],
  ["interface type values", D("    <interface type='|'/>"), ["bridge","ethernet","vhostuser","network","direct","user","internal","mcast","client","udp","server","hostdev","vdpa","null","vds"]],
  ["interface model type", D("    <interface type='network'>\n      <model |/>\n    </interface>"), ["type"]],
  ["graphics attributes", D("    <graphics |/>"), ["type","address","autoport","connected","defaultMode","display","fullscreen","keymap","listen","multiUser","p2p","passwd","passwdValidTo","port","powerControl","replaceUser","sharePolicy","socket","tlsPort","websocket","xauth"]],
  ["graphics type values", D("    <graphics type='|'/>"), ["sdl","vnc","spice","dbus","rdp","desktop","egl-headless"]],
  ["graphics (spice) children", D("    <graphics type='spice'>\n      <|\n    </graphics>"), ["listen","channel","image","jpeg","zlib","playback","streaming","clipboard","mouse","filetransfer","gl"]],
  ["graphics listen type values", D("    <graphics type='vnc'>\n      <listen type='|'/>\n    </graphics>"), ["address","network","socket","none"]],
  ["video model type values", D("    <video>\n      <model type='|'/>\n    </video>"), ["vga","cirrus","vmvga","xen","vbox","virtio","gop","none","bochs","ramfb","qxl"]],
  ["controller type values", D("    <controller type='|'/>"), ["ccid","fdc","ide","isa","pci","sata","scsi","usb","virtio-serial","xenbus"]],
  ["input attributes", D("    <input |/>"), ["type","bus","model"]],
  ["input type values", D("    <input type='|'/>"), ["tablet","mouse","keyboard","passthrough","evdev"]],
  ["sound model values", D("    <sound model='|'/>"), ["sb16","es1370","pcspk","ac97","ich6","ich7","ich9","usb"]],
  ["channel type values", D("    <channel type='|'/>"), ["dev","file","pipe","unix","tcp","udp","null","stdio","vc","pty","spicevmc","spiceport","nmdm","qemu-vdagent","dbus"]],
  ["memballoon model values", D("    <memballoon model='|'/>"), ["virtio","virtio-transitional","virtio-non-transitional","xen","none"]],
  ["rng children", D("    <rng model='virtio'>\n      <|\n    </rng>"), ["backend","driver","rate","alias","acpi","address"]],
  ["tpm model values", D("    <tpm model='|'/>"), ["tpm-tis","tpm-crb","tpm-spapr","spapr-tpm-proxy"]],
  ["cputune children", D("", "  <cputune>\n    <|\n  </cputune>\n"), ["vcpupin","emulatorpin","iothreadpin","vcpusched","shares","global_period","global_quota","period","quota","emulator_period","emulator_quota","iothread_period","iothread_quota","iothreadsched","emulatorsched","cachetune","memorytune"]],
  ["vcpupin attributes", D("", "  <cputune>\n    <vcpupin |/>\n  </cputune>\n"), ["cpuset","vcpu"]],
  ["clock offset values", D("", "  <clock offset='|'/>\n"), ["localtime","utc","timezone","variable","absolute"]],
  ["clock timer name values", D("", "  <clock offset='utc'>\n    <timer name='|'/>\n  </clock>\n"), ["platform","rtc","tsc","hpet","pit","armvtimer","kvmclock","hypervclock"]],
  ["domain children", D("", "  <|\n"), ["name","uuid","title","description","metadata","memory","currentMemory","memoryBacking","memtune","vcpu","iothreads","cputune","numatune","sysinfo","os","features","cpu","clock","on_poweroff","on_reboot","on_crash","pm","devices","seclabel","qemu:commandline","genid","bootloader","bootloader_args","maxMemory","vcpus","iothreadids","defaultiothread","blkiotune","resource","on_lockfailure","perf","idmap","keywrap","launchSecurity"]],
  ["cpu mode values", D("", "  <cpu mode='|'/>\n"), ["custom","host-model","host-passthrough","maximum"]],
  ["cpu children", D("", "  <cpu mode='host-passthrough'>\n    <|\n  </cpu>\n"), ["topology","maxphysaddr","feature","model","cache","numa","vendor"]],
  ["cpu topology attributes", D("", "  <cpu mode='host-passthrough'>\n    <topology |/>\n  </cpu>\n"), ["clusters","cores","dies","sockets","threads"]],
  ["memoryBacking children", D("", "  <memoryBacking>\n    <|\n  </memoryBacking>\n"), ["hugepages","locked","nosharepages","source","access","allocation","discard"]],
  ["pm children", D("", "  <pm>\n    <|\n  </pm>\n"), ["suspend-to-mem","suspend-to-disk"]],
  ["suspend-to-mem attributes", D("", "  <pm>\n    <suspend-to-mem |/>\n  </pm>\n"), ["enabled"]],
  ["serial (pty) children", D("    <serial type='pty'>\n      <|\n    </serial>"), ["source","protocol","log","target","alias","acpi","address"]],
  ["watchdog model values", D("    <watchdog model='|'/>"), ["i6300esb","ib700","diag288"]],
  ["filesystem attributes", D("    <filesystem |/>"), ["accessmode","dmode","fmode","model","multidevs","type"]],
];

describe('schema completion: the exact items at each position', () => {
  for (const [name, marked, expected] of CASES) {
    test(name, () => assert.deepEqual(completeAt(marked).map((i) => i.label), expected));
  }
});

function hoverAt(marked: string): string | undefined {
  const o = marked.indexOf('|');
  const text = marked.slice(0, o) + marked.slice(o + 1);
  const h = service().hover({ uri: 'file:///vm.xml', text }, new LineIndex(text).positionAt(o), BUNDLED);
  return h ? (h.contents as { value: string }).value : undefined;
}

const edit = (it: CompletionItem | undefined) => (it?.textEdit && 'newText' in it.textEdit ? it.textEdit.newText : it?.insertText);
const find = (items: CompletionItem[], label: string) => items.find((i) => i.label === label);

describe('schema completion: snippets and the GPU subset', () => {
  test('a new element fills its required attributes and closes the way the schema allows', () => {
    const items = completeAt(D("    <disk type='file' device='disk'>\n      <|\n    </disk>"));
    assert.equal(edit(find(items, 'target')), "target dev='$1'/>");
    assert.equal(edit(find(items, 'source')), 'source>\n\t$0\n</source>');
    assert.equal(edit(find(items, 'readonly')), 'readonly/>');
    assert.equal(find(items, 'target')?.detail, 'required (libvirt schema)');
    assert.equal(find(items, 'driver')?.detail, 'libvirt schema');
    const nic = completeAt(D("    <interface type='network'>\n      <|\n    </interface>"));
    assert.equal(find(nic, 'source')?.detail, 'required (libvirt schema)');
    assert.equal(edit(find(nic, 'source')), "source network='$1'/>");
    assert.equal(find(nic, 'mac')?.detail, 'libvirt schema');
    const top = completeAt(D('', '  <|\n'));
    assert.equal(edit(find(top, 'on_lockfailure')), 'on_lockfailure>${1|poweroff,restart,pause,ignore|}</on_lockfailure>');
    const pm = completeAt(D('', '  <pm>\n    <|\n  </pm>\n'));
    assert.equal(edit(find(pm, 'suspend-to-mem')), 'suspend-to-mem/>');
    const rng = completeAt(D("    <rng model='virtio'>\n      <|\n    </rng>"));
    assert.equal(edit(find(rng, 'rate')), "rate bytes='$1'/>");
  });
  test('an attribute with enumerated values is a choice snippet, required ones sort first', () => {
    const items = completeAt(D('    <graphics |/>'));
    assert.equal(items[0].label, 'type');
    assert.equal(items[0].insertText, "type='${1|sdl,vnc,spice,dbus,rdp,desktop,egl-headless|}'");
    assert.equal(items[0].detail, 'required: sdl | vnc | spice | dbus | rdp | desktop | egl-headless');
    assert.equal(find(items, 'port')?.detail, 'optional: int');
  });
  test('inside <devices> the GPU subset items keep their rich snippet, and nothing is offered twice', () => {
    const items = completeAt(D('    <|'));
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels, ['emulator', 'disk', 'controller', 'lease', 'filesystem', 'interface', 'input', 'sound', 'audio', 'hostdev', 'graphics', 'video', 'console', 'parallel', 'serial', 'channel', 'smartcard', 'hub', 'redirdev', 'redirfilter', 'rng', 'tpm', 'shmem', 'memory', 'watchdog', 'memballoon', 'nvram', 'panic', 'iommu', 'vsock']);
    assert.ok(edit(find(items, 'hostdev'))!.startsWith("hostdev mode='subsystem' type='pci' managed='yes'>"));
  });
  test('qemu: elements from the schema only with the namespace declared, under its prefix', () => {
    const text = (decl: string) => `<domain type='kvm'${decl}>\n  <name>vm</name>\n  <|\n</domain>\n`;
    const prefixed = (marked: string) => completeAt(marked).map((i) => i.label).filter((l) => l.includes(':'));
    assert.deepEqual(prefixed(text(" xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'")), ['qemu:commandline', 'qemu:capabilities', 'qemu:deprecation', 'qemu:override']);
    assert.deepEqual(prefixed(text('')), ['qemu:commandline']); // the GPU subset's own item, which tells to declare it
  });
  test('node-device XML: the children of <capability type=\'pci\'>', () => {
    const text = "<device>\n  <name>pci_0000_3b_00_0</name>\n  <capability type='pci'>\n    <|\n  </capability>\n</device>\n";
    assert.deepEqual(completeAt(text).map((i) => i.label), PCI_CAPABILITY);
  });
});

const HOVERS: [string, string, string][] = [
  ["<disk> name", D("    <d|isk type='file' device='disk'/>"), "**`<disk>`** (libvirt schema)\n\nMay appear in: `<devices>`\n\nAttributes:\n- `device` (optional): `floppy` | `disk` | `cdrom`\n- `type` (optional): `file` | `block` | `dir` | `network` | `volume` | `nvme` | `vhostuser`\n- `model` (optional): `virtio` | `virtio-transitional` | `virtio-non-transitional`\n- `snapshot` (optional): `no` | `internal` | `external` | `manual`\n\nChildren: `<source>`, `<driver>`, `<mirror>`, `<auth>`, `<target>` (required), `<boot>`, `<backenddomain>`, `<readonly>`, `<shareable>`, `<transient>`, `<serial>`, `<encryption>`, `<iotune>`, `<alias>`, `<acpi>`, `<address>`, `<geometry>`, `<blockio>`, `<wwn>`, `<vendor>`, `<product>`, `<backingStore>`"],
  ["<interface> name", D("    <inter|face type='network'/>"), "**`<interface>`** (libvirt schema)\n\nMay appear in: `<devices>`, `<source>`\n\nAttributes:\n- `type` (required): `bridge` | `ethernet` | `vhostuser` | `network` | `direct` | `user` | `internal` | `mcast` | `client` | `udp` | `server` | `hostdev` | `vdpa` | `null` | `vds`\n- `trustGuestRxFilters` (optional): `yes` | `no`\n\nChildren: `<source>` (required), `<virtualport>`, `<link>`, `<mtu>`, `<coalesce>`, `<target>`, `<guest>`, `<mac>`, `<ip>`, `<route>`, `<portForward>`, `<script>`, `<downscript>`, `<backenddomain>`, `<model>`, `<backend>`, `<driver>`, `<alias>`, `<acpi>`, `<address>`, `<filterref>`, `<tune>`, `<boot>`, `<rom>`, `<bandwidth>`, `<vlan>`, `<port>`, `<teaming>`"],
  ["<graphics> type attribute", D("    <graphics t|ype='vnc'/>"), "`type` on **`<graphics>`** (libvirt schema): required\n\nValues: `sdl` | `vnc` | `spice` | `dbus` | `rdp` | `desktop` | `egl-headless`"],
  ["<timer> name", D("", "  <clock offset='utc'>\n    <ti|mer name='rtc'/>\n  </clock>\n"), "**`<timer>`** (libvirt schema)\n\nMay appear in: `<clock>`\n\nAttributes:\n- `name` (required): `platform` | `rtc` | `tsc` | `hpet` | `pit` | `armvtimer` | `kvmclock` | `hypervclock`\n- `track` (optional): `boot` | `guest` | `wall` | `realtime`\n- `tickpolicy` (optional): `delay` | `merge` | `discard` | `catchup`\n- `present` (optional): `yes` | `no`\n\nChildren: `<catchup>`"],
  ["<on_poweroff> name", D("", "  <on_pow|eroff>destroy</on_poweroff>\n"), "**`<on_poweroff>`** (libvirt schema)\n\nMay appear in: `<domain>`\n\nContent: `destroy` | `restart` | `preserve` | `rename-restart`"],
  ["<topology> name", D("", "  <cpu mode='host-passthrough'>\n    <topo|logy sockets='1' dies='1' cores='4' threads='2'/>\n  </cpu>\n"), "**`<topology>`** \u2014 Guest CPU topology.\n\nAttributes: `sockets`, `dies`, `clusters`, `cores`, `threads`\n\n_Source: libvirt documentation, Domain XML format (libvirt.org/formatdomain.html) and its RelaxNG schema domaincommon.rng_"],
  ["<vcpupin> cpuset", D("", "  <cputune>\n    <vcpupin vcpu='0' cpu|set='2'/>\n  </cputune>\n"), "`cpuset` on **`<vcpupin>`**\n\nPins one vCPU to host CPUs.\n\n_Source: libvirt documentation, Domain XML format (libvirt.org/formatdomain.html) and its RelaxNG schema domaincommon.rng; NVIDIA, \"NVIDIA vGPU on KVM\" slides: VFIO mdev, libvirt XML, tuning_"],
  ["<source> file on a file disk", D("    <disk type='file' device='disk'>\n      <source fi|le='/var/lib/libvirt/images/vm.qcow2'/>\n    </disk>"), "`file` on **`<source>`** (libvirt schema): optional\n\nValues: _string_"],
  ["<memballoon> name", D("    <memb|alloon model='virtio'/>"), "**`<memballoon>`** (libvirt schema)\n\nMay appear in: `<devices>`\n\nAttributes:\n- `model` (required): `virtio` | `virtio-transitional` | `virtio-non-transitional` | `xen` | `none`\n- `autodeflate` (optional): `on` | `off`\n- `freePageReporting` (optional): `on` | `off`\n\nChildren: `<alias>`, `<acpi>`, `<address>`, `<stats>`, `<driver>`"],
  ["<tpm> name", D("    <t|pm model='tpm-crb'/>"), "**`<tpm>`** (libvirt schema)\n\nMay appear in: `<devices>`\n\nAttributes:\n- `model` (optional): `tpm-tis` | `tpm-crb` | `tpm-spapr` | `spapr-tpm-proxy`\n\nChildren: `<backend>` (required), `<alias>`, `<address>`"],
];

describe('schema hover: every element and attribute', () => {
  for (const [name, marked, expected] of HOVERS) {
    test(name, () => assert.equal(hoverAt(marked), expected));
  }
});

// The hand-written subset's <capability> children (mdev: type, uuid, iommuGroup, attr) first, then nodedev.rng's for type='pci'.
const PCI_CAPABILITY = ['type', 'uuid', 'iommuGroup', 'attr', 'class', 'domain', 'bus', 'slot', 'function', 'product', 'vendor', 'capability', 'numa', 'pci-express'];
