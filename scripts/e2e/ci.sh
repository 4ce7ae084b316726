#!/bin/bash
# CI entry for the editor checks: installs (cached in E2E_CACHE), then code-server UI e2e,
# the VS Code-API suite inside code-server, and Neovim. Runs all, fails if any failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
export E2E_T0
bash scripts/e2e/setup.sh || die "setup failed"
passed=0; failed=0; failures=()
run() {
  local name=$1; shift
  step "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}
run "code-server UI e2e" bash scripts/e2e/run.sh
E2E_SKIP_PACKAGE=1 run "VS Code-API suite in code-server" bash scripts/e2e/vscode-suite.sh
run "Neovim LSP check" bash scripts/e2e/nvim-check.sh
step "editor checks done in $(( $(date +%s) - E2E_T0 )) s${failures[*]:+; failed: ${failures[*]}}"
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
