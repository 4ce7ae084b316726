#!/bin/bash
# Neovim (Debian's 0.7.2, headless, no plugins) as an LSP client of `node dist/server.js --stdio`:
# a .vmx, a libvirt domain XML and a Proxmox VE config must get the expected rule ids, a hover and completions.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
command -v nvim >/dev/null || die "nvim not installed (scripts/e2e/setup.sh installs it)"
[ -f dist/server.js ] || npm run --silent build
T=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-nvim-XXXXXX")
trap '[ "${E2E_KEEP:-0}" = 1 ] || rm -rf "$T"' EXIT
cp -r examples/e2e-workspace "$T/ws"
mkdir -p test-results/e2e
export VGPU_NVIM_SPEC
VGPU_NVIM_SPEC=$(cat <<JSON
{ "server": "$ROOT/dist/server.js", "root": "$T/ws", "out": "$T/nvim.json",
  "settings": { "vgpuLint": { "host": { "enabled": false }, "gpuMap": { "0000:83:00.0": "A100-PCIE-80GB" } } },
  "files": [
    { "path": "$T/ws/a2-bios.vmx", "filetype": "vmx",
      "hover": { "needle": "pciPassthru.64bitMMIOSizeGB", "offset": 5 }, "complete": { "text": "pciPassthru0." } },
    { "path": "$T/ws/win11-gpu.xml", "filetype": "xml",
      "hover": { "needle": "<hostdev", "offset": 3 }, "complete": { "after": "<devices>", "text": "    <" } },
    { "path": "$T/ws/qemu-server/100.conf", "filetype": "proxmox",
      "hover": { "needle": "hostpci0:", "offset": 3 }, "complete": { "after": "scsihw:", "text": "hostpci1: 0000:84:00.0,ro" } } ] }
JSON
)
step "nvim $(nvim --version | head -1 | cut -d' ' -f2) headless"
XDG_DATA_HOME=$T XDG_STATE_HOME=$T XDG_CACHE_HOME=$T XDG_CONFIG_HOME=$T \
  timeout 120 nvim --headless --clean -n -i NONE -u NONE -c "luafile $ROOT/test/e2e/nvim-lsp-check.lua" \
  || die "nvim exited with $?"
[ -f "$T/nvim.json" ] || die "nvim wrote no results"
cp "$T/nvim.json" test-results/e2e/nvim.json
node - "$T/nvim.json" <<'JS'
const r = require(process.argv[2]);
const checks = [];
const check = (name, ok, detail) => { checks.push(ok); console.log(`${ok ? '  ✔' : '  ✘'} ${name}${detail ? ': ' + detail : ''}`); };
const expect = {
  // Completion after "pciPassthru0.": keys of that index (the file already has .present, so others).
  vmx: { codes: ['vmx/bios-large-bar', 'vmx/unknown-key', 'vmx/unquoted-value'], hover: /\d\s*[GM]B\s*→\s*\d+\s*GB/, completion: /^pciPassthru0\.\w+$/ },
  // Completion after "<" inside <devices>: element names.
  xml: { codes: ['libvirt/mmio-window', 'libvirt/unknown-attribute'], hover: /\S/, completion: /^<?hostdev\b/ },
  // A Proxmox config: the hover on hostpci0 shows the GPU's BARs; completion after "…,ro" offers hostpci properties.
  proxmox: { codes: ['proxmox/pcie-needs-q35', 'proxmox/invalid-value', 'proxmox/balloon'], hover: /BAR1 128 GiB/, completion: /^rombar$/ },
};
for (const f of r.files) {
  const e = expect[f.filetype];
  const codes = f.diagnostics.map((d) => d.code);
  for (const c of e.codes) check(`${f.filetype}: diagnostic ${c}`, codes.includes(c), `${codes.join(', ')} in ${f.diagnostics_ms} ms`);
  check(`${f.filetype}: hover`, e.hover.test(f.hover), JSON.stringify(f.hover.slice(0, 100)) + (f.hover_error ? ' ' + f.hover_error : ''));
  check(`${f.filetype}: completion`, f.completion.some((l) => e.completion.test(l)),
    `${f.completion.length} items: ${f.completion.slice(0, 5).join(', ')}${f.completion_error ? ' ' + f.completion_error : ''}`);
}
const failed = checks.filter((c) => !c).length;
console.log(`nvim: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
JS
