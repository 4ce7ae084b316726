#!/usr/bin/env bash
# Live check of the firmware lab on a fresh Debian machine: installs QEMU, SeaBIOS, OVMF, busybox-static
# and cpio when missing, then boots the rows marked "ci" and compares them with test/lab/truth-table.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v qemu-system-x86_64 >/dev/null 2>&1 || need+=(qemu-system-x86)
[ -f /usr/share/seabios/bios-256k.bin ] || need+=(seabios)
[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || need+=(ovmf)
dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || need+=(busybox-static)
command -v cpio >/dev/null 2>&1 || need+=(cpio)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "!!! lab: missing ${need[*]} and no apt-get to install them" >&2
    exit 2
  fi
  echo "== lab: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== lab: live check of the ci rows against test/lab/truth-table.json"
start=$(date +%s)
status=0
npm run --silent lab -- --check --subset ci || status=$?
echo "== lab: check took $(( $(date +%s) - start )) s"
exit "$status"
