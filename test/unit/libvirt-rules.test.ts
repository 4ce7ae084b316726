// Every libvirt/… rule: id, range, severity, message and the exact text after its fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownRuleProblem } from '../../server/src/config/validate';
import { domain, fakeHost, findingsOf, fixed, MDEV_UUID, NO_HOST_SETTINGS, only, pciHostdev, rangeOf } from './libvirt-helpers';

const host = fakeHost();
const EFI_OS = "  <os firmware='efi'>\n    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n  </os>";
const QEMU_ATTRS = " xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'";
const fwCfg = (mb: number) => `  <qemu:commandline>\n    <qemu:arg value='-fw_cfg'/>\n    <qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=${mb}'/>\n  </qemu:commandline>`;
const PASSTHROUGH_CPU = "  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='passthrough'/>\n  </cpu>";
const SKYLAKE_CPU = "  <cpu mode='custom' match='exact'>\n    <model fallback='forbid'>Skylake-Client-IBRS</model>\n  </cpu>";
const FIRMWARE_RULES = ['libvirt/bios-large-bar', 'libvirt/mmio-window', 'libvirt/phys-bits'];

describe('libvirt/unknown-attribute', () => {
  test("status= → state= and retires= → retries= (the slides' Hyper-V block)", () => {
    const text = domain({ extra: "  <features>\n    <hyperv>\n      <vapic status='on'/>\n      <spinlocks state='on' retires='4096'/>\n    </hyperv>\n  </features>" });
    const fs = only(text, 'libvirt/unknown-attribute');
    assert.equal(fs.length, 2);
    assert.deepEqual(fs[0].range, rangeOf(text, 'status'));
    assert.equal(fs[0].level, 'warning');
    assert.match(fs[0].message, /Unknown attribute status= on <vapic>: did you mean state=\?/);
    assert.equal(fixed(text, fs[0]), text.replace("<vapic status='on'/>", "<vapic state='on'/>"));
    assert.deepEqual(fs[1].range, rangeOf(text, 'retires'));
    assert.equal(fixed(text, fs[1]), text.replace("retires='4096'", "retries='4096'"));
    assert.equal(fs[1].fixes![0].safe, true);
  });
  test('misspelt hostdev and address attributes get did-you-mean renames', () => {
    const text = domain({ devices: "    <hostdev mode='subsystem' type='pci' manged='yes'>\n      <source>\n        <address domain='0x0000' bus='0x3b' slot='0x00' fucntion='0x0'/>\n      </source>\n    </hostdev>" });
    const fs = only(text, 'libvirt/unknown-attribute');
    assert.deepEqual(fs.map((f) => f.range), [rangeOf(text, 'manged'), rangeOf(text, 'fucntion')]);
    assert.equal(fixed(text, fs[0]), text.replace("manged='yes'", "managed='yes'"));
    assert.equal(fixed(text, fs[1]), text.replace("fucntion='0x0'", "function='0x0'"));
  });
  test('no rename when the element already has the suggested attribute; unknown elements are left alone', () => {
    const text = domain({ extra: "  <features>\n    <hyperv>\n      <relaxed state='on' status='on'/>\n    </hyperv>\n  </features>\n  <sysinfo type='smbios' foo='1'/>" });
    const fs = only(text, 'libvirt/unknown-attribute');
    assert.equal(fs.length, 1);
    assert.deepEqual(fs[0].fixes, []);
  });
});

describe('libvirt/bios-large-bar (retired: SeaBIOS places large BARs above 4 GB)', () => {
  test('an A100 80 GB under SeaBIOS gets no firmware finding: SeaBIOS maps its BARs above RAM', () => {
    for (const extra of [undefined, PASSTHROUGH_CPU, SKYLAKE_CPU]) {
      const text = domain({ ...(extra ? { extra } : {}), devices: pciHostdev() });
      const fs = findingsOf(text, { host }).filter((f) => FIRMWARE_RULES.includes(f.ruleId));
      assert.deepEqual(fs, []);
    }
  });
  test('the retired id stays valid in settings and suppression comments, and reports nothing', () => {
    assert.equal(unknownRuleProblem('libvirt/bios-large-bar'), undefined);
    const settings = { ...NO_HOST_SETTINGS, rules: { 'libvirt/bios-large-bar': 'error' as const } };
    assert.deepEqual(only(domain({ devices: pciHostdev() }), 'libvirt/bios-large-bar', { settings }), []);
  });
});

describe('libvirt/mmio-window', () => {
  test('a named Intel model under OVMF with a 128 GB BAR and no aperture: error with the arithmetic; the fix adds two <qemu:arg>', () => {
    const text = domain({ os: EFI_OS, extra: SKYLAKE_CPU, devices: pciHostdev() });
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, "<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/>"));
    assert.match(fs[0].message, /^OVMF cannot place hostdev 0000:3b:00\.0 \(A100 PCIe 80 GB\): 128 GB \+ 32 MB of 64-bit BARs → a 256 GiB root-port window/);
    assert.match(fs[0].message, /the classic 32 GiB window \(OVMF before edk2-stable202211 such as 2022\.02, or an Intel host CPU\); the dynamic 128 GiB window = 2\^\(40−3\) \(OVMF from edk2-stable202211 on with an AMD host CPU\)/);
    assert.match(fs[0].message, /NVRM: BAR1 is 0M @ 0x0/);
    const after = fixed(text, fs[0]);
    assert.equal(after, text.replace("<domain type='kvm'>", `<domain type='kvm'${QEMU_ATTRS}>`).replace('  </devices>\n</domain>', `  </devices>\n${fwCfg(262144)}\n</domain>`));
    assert.deepEqual(findingsOf(after, { host }).filter((f) => FIRMWARE_RULES.includes(f.ruleId)), []);
  });
  test('a correct two-argument -fw_cfg of 256 GiB: no finding', () => {
    const text = domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: SKYLAKE_CPU, devices: pciHostdev() }).replace('</domain>', `${fwCfg(262144)}\n</domain>`);
    assert.deepEqual(findingsOf(text, { host }).filter((f) => FIRMWARE_RULES.includes(f.ruleId)), []);
  });
  test('-fw_cfg and its value in one <qemu:arg>: QEMU does not start; one finding, the fix splits it', () => {
    const text = domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: SKYLAKE_CPU, devices: pciHostdev() }).replace(
      '</domain>',
      "  <qemu:commandline>\n    <qemu:arg value='-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=262144'/>\n  </qemu:commandline>\n</domain>",
    );
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, "'-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=262144'"));
    assert.match(fs[0].message, /exactly one argument, so QEMU receives "-fw_cfg …" as a single unknown option and the VM does not start/);
    const after = fixed(text, fs[0]);
    assert.equal(after, text.replace("    <qemu:arg value='-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=262144'/>", `    <qemu:arg value='-fw_cfg'/>\n    <qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=262144'/>`));
    assert.deepEqual(findingsOf(after, { host }).filter((f) => FIRMWARE_RULES.includes(f.ruleId)), []);
  });
  test('the value without -fw_cfg before it: QEMU takes it for a disk image; the fix inserts -fw_cfg', () => {
    const text = domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: SKYLAKE_CPU, devices: pciHostdev() }).replace(
      '</domain>',
      "  <qemu:commandline>\n    <qemu:arg value='-no-hpet'/>\n    <qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=262144'/>\n  </qemu:commandline>\n</domain>",
    );
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /no -fw_cfg before it: QEMU takes "name=opt\/ovmf\/X-PciMmio64Mb,string=262144" for a disk image/);
    assert.equal(fixed(text, fs[0]), text.replace("    <qemu:arg value='name=", "    <qemu:arg value='-fw_cfg'/>\n    <qemu:arg value='name="));
  });
  test('host-passthrough, no aperture: the host decides, so a warning that names both outcomes', () => {
    const text = domain({ os: EFI_OS, extra: PASSTHROUGH_CPU, devices: pciHostdev() });
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.match(fs[0].message, /no space in the dynamic 64 GiB window = 2\^\(39−3\) \(OVMF from edk2-stable202211 on with an Intel desktop host CPU with 39 address bits\); the classic 32 GiB window \(OVMF before edk2-stable202211 such as 2022\.02\); it fits in the dynamic 8 TiB window/);
    assert.deepEqual(only(fixed(text, fs[0]), 'libvirt/mmio-window', { host }), []);
  });
  test('an existing qemu namespace prefix and commandline are reused', () => {
    const text = domain({ attrs: " xmlns:q='http://libvirt.org/schemas/domain/qemu/1.0'", os: EFI_OS, extra: SKYLAKE_CPU, devices: pciHostdev() }).replace(
      '</domain>',
      "  <q:commandline>\n    <q:arg value='-no-hpet'/>\n  </q:commandline>\n</domain>",
    );
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(
      fixed(text, fs[0]),
      text.replace("    <q:arg value='-no-hpet'/>\n", "    <q:arg value='-no-hpet'/>\n    <q:arg value='-fw_cfg'/>\n    <q:arg value='name=opt/ovmf/X-PciMmio64Mb,string=262144'/>\n"),
    );
  });
  test("X-PciMmio64Mb too small (the 9070 XT file's 65536): error at the number, fix sets 262144", () => {
    const text = domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: SKYLAKE_CPU, devices: pciHostdev() }).replace('</domain>', `${fwCfg(65536)}\n</domain>`);
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, '65536'));
    assert.match(fs[0].message, /the X-PciMmio64Mb window of 64 GiB/);
    assert.equal(fixed(text, fs[0]), text.replace('string=65536', 'string=262144'));
  });
  test('<pcihole64> is not the aperture: OVMF never reads it, and the message says so', () => {
    const text = domain({ os: EFI_OS, extra: SKYLAKE_CPU, devices: `    <controller type='pci' index='0' model='pcie-root'>\n      <pcihole64 unit='GiB'>512</pcihole64>\n    </controller>\n${pciHostdev()}` });
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /<pcihole64> does not help: OVMF never reads it/);
    assert.deepEqual(fs[0].range, rangeOf(text, "<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/>"));
  });
  test("aarch64 'virt': its 512 GiB PCIe window, never the x86 OVMF advice", () => {
    const addrs = ['0000:3b:00.0', '0000:3c:00.0', '0000:3d:00.0'];
    const settings = { ...NO_HOST_SETTINGS, gpuMap: Object.fromEntries(addrs.map((a) => [a, 'A100-PCIE-80GB'])) };
    const arm = (n: number) => domain({ os: "  <os firmware='efi'>\n    <type arch='aarch64' machine='virt-8.2'>hvm</type>\n  </os>", devices: addrs.slice(0, n).map((a) => pciHostdev(a)).join('\n') });
    assert.deepEqual(findingsOf(arm(2), { settings }).filter((f) => FIRMWARE_RULES.includes(f.ruleId)), []);
    const fs = only(arm(3), 'libvirt/mmio-window', { settings });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.match(fs[0].message, /^QEMU's aarch64 "virt" machine has a 512 GiB 64-bit PCIe window \(hw\/arm\/virt\.c\), but the devices need 768 GiB/);
    assert.equal(fs[0].fixes, undefined);
    assert.deepEqual(only(arm(3), 'libvirt/phys-bits', { settings }), []);
  });
  test('SeaBIOS has no OVMF aperture: mmio-window stays silent', () => {
    assert.deepEqual(only(domain({ extra: SKYLAKE_CPU, devices: pciHostdev() }), 'libvirt/mmio-window', { host }), []);
  });
});

describe('libvirt/phys-bits', () => {
  const withAperture = (cpu: string, mb = 262144) => domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: cpu, devices: pciHostdev() }).replace('</domain>', `${fwCfg(mb)}\n</domain>`);
  const fourGpus = ['0000:3b:00.0', '0000:3c:00.0', '0000:3d:00.0', '0000:3e:00.0'];
  const gpuMapSettings = { ...NO_HOST_SETTINGS, gpuMap: Object.fromEntries(fourGpus.map((a) => [a, 'A100-PCIE-80GB'])) };
  test('SeaBIOS, 4 × A100 80 GB, 40 bits: the fourth 256 GiB root-port window ends beyond 1 TiB; error with an (unsafe) maxphysaddr fix', () => {
    const text = domain({ devices: fourGpus.map((a) => pciHostdev(a)).join('\n') });
    const fs = only(text, 'libvirt/phys-bits', { settings: gpuMapSettings });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    // SeaBIOS packs equal q35 root-port windows from the last bus down, so the first hostdev lands highest.
    assert.deepEqual(fs[0].range, rangeOf(text, "<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/>"));
    assert.match(fs[0].message, /hostdev 0000:3b:00\.0 \(A100 PCIe 80 GB\) would be mapped at 0xe000000000–0x11fffffffff: SeaBIOS places the 64-bit BARs above RAM from 128 GiB, beyond the guest's 40 physical address bits \(1 TiB\)/);
    const after = fixed(text, fs[0]);
    assert.equal(after, text.replace('  </os>\n', "  </os>\n  <cpu>\n    <maxphysaddr mode='emulate' bits='41'/>\n  </cpu>\n"));
    assert.equal(fs[0].fixes![0].safe, false);
    assert.deepEqual(only(after, 'libvirt/phys-bits', { settings: gpuMapSettings }), []);
  });
  test('SeaBIOS, 2 × A100 80 GB with host-passthrough: fits unless the host has 39 address bits → warning', () => {
    const text = domain({ extra: PASSTHROUGH_CPU, devices: fourGpus.slice(0, 2).map((a) => pciHostdev(a)).join('\n') });
    const fs = only(text, 'libvirt/phys-bits', { settings: gpuMapSettings });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.match(fs[0].message, /beyond the guest's 39 physical address bits \(512 GiB\) \(an Intel desktop host CPU with 39 address bits\)/);
  });
  test("emulate bits='36' cannot reach a 256 GiB X-PciMmio64Mb window: error at '36', fix raises bits", () => {
    const text = withAperture("  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='emulate' bits='36'/>\n  </cpu>");
    const fs = only(text, 'libvirt/phys-bits', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, '36'));
    assert.match(fs[0].message, /0x4000000000–0x7fffffffff: OVMF's X-PciMmio64Mb window of 256 GiB starts at 256 GiB, beyond the guest's 36 physical address bits \(64 GiB\)\. The guest/);
    assert.equal(fixed(text, fs[0]), text.replace("bits='36'", "bits='39'"));
    assert.deepEqual(only(fixed(text, fs[0]), 'libvirt/phys-bits', { host }), []);
  });
  test("passthrough with limit='38': fix raises the limit to 39 (safe); enough bits: nothing", () => {
    const text = withAperture("  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='passthrough' limit='38'/>\n  </cpu>");
    const fs = only(text, 'libvirt/phys-bits', { host });
    assert.equal(fs[0].level, 'error');
    assert.equal(fixed(text, fs[0]), text.replace("limit='38'", "limit='39'"));
    assert.equal(fs[0].fixes![0].safe, true);
    assert.deepEqual(only(withAperture("  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='emulate' bits='39'/>\n  </cpu>"), 'libvirt/phys-bits', { host }), []);
  });
});

describe('libvirt/pci-machine', () => {
  test('an A100 on i440fx: warning at the machine, no fix', () => {
    const text = domain({ os: "  <os firmware='efi'>\n    <type arch='x86_64' machine='pc-i440fx-8.2'>hvm</type>\n  </os>", devices: pciHostdev() });
    const fs = only(text, 'libvirt/pci-machine', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.deepEqual(fs[0].range, rangeOf(text, "'pc-i440fx-8.2'"));
    assert.match(fs[0].message, /q35/);
    assert.equal(fs[0].fixes, undefined);
  });
  test('no GPU identified: nothing', () => {
    assert.deepEqual(only(domain({ os: "  <os>\n    <type machine='pc'>hvm</type>\n  </os>", devices: pciHostdev('0000:06:12.0') }), 'libvirt/pci-machine'), []);
  });
});

describe('libvirt/locked-without-hard-limit', () => {
  test('fix adds <memtune><hard_limit> sized as libvirt does: guest memory + 1 GiB without a vIOMMU', () => {
    const text = domain({ extra: '  <memoryBacking>\n    <locked/>\n  </memoryBacking>', devices: `${pciHostdev()}\n${pciHostdev('0000:3c:00.0')}` });
    const fs = only(text, 'libvirt/locked-without-hard-limit');
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.deepEqual(fs[0].range, rangeOf(text, 'locked'));
    assert.match(fs[0].message, /Size: guest memory 16777216 KiB \+ 1 GiB \(1048576 KiB\) = 17825792 KiB$/);
    assert.equal(fixed(text, fs[0]), text.replace('  </memoryBacking>', "  </memoryBacking>\n  <memtune>\n    <hard_limit unit='KiB'>17825792</hard_limit>\n  </memtune>"));
  });
  test('with a vIOMMU each VFIO device locks guest memory again (libvirt ≥ 8.7): memory × devices + 1 GiB', () => {
    const text = domain({ extra: '  <memoryBacking>\n    <locked/>\n  </memoryBacking>', devices: `${pciHostdev()}\n${pciHostdev('0000:3c:00.0')}\n    <iommu model='intel'/>` });
    const fs = only(text, 'libvirt/locked-without-hard-limit');
    assert.match(fs[0].message, /guest memory 16777216 KiB × 2 VFIO devices \(with a vIOMMU each locks guest memory, libvirt ≥ 8\.7\) \+ 1 GiB \(1048576 KiB\) = 34603008 KiB$/);
    assert.match(fixed(text, fs[0]), /<hard_limit unit='KiB'>34603008<\/hard_limit>/);
  });
  test('an existing <memtune> without hard_limit gets the element inside it; with hard_limit nothing fires', () => {
    const text = domain({ extra: "  <memoryBacking>\n    <locked/>\n  </memoryBacking>\n  <memtune>\n    <soft_limit unit='GiB'>8</soft_limit>\n  </memtune>" });
    const fs = only(text, 'libvirt/locked-without-hard-limit');
    assert.equal(fixed(text, fs[0]), text.replace("    <soft_limit unit='GiB'>8</soft_limit>\n", "    <soft_limit unit='GiB'>8</soft_limit>\n    <hard_limit unit='KiB'>17825792</hard_limit>\n"));
    assert.deepEqual(only(fixed(text, fs[0]), 'libvirt/locked-without-hard-limit'), []);
  });
});

describe('libvirt/hostdev-address', () => {
  test('out-of-range and malformed fields are errors at the value', () => {
    const text = domain({
      devices: "    <hostdev mode='subsystem' type='pci'>\n      <source>\n        <address domain='0x10000' bus='0x3b' slot='0x20' function='8'/>\n      </source>\n      <address type='pci' domain='0x0000' bus='zz' slot='08' function='0x0'/>\n    </hostdev>",
    });
    const fs = only(text, 'libvirt/hostdev-address');
    assert.deepEqual(fs.map((f) => f.range), [rangeOf(text, "'0x10000'"), rangeOf(text, "'0x20'"), rangeOf(text, "'8'"), rangeOf(text, "'zz'"), rangeOf(text, "'08'")]);
    assert.ok(fs.every((f) => f.level === 'error'));
    assert.match(fs[1].message, /slot='0x20' is out of range: a PCI slot is at most 0x1f \(31\)/);
    assert.match(fs[4].message, /leading 0 means octal/);
  });
  test("ESXi's zero-padded decimal bus='059': the decimal reading (59 = 0x3b) comes first, the hex reading second", () => {
    const text = domain({ devices: pciHostdev().replace("bus='0x3b'", "bus='059'") });
    const [f] = only(text, 'libvirt/hostdev-address');
    assert.deepEqual(f.range, rangeOf(text, "'059'"));
    assert.equal(f.level, 'error');
    assert.equal(
      f.message,
      "bus='059' is not a number libvirt can read: a leading 0 means octal, and 8 and 9 are not octal digits. As zero-padded decimal (how ESXi writes PCI addresses, pciPassthruN.id = \"00000:059:00.0\") it is 59 = 0x3b: write bus='0x3b'. If it is hex without the 0x, write bus='0x59'",
    );
    const slot = only(domain({ devices: pciHostdev().replace("slot='0x00'", "slot='029'") }), 'libvirt/hostdev-address')[0];
    assert.equal(slot.message, "slot='029' is not a number libvirt can read: a leading 0 means octal, and 8 and 9 are not octal digits. As zero-padded decimal (how ESXi writes PCI addresses, pciPassthruN.id = \"00000:059:00.0\") it is 29 = 0x1d: write slot='0x1d'");
  });
  test("a zero-padded number libvirt reads as octal, but that means another device in decimal: a warning with both readings", () => {
    const text = domain({ devices: pciHostdev().replace("bus='0x3b'", "bus='010'") });
    const [f] = only(text, 'libvirt/hostdev-address');
    assert.equal(f.level, 'warning');
    assert.equal(f.message, "bus='010' is octal to libvirt (a leading 0 means octal): 010 = 8 = 0x08. If it is zero-padded decimal, as ESXi writes PCI addresses, it means 10 = 0x0a: write bus='0x0a' (or bus='0x08' to keep the device libvirt reads now)");
    assert.deepEqual(only(domain({ devices: pciHostdev().replace("bus='0x3b'", "bus='07'").replace("slot='0x00'", "slot='00'") }), 'libvirt/hostdev-address'), []);
  });
  test('decimal, hex and non-PCI addresses are fine', () => {
    const text = domain({ devices: "    <hostdev mode='subsystem' type='pci'>\n      <source>\n        <address domain='0' bus='59' slot='31' function='7'/>\n      </source>\n    </hostdev>\n    <disk type='file'>\n      <address type='drive' controller='0' bus='0' target='0' unit='999'/>\n    </disk>" });
    assert.deepEqual(only(text, 'libvirt/hostdev-address'), []);
  });
});

describe('libvirt/hostdev-duplicate', () => {
  test('the same host function written two ways, and the same mdev twice', () => {
    const mdev = `    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n      <source>\n        <address uuid='${MDEV_UUID}'/>\n      </source>\n    </hostdev>`;
    const text = domain({
      devices: `${pciHostdev()}\n    <hostdev mode='subsystem' type='pci'>\n      <source>\n        <address domain='0' bus='59' slot='0' function='0'/>\n      </source>\n    </hostdev>\n${mdev}\n${mdev.replace(MDEV_UUID, MDEV_UUID.toUpperCase())}`,
    });
    const fs = only(text, 'libvirt/hostdev-duplicate');
    assert.equal(fs.length, 2);
    assert.deepEqual(fs[0].range, rangeOf(text, "<address domain='0' bus='59' slot='0' function='0'/>"));
    assert.match(fs[0].message, /host PCI device 0000:3b:00\.0 is already assigned on line 9/);
    assert.match(fs[1].message, new RegExp(`mdev ${MDEV_UUID} is already assigned`));
    assert.equal(fs[1].level, 'error');
  });
});

describe('libvirt/mdev-model', () => {
  test("missing model: fix inserts model='vfio-pci' after type='mdev'", () => {
    const text = domain({ devices: `    <hostdev mode='subsystem' type='mdev' managed='no'>\n      <source>\n        <address uuid='${MDEV_UUID}'/>\n      </source>\n    </hostdev>` });
    const fs = only(text, 'libvirt/mdev-model');
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, 'hostdev'));
    assert.equal(fixed(text, fs[0]), text.replace("type='mdev' managed='no'", "type='mdev' model='vfio-pci' managed='no'"));
  });
  test('vfio-ap and vfio-ccw are valid; a wrong model is replaced', () => {
    const mk = (m: string) => domain({ devices: `    <hostdev mode='subsystem' type='mdev' model='${m}'>\n      <source>\n        <address uuid='${MDEV_UUID}'/>\n      </source>\n    </hostdev>` });
    assert.deepEqual(only(mk('vfio-ap'), 'libvirt/mdev-model'), []);
    assert.deepEqual(only(mk('vfio-ccw'), 'libvirt/mdev-model'), []);
    const bad = mk('vfio');
    assert.equal(fixed(bad, only(bad, 'libvirt/mdev-model')[0]), mk('vfio-pci'));
  });
});

describe('libvirt/mdev-uuid', () => {
  test("the slides' '$UUID' placeholder and a short UUID", () => {
    const text = domain({ devices: "    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n      <source>\n        <address uuid='$UUID'/>\n      </source>\n    </hostdev>" });
    const fs = only(text, 'libvirt/mdev-uuid');
    assert.equal(fs.length, 1);
    assert.deepEqual(fs[0].range, rangeOf(text, "'$UUID'"));
    assert.match(fs[0].message, /placeholder/);
    const nd = '<device>\n  <name>mdev_x</name>\n  <parent>pci_0000_83_00_0</parent>\n  <capability type=\'mdev\'>\n    <type id=\'nvidia-289\'/>\n    <uuid>98d19132-f8f0-4d19-8743</uuid>\n  </capability>\n</device>\n';
    const nf = only(nd, 'libvirt/mdev-uuid');
    assert.deepEqual(nf[0].range, rangeOf(nd, '98d19132-f8f0-4d19-8743'));
    assert.match(nf[0].message, /20 hex digits, a UUID has 32/);
  });
});

describe('libvirt/unknown-gpu', () => {
  test('a PCI hostdev the catalog cannot size is an info finding', () => {
    const text = domain({ devices: pciHostdev('0000:06:12.0') });
    const fs = findingsOf(text);
    assert.deepEqual(fs.map((f) => [f.ruleId, f.level]), [['libvirt/unknown-gpu', 'info']]);
  });
  test('the reason speaks of the address, never of vendorId/deviceId (which libvirt XML does not have)', () => {
    const text = domain({ devices: pciHostdev('0000:06:12.0') });
    const away = only(text, 'libvirt/unknown-gpu')[0].message;
    assert.equal(
      away,
      'hostdev 0000:06:12.0: the host inventory is not available (host reading is off, or this is not the KVM host), and vgpuLint.gpuMap does not map this address, so its MMIO and firmware needs cannot be checked. Run the server on the host (read-only sysfs), or map the address to a catalog GPU id in the vgpuLint.gpuMap setting.',
    );
    const onHost = only(text, 'libvirt/unknown-gpu', { host })[0].message;
    assert.match(onHost, /^hostdev 0000:06:12\.0: the host has no device at this address, and vgpuLint\.gpuMap does not map it, so .* Check the address \(lspci -D\)/);
    const settings = { ...NO_HOST_SETTINGS, gpuMap: { '0000:06:12.0': 'A100-80GB' } };
    assert.match(only(text, 'libvirt/unknown-gpu', { settings })[0].message, /vgpuLint\.gpuMap maps this address to "A100-80GB", which is not a GPU id of the catalog/);
    for (const m of [away, onHost]) assert.doesNotMatch(m, /vendorId|deviceId/);
  });
  test('a host device that is not in the catalog is named by its PCI id', () => {
    const base = fakeHost();
    const odd = { address: '0000:06:12.0', vendorId: 0x10de, deviceId: 'ffff', classCode: 0x030200, bars: [], mdevTypes: [], creatableVgpuTypes: [] };
    const withOdd = { ...base, device: (a: string) => (a === odd.address ? odd : base.device(a)), devices: () => [...base.devices(), odd] };
    const text = domain({ devices: pciHostdev('0000:06:12.0') });
    assert.match(only(text, 'libvirt/unknown-gpu', { host: withOdd })[0].message, /^hostdev 0000:06:12\.0: the device at this address \(PCI id 10de:ffff\) is not in the GPU catalog, so /);
  });
});

describe('suppression comments', () => {
  test('<!-- vgpu-lint-disable-next-line <id> --> silences that rule on the next line only', () => {
    const text = domain({ extra: "  <features>\n    <hyperv>\n      <!-- vgpu-lint-disable-next-line libvirt/unknown-attribute -->\n      <vapic status='on'/>\n      <runtime status='on'/>\n    </hyperv>\n  </features>" });
    const fs = only(text, 'libvirt/unknown-attribute');
    assert.deepEqual(fs.map((f) => f.range), [rangeOf(text, 'status', 1)]);
  });
});
