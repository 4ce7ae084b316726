// Every libvirt/… rule: id, range, severity, message and the exact text after its fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { A100_80_ADDRESS, domain, fakeHost, findingsOf, fixed, MDEV_UUID, only, pciHostdev, rangeOf } from './libvirt-helpers';

const host = fakeHost();
const EFI_OS = "  <os firmware='efi'>\n    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n  </os>";
const QEMU_ATTRS = " xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'";
const fwCfg = (mb: number) => `  <qemu:commandline>\n    <qemu:arg value='-fw_cfg'/>\n    <qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=${mb}'/>\n  </qemu:commandline>`;
const PASSTHROUGH_CPU = "  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='passthrough'/>\n  </cpu>";

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

describe('libvirt/bios-large-bar', () => {
  test('A100 80 GB without UEFI: error at the hostdev, fix adds firmware=\'efi\' to <os>', () => {
    const text = domain({ devices: pciHostdev() });
    const fs = only(text, 'libvirt/bios-large-bar', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, "<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/>"));
    assert.match(fs[0].message, /128 GB BAR1.*reinstalling the guest OS/);
    assert.equal(fixed(text, fs[0]), text.replace('  <os>', "  <os firmware='efi'>"));
    assert.equal(fs[0].fixes![0].safe, false);
  });
  test("explicit firmware='bios' points at the value and the fix changes only the value", () => {
    const text = domain({ os: "  <os firmware=\"bios\">\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>", devices: pciHostdev() });
    const fs = only(text, 'libvirt/bios-large-bar', { host });
    assert.deepEqual(fs[0].range, rangeOf(text, '"bios"'));
    assert.equal(fixed(text, fs[0]), text.replace('firmware="bios"', 'firmware="efi"'));
  });
  test('an OVMF pflash loader counts as UEFI', () => {
    const text = domain({ os: "  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>\n  </os>", devices: pciHostdev() });
    assert.deepEqual(only(text, 'libvirt/bios-large-bar', { host }), []);
  });
  test('the gpuMap setting identifies the GPU away from the host', () => {
    const text = domain({ devices: pciHostdev() });
    const settings = { ...findingsSettings(), gpuMap: { [A100_80_ADDRESS]: 'A100-PCIE-80GB' } };
    assert.equal(only(text, 'libvirt/bios-large-bar', { settings }).length, 1);
  });
});

function findingsSettings() {
  return { rules: {}, host: { enabled: false, sysfsRoot: '/sys' }, libvirt: { schemaDir: '/usr/share/libvirt/schemas' }, gpuMap: {} };
}

describe('libvirt/mmio-window', () => {
  test('no aperture for a 256 GB need: warning, fix adds the fw_cfg commandline and the qemu namespace', () => {
    const text = domain({ os: EFI_OS, extra: PASSTHROUGH_CPU, devices: pciHostdev() });
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.match(fs[0].message, /need a 256 GB 64-bit MMIO aperture \(A100 PCIe 80 GB: 16 MB \+ 128 GB \+ 32 MB = 128\.1 GB → 256 GB\)/);
    const after = fixed(text, fs[0]);
    assert.equal(
      after,
      text
        .replace("<domain type='kvm'>", `<domain type='kvm'${QEMU_ATTRS}>`)
        .replace('  </devices>\n</domain>', `  </devices>\n${fwCfg(262144)}\n</domain>`),
    );
    assert.deepEqual(only(after, 'libvirt/mmio-window', { host }), []);
  });
  test('an existing qemu namespace prefix and commandline are reused', () => {
    const text = domain({ attrs: " xmlns:q='http://libvirt.org/schemas/domain/qemu/1.0'", os: EFI_OS, extra: PASSTHROUGH_CPU, devices: pciHostdev() }).replace(
      '</domain>',
      "  <q:commandline>\n    <q:arg value='-no-hpet'/>\n  </q:commandline>\n</domain>",
    );
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(
      fixed(text, fs[0]),
      text.replace("    <q:arg value='-no-hpet'/>\n", "    <q:arg value='-no-hpet'/>\n    <q:arg value='-fw_cfg'/>\n    <q:arg value='name=opt/ovmf/X-PciMmio64Mb,string=262144'/>\n"),
    );
  });
  test('X-PciMmio64Mb too small (the 9070 XT file\'s 65536): error at the number, fix sets 262144', () => {
    const text = domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: PASSTHROUGH_CPU, devices: pciHostdev() }).replace('</domain>', `${fwCfg(65536)}\n</domain>`);
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, '65536'));
    assert.match(fs[0].message, /X-PciMmio64Mb = 65536 \(64 GB\) is too small/);
    assert.equal(fixed(text, fs[0]), text.replace('string=65536', 'string=262144'));
  });
  test('the value without name= and pcihole64 in its own unit are understood', () => {
    const bare = domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: PASSTHROUGH_CPU, devices: pciHostdev() }).replace(
      '</domain>',
      "  <qemu:commandline>\n    <qemu:arg value='-fw_cfg'/>\n    <qemu:arg value='opt/ovmf/X-PciMmio64Mb,string=131072'/>\n  </qemu:commandline>\n</domain>",
    );
    assert.equal(fixed(bare, only(bare, 'libvirt/mmio-window', { host })[0]), bare.replace('string=131072', 'string=262144'));
    const hole = domain({ os: EFI_OS, extra: PASSTHROUGH_CPU, devices: `    <controller type='pci' index='0' model='pcie-root'>\n      <pcihole64 unit='GiB'>64</pcihole64>\n    </controller>\n${pciHostdev()}` });
    const fs = only(hole, 'libvirt/mmio-window', { host });
    const value = rangeOf(hole, '64</pcihole64>');
    assert.deepEqual(fs[0].range, { start: value.start, end: { line: value.start.line, character: value.start.character + 2 } });
    assert.equal(fixed(hole, fs[0]), hole.replace("<pcihole64 unit='GiB'>64<", "<pcihole64 unit='GiB'>256<"));
  });
});

describe('libvirt/mmio-window under BIOS', () => {
  test('no aperture and BIOS: reported next to bios-large-bar, saying it applies once the VM boots with UEFI', () => {
    const text = domain({ extra: PASSTHROUGH_CPU, devices: pciHostdev() });
    const fs = findingsOf(text, { host }).filter((f) => f.level === 'error' || f.level === 'warning');
    assert.deepEqual(fs.map((f) => f.ruleId), ['libvirt/bios-large-bar', 'libvirt/mmio-window']);
    const w = fs[1];
    assert.equal(w.level, 'warning');
    assert.match(w.message, /need a 256 GB 64-bit MMIO aperture .* OVMF's default is 32 GB\..* This applies once the VM boots with UEFI/);
    assert.equal(
      fixed(text, w),
      text.replace("<domain type='kvm'>", `<domain type='kvm'${QEMU_ATTRS}>`).replace('  </devices>\n</domain>', `  </devices>\n${fwCfg(262144)}\n</domain>`),
    );
    // After both fixes nothing about the aperture is left.
    const both = fixed(fixed(text, w), only(fixed(text, w), 'libvirt/bios-large-bar', { host })[0]);
    assert.deepEqual(only(both, 'libvirt/mmio-window', { host }), []);
  });
  test('a too small aperture under BIOS is an error too', () => {
    const text = domain({ attrs: QEMU_ATTRS, extra: PASSTHROUGH_CPU, devices: pciHostdev() }).replace('</domain>', `${fwCfg(65536)}\n</domain>`);
    const fs = only(text, 'libvirt/mmio-window', { host });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /X-PciMmio64Mb = 65536 \(64 GB\) is too small.*once the VM boots with UEFI/);
  });
  test('UEFI: no BIOS remark', () => {
    const text = domain({ os: EFI_OS, extra: PASSTHROUGH_CPU, devices: pciHostdev() });
    assert.doesNotMatch(only(text, 'libvirt/mmio-window', { host })[0].message, /BIOS/);
  });
});

describe('libvirt/phys-bits', () => {
  const withAperture = (cpu: string, mb = 262144) => domain({ attrs: QEMU_ATTRS, os: EFI_OS, extra: cpu, devices: pciHostdev() }).replace('</domain>', `${fwCfg(mb)}\n</domain>`);
  test("emulate bits='36' cannot reach a 256 GB aperture: fix switches to passthrough", () => {
    const text = withAperture("  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='emulate' bits='36'/>\n  </cpu>");
    const fs = only(text, 'libvirt/phys-bits', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'error');
    assert.deepEqual(fs[0].range, rangeOf(text, "'36'"));
    assert.match(fs[0].message, /36 physical address bits \(64 GiB\).*ends at 512 GiB = 2\^39/);
    assert.equal(fixed(text, fs[0]), text.replace("<maxphysaddr mode='emulate' bits='36'/>", "<maxphysaddr mode='passthrough'/>"));
    assert.equal(fixed(text, fs[0], 1), text.replace("bits='36'", "bits='39'"));
  });
  test("passthrough with a low limit: fix raises the limit; enough bits: nothing", () => {
    const text = withAperture("  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='passthrough' limit='38'/>\n  </cpu>");
    const fs = only(text, 'libvirt/phys-bits', { host });
    assert.equal(fixed(text, fs[0]), text.replace("limit='38'", "limit='39'"));
    assert.deepEqual(only(withAperture("  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='emulate' bits='39'/>\n  </cpu>"), 'libvirt/phys-bits', { host }), []);
  });
  test('no maxphysaddr and an aperture beyond 40 bits: warning that explains', () => {
    const text = withAperture("  <cpu mode='host-model'/>", 1048576);
    const fs = only(text, 'libvirt/phys-bits', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.match(fs[0].message, /beyond the 40 physical address bits.*maxphysaddr mode='passthrough'/);
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
  test('fix adds <memtune><hard_limit> sized guest memory + 1 GiB per VFIO device', () => {
    const text = domain({ extra: '  <memoryBacking>\n    <locked/>\n  </memoryBacking>', devices: `${pciHostdev()}\n${pciHostdev('0000:3c:00.0')}` });
    const fs = only(text, 'libvirt/locked-without-hard-limit');
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.deepEqual(fs[0].range, rangeOf(text, 'locked'));
    assert.match(fs[0].message, /guest memory 16777216 KiB \+ 1 GiB \(1048576 KiB\) × 2 VFIO devices = 18874368 KiB/);
    assert.equal(fixed(text, fs[0]), text.replace('  </memoryBacking>', "  </memoryBacking>\n  <memtune>\n    <hard_limit unit='KiB'>18874368</hard_limit>\n  </memtune>"));
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
    const settings = { ...findingsSettings(), gpuMap: { '0000:06:12.0': 'A100-80GB' } };
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
