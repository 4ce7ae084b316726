#!/usr/bin/env bash
# Shows that the repository needs nothing but Node: clones the committed HEAD into a temporary folder
# and runs the README's two commands (`npm ci && npm start`, `npm test`) there on a machine made to look
# like one without libvirt:
#   - a private mount namespace (`unshare -m`, needs root) in which libvirt's schema folders
#     (/usr/share/libvirt/schemas, /usr/local/share/libvirt/schemas) are empty folders bind-mounted
#     over the real ones;
#   - a PATH of symlinks to every command of the current PATH except virt-xml-validate and xmllint.
# Where unshare is not permitted it says so loudly and hides the schemas from the product with the
# test-only VGPU_LINT_TEST_HOST_ROOT (docs/schema-validation.md) instead.
# Prints the time of each step and the test totals; the last line is
#   fresh-clone: N passed, M failed
# (N, M: test cases of the fresh `npm test`; each failed step adds one to M). Exit status 1 on failure.
set -uo pipefail

HIDDEN_DIRS=(/usr/share/libvirt/schemas /usr/local/share/libvirt/schemas)
HIDDEN_TOOLS=(virt-xml-validate xmllint)

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }

# ---- inside: the clone, with the schemas and tools hidden ----
if [ "${1:-}" = "--inside" ]; then
  work=$2 mode=$3
  if [ "$mode" = namespace ]; then
    for d in "${HIDDEN_DIRS[@]}"; do
      [ -d "$d" ] || continue
      mount --bind "$work/empty" "$d" || { echo "fresh-clone: could not hide $d" >&2; exit 1; }
    done
  fi
  export PATH="$work/bin"
  cd "$work/repo" || exit 1
  failed_steps=0
  step() { echo; echo "== fresh-clone: $*"; }

  step "the machine as the tests see it"
  for d in "${HIDDEN_DIRS[@]}"; do
    if [ -e "$d/domain.rng" ] && [ "$mode" = namespace ]; then echo "$d/domain.rng is still visible"; failed_steps=$((failed_steps + 1)); fi
  done
  for t in "${HIDDEN_TOOLS[@]}"; do
    if command -v "$t" >/dev/null 2>&1; then echo "$t is still on PATH"; failed_steps=$((failed_steps + 1)); fi
  done
  echo "node $(node --version), npm $(npm --version); no virt-xml-validate, no xmllint; libvirt schemas hidden ($mode)"

  step "npm ci"
  t0=$(now)
  npm ci --no-audit --no-fund || { echo "fresh-clone: npm ci failed"; failed_steps=$((failed_steps + 1)); }
  t1=$(now)

  step "npm start"
  npm start >"$work/start.txt" 2>&1
  start_status=$?
  t2=$(now)
  tail -n 15 "$work/start.txt"
  # The examples contain errors on purpose: npm start exits 1 after printing their diagnostics.
  if [ "$start_status" -ne 1 ] || ! grep -q 'vmx/mmio-too-small' "$work/start.txt"; then
    echo "fresh-clone: npm start exited $start_status without the examples' diagnostics"
    failed_steps=$((failed_steps + 1))
  fi
  schemas=$(node dist/cli.js --verbose --no-host examples 2>&1 >/dev/null | grep -o 'libvirt schemas: [^;]*' | head -n 1)
  echo "$schemas"
  if [ "$schemas" != "libvirt schemas: bundled (libvirt 9.0.0)" ]; then
    echo "fresh-clone: expected the bundled libvirt schemas, got: ${schemas:-nothing}"
    failed_steps=$((failed_steps + 1))
  fi

  step "npm test"
  npm test 2>&1 | tee "$work/test.txt"
  test_status=${PIPESTATUS[0]}
  t3=$(now)

  count() { sed -n "s/^ℹ $1 \([0-9]*\)\$/\1/p" "$work/test.txt" | tail -n 1; }
  pass=$(count pass) fail=$(count fail) cancelled=$(count cancelled) skipped=$(count skipped)
  if [ -z "$pass" ]; then
    echo "fresh-clone: npm test printed no totals (exit $test_status)"
    pass=0 fail=1
  fi
  failed=$(( ${fail:-0} + ${cancelled:-0} + failed_steps ))
  [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1

  echo
  echo "fresh-clone: npm ci $(secs "$t0" "$t1"), npm start $(secs "$t1" "$t2"), npm test $(secs "$t2" "$t3")"
  echo "fresh-clone: tests: ${pass} passed, ${fail:-0} failed, ${cancelled:-0} cancelled, ${skipped:-0} skipped (the comparisons with virt-xml-validate / xmllint)"
  echo "fresh-clone: ${pass} passed, ${failed} failed"
  [ "$failed" -eq 0 ]
  exit
fi

# ---- outside: clone HEAD, build the PATH, enter the namespace ----
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-fresh-clone-XXXXXX")
trap 'rm -rf "$work"' EXIT
head=$(git -C "$repo" rev-parse HEAD) || { echo "fresh-clone: $repo is not a git repository"; echo "fresh-clone: 0 passed, 1 failed"; exit 1; }
echo "== fresh-clone: cloning $(git -C "$repo" log -1 --format='%h %s' HEAD) into $work/repo"
if ! git clone -q --no-checkout "$repo" "$work/repo" || ! git -C "$work/repo" checkout -q --detach "$head"; then
  echo "fresh-clone: 0 passed, 1 failed"
  exit 1
fi
[ -z "$(git -C "$repo" status --porcelain)" ] || echo "fresh-clone: note: uncommitted changes in $repo are not part of this run"

mkdir -p "$work/bin" "$work/empty"
IFS=: read -r -a path_dirs <<<"$PATH"
for dir in "${path_dirs[@]}"; do
  [ -d "$dir" ] || continue
  for exe in "$dir"/*; do
    name=${exe##*/}
    [ -f "$exe" ] && [ -x "$exe" ] || continue
    case " ${HIDDEN_TOOLS[*]} " in *" $name "*) continue ;; esac
    [ -e "$work/bin/$name" ] || ln -s "$exe" "$work/bin/$name"
  done
done

if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
  unshare -m --propagation private bash "$0" --inside "$work" namespace
else
  bar=$(printf '!%.0s' $(seq 1 78))
  printf '%s\n%s\n%s\n%s\n' "$bar" "fresh-clone: unshare -m is not permitted here (needs root): the host's libvirt schemas stay" \
    "mounted; the product is told to ignore them with VGPU_LINT_TEST_HOST_ROOT (test-only) instead." "$bar" >&2
  mkdir -p "$work/empty-root"
  VGPU_LINT_TEST_HOST_ROOT="$work/empty-root" bash "$0" --inside "$work" env
fi
