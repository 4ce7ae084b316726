#!/bin/bash
# End-to-end check in a real VS Code (code-server + headless Chromium): builds and packages the
# extension, installs the .vsix into a fresh code-server, opens a copy of examples/e2e-workspace
# and drives the editor as a person would (test/e2e/code-server.e2e.js). Screenshots: test-results/e2e/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
mkdir -p test-results
e2e_env
step "build + package"
package_product
D=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-e2e-XXXXXX")
trap 'stop_code_server; [ "${E2E_KEEP:-0}" = 1 ] || rm -rf "$D"' EXIT
cp -r "$ROOT/examples/e2e-workspace" "$D/ws"
# The host checks read the fake sysfs tree copied with the workspace (the setting is an absolute path).
node -e 'const fs = require("fs"); const f = process.argv[1] + "/.vscode/settings.json"; const s = JSON.parse(fs.readFileSync(f, "utf8"));
  s["vgpuLint.host.enabled"] = true; s["vgpuLint.host.sysfsRoot"] = process.argv[1] + "/host-sysfs"; fs.writeFileSync(f, JSON.stringify(s, null, 2) + "\n");' "$D/ws"
new_instance "$D"
step "install $(basename "$VSIX") into code-server"
install_extension "$D" "$VSIX"
step "start code-server"
start_code_server "$D"
step "drive the workbench in Chromium (port $CS_PORT)"
rc=0
CS_URL="http://127.0.0.1:$CS_PORT/?folder=$D/ws" E2E_WS="$D/ws" E2E_OUT="$ROOT/test-results/e2e" \
  node "$ROOT/test/e2e/code-server.e2e.js" || rc=$?
step "extension host log"
check_exthost_log "$D"
[ $rc = 0 ] || die "workbench checks failed (screenshots in test-results/e2e/)"
step "e2e passed"
