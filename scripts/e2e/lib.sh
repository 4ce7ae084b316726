# Shared shell helpers of the editor end-to-end scripts (sourced, not run).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_CACHE=${E2E_CACHE:-$HOME/.cache/vgpu-e2e}
E2E_T0=${E2E_T0:-$(date +%s)}
step() { echo "== [$(( $(date +%s) - E2E_T0 ))s] $*"; }
die() { echo "E2E FAIL: $*" >&2; exit 1; }

# Loads (installing first if needed) the cache paths written by setup.sh.
e2e_env() {
  [ -f "$E2E_CACHE/env.sh" ] || bash "$ROOT/scripts/e2e/setup.sh"
  # shellcheck disable=SC1091
  . "$E2E_CACHE/env.sh"
  [ -x "$E2E_CODE_SERVER" ] || bash "$ROOT/scripts/e2e/setup.sh"
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Builds and packages the product (.vsix) unless E2E_SKIP_PACKAGE=1 and it exists.
# E2E_VSIX=<file> uses a given package instead.
package_product() {
  VSIX=${E2E_VSIX:-$ROOT/dist/vgpu-config-assistant.vsix}
  if [ -n "${E2E_VSIX:-}" ]; then [ -f "$VSIX" ] || die "E2E_VSIX=$VSIX does not exist"; return; fi
  if [ "${E2E_SKIP_PACKAGE:-0}" = 1 ] && [ -f "$VSIX" ]; then return; fi
  (cd "$ROOT" && npm run --silent package >"$ROOT/test-results/package.log" 2>&1) || { tail -30 "$ROOT/test-results/package.log"; die "npm run package failed"; }
  [ -f "$VSIX" ] || die "npm run package did not produce $VSIX"
}

# new_instance DIR: a code-server home under DIR, isolated from the real home.
new_instance() {
  local d=$1
  mkdir -p "$d/data/User" "$d/ext" "$d/home" "$d/xdg-config" "$d/xdg-data" "$d/xdg-cache"
  cat > "$d/data/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "editor.lightbulb.enabled": "on",
  "editor.hover.delay": 200,
  "files.autoSave": "off"
}
JSON
}

# The environment of a code-server under DIR: its own HOME/XDG folders, Node 24 first on PATH, and the
# extension gallery pointing at a closed loopback port (the checks never reach the network).
cs_env() {
  local d=$1
  CS_ENV=(EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}'
    HOME="$d/home" XDG_CONFIG_HOME="$d/xdg-config" XDG_DATA_HOME="$d/xdg-data" XDG_CACHE_HOME="$d/xdg-cache"
    PATH="$(dirname "$E2E_NODE24"):$PATH")
}

cs() {
  local d=$1; shift
  cs_env "$d"
  env "${CS_ENV[@]}" "$E2E_CODE_SERVER" --user-data-dir "$d/data" --extensions-dir "$d/ext" "$@"
}

install_extension() { cs "$1" --install-extension "$2" >"$1/install-$(basename "$2").log" 2>&1 || { cat "$1/install-$(basename "$2").log"; die "installing $2 failed"; }; }

# start_code_server DIR: sets CS_PORT and CS_PID; logs to DIR/code-server.log.
start_code_server() {
  local d=$1
  CS_PORT=$(free_port)
  cs_env "$d"
  # Its own session/process group, so stopping it also stops the extension host and language server.
  setsid env "${CS_ENV[@]}" "$E2E_CODE_SERVER" --user-data-dir "$d/data" --extensions-dir "$d/ext" \
     --bind-addr "127.0.0.1:$CS_PORT" --auth none --disable-telemetry --disable-update-check \
     --disable-workspace-trust >"$d/code-server.log" 2>&1 &
  CS_PID=$!
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$CS_PORT/healthz" && return 0
    kill -0 "$CS_PID" 2>/dev/null || { cat "$d/code-server.log"; die "code-server exited"; }
    sleep 0.25
  done
  cat "$d/code-server.log"; die "code-server did not answer /healthz"
}

# Always succeeds: it runs in EXIT traps under `set -e`, where the killed process's 143 would become the exit status.
stop_code_server() {
  if [ -n "${CS_PID:-}" ]; then
    kill -- "-$CS_PID" 2>/dev/null || kill "$CS_PID" 2>/dev/null || true
    wait "$CS_PID" 2>/dev/null || true
    sleep 0.5
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  CS_PID=
}

# Fails when the extension host log shows our extension's activation going wrong.
check_exthost_log() {
  local d=$1 logs
  logs=$(find "$d/data/logs" -name '*exthost*.log' 2>/dev/null)
  [ -n "$logs" ] || die "no extension host log under $d/data/logs"
  echo "extension host logs: $(echo "$logs" | tr '\n' ' ')"
  grep -h "vgpu-tools.vgpu-config-assistant" $logs | head -5 || true
  local bad
  # [error] lines naming the extension (its id is in its install path too) or a failed activation.
  bad=$(grep -hE "\[error\]" $logs | grep -iE "vgpu-config-assistant|vgpu-tools" || true)
  bad+=$(grep -hiE "Activating extension .vgpu-tools\.vgpu-config-assistant. failed" $logs || true)
  if [ -n "$bad" ]; then echo "$bad"; die "extension host log has errors from our extension"; fi
}
