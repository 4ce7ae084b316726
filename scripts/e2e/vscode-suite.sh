#!/bin/bash
# Runs the VS Code-API suite (test/vscode/suite) inside code-server's extension host: a small
# test-runner extension, installed next to the product's .vsix, runs it on startup and writes JSON.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
mkdir -p test-results/e2e
e2e_env
step "build + package"
package_product
D=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-suite-XXXXXX")
trap 'stop_code_server; [ "${E2E_KEEP:-0}" = 1 ] || rm -rf "$D"' EXIT
step "package the test-runner extension"
node "$ROOT/test/vscode/runner-extension/build.mjs" "$D/runner"
(cd "$D/runner" && "$ROOT/node_modules/.bin/vsce" package --allow-missing-repository --skip-license -o "$D/runner.vsix" >"$D/runner-package.log" 2>&1) \
  || { cat "$D/runner-package.log"; die "packaging the test-runner extension failed"; }
cp -r "$ROOT/examples/e2e-workspace" "$D/ws"
new_instance "$D"
install_extension "$D" "$VSIX"
install_extension "$D" "$D/runner.vsix"
export VGPU_TEST_RESULTS=$D/results.json
step "start code-server + open the workspace (the runner extension starts the suite)"
start_code_server "$D"
CS_URL="http://127.0.0.1:$CS_PORT/?folder=$D/ws" E2E_WAIT_FOR="$VGPU_TEST_RESULTS" \
  E2E_SCREENSHOT="$ROOT/test-results/e2e/vscode-suite.png" node "$ROOT/test/e2e/open-workbench.js" \
  || die "the suite wrote no results (extension host logs: $(find "$D/data/logs" -name '*exthost*.log' | tr '\n' ' '))"
cp "$VGPU_TEST_RESULTS" "$ROOT/test-results/e2e/vscode-suite.json"
node -e '
  const r = require(process.argv[1]);
  for (const t of r.tests) console.log(`${t.state === "passed" ? "  ✔" : "  ✘"} ${t.title} (${t.durationMs} ms)${t.error ? "\n      " + t.error.split("\n").slice(0, 4).join("\n      ") : ""}`);
  console.log(`vscode-suite: ${r.passed} passed, ${r.failed} failed`);
  process.exit(r.failed > 0 || r.passed === 0 ? 1 : 0);
' "$ROOT/test-results/e2e/vscode-suite.json" || die "VS Code-API suite failed in code-server"
step "extension host log"
check_exthost_log "$D"
step "VS Code-API suite passed in code-server"
