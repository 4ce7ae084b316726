#!/usr/bin/env bash
# The pre-commit hook as a user gets it: `pre-commit try-repo <this repo> vgpu-lint` in a scratch git repository with
# one broken and one clean .vmx. Installs Debian's pre-commit when it is missing. Last line: "pre-commit: N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
finish() { echo "pre-commit: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v pre-commit >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends pre-commit >/dev/null
  fi
fi
if command -v pre-commit >/dev/null 2>&1; then pass "pre-commit available ($(pre-commit --version))"; else fail "pre-commit is not installed and could not be installed"; finish; fi
for exe in node npm git; do command -v "$exe" >/dev/null 2>&1 || { fail "$exe is not on PATH"; finish; }; done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A private cache: the hook environment is built from this checkout, never reused from an earlier run. try-repo
# builds it once per commit when the checkout is clean (uncommitted changes make a new shadow commit per run).
export PRE_COMMIT_HOME="$work/cache"
repo="$work/vm-templates"
mkdir -p "$repo"
cd "$repo" || exit 2
git init -q . && git config user.email ci@example.invalid && git config user.name ci

# An NVIDIA A2 (BAR1 16 GB) on BIOS firmware, and a VM without a GPU (shared with the other distribution checks).
cp "$root/test/fixtures/distribution/broken.vmx" "$root/test/fixtures/distribution/clean.vmx" .
git add broken.vmx clean.vmx && git commit -qm "templates"

# 1. The broken file fails the hook, and the output names the rule.
out="$(pre-commit try-repo "$root" vgpu-lint --files broken.vmx 2>&1)"; code=$?
if [ "$code" -ne 0 ]; then pass "hook fails on broken.vmx (exit $code)"; else fail "hook passed broken.vmx"; fi
if grep -q 'vmx/bios-large-bar' <<<"$out"; then pass "output names vmx/bios-large-bar"; else fail "rule id missing from the output"; fi
grep -q 'broken.vmx' <<<"$out" && pass "output names broken.vmx" || fail "file name missing from the output"
printf '%s\n' "$out" | sed -n '/^vgpu-lint\./,$p' | sed 's/^/    | /'

# 2. The clean file passes.
out="$(pre-commit try-repo "$root" vgpu-lint --files clean.vmx 2>&1)"; code=$?
if [ "$code" -eq 0 ]; then pass "hook passes clean.vmx"; else fail "hook failed clean.vmx (exit $code)"; printf '%s\n' "$out" | tail -20; fi

# 3. A file the hook's `files` pattern does not match is not linted at all.
printf 'not a vm\n' > notes.txt
out="$(pre-commit try-repo "$root" vgpu-lint --files notes.txt 2>&1)"; code=$?
if [ "$code" -eq 0 ] && grep -q '(no files to check)' <<<"$out"; then pass "notes.txt is skipped by the files pattern"; else fail "notes.txt was not skipped (exit $code)"; fi

finish
