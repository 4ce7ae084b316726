#!/usr/bin/env bash
# The npm package as a consumer gets it before it is on the registry: `npm pack` here, `npm install` of the tarball as a
# dev dependency in a scratch project (its dependencies come from the registry), then `npx vgpu-lint` on a broken and a
# clean .vmx. Last line: "npm-pack: N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
finish() { echo "npm-pack: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$(node -p "require('$root/package.json').version")"
name="$(node -p "require('$root/package.json').name")"

# 1. npm pack (prepack builds dist/).
if (cd "$root" && npm pack --pack-destination "$work" >"$work/pack.log" 2>&1); then pass "npm pack"; else fail "npm pack"; tail -20 "$work/pack.log"; finish; fi
tarball="$work/$name-$version.tgz"
[ -f "$tarball" ] && pass "tarball $name-$version.tgz" || { fail "no tarball $name-$version.tgz"; finish; }
contents="$(tar -tzf "$tarball")"
for f in package/package.json package/README.md package/LICENSE package/dist/cli.js package/dist/server.js package/dist/THIRD-PARTY-NOTICES.txt package/schemas/vgpu-lint.schema.json; do
  grep -qxF "$f" <<<"$contents" && pass "tarball has $f" || fail "tarball lacks $f"
done
stray="$(grep -E '^package/(server|client|test|scripts|examples|bench)/|\.ts$|\.map$' <<<"$contents" || true)"
[ -z "$stray" ] && pass "tarball has no sources, tests or maps" || fail "tarball has: $(tr '\n' ' ' <<<"$stray")"

# 2. A scratch project that installs the tarball as a dev dependency.
proj="$work/vm-templates"
mkdir -p "$proj" && cd "$proj" || exit 2
npm init -y >/dev/null 2>&1
cp "$tarball" .
if npm install --save-dev --no-audit --no-fund "./$name-$version.tgz" >"$work/install.log" 2>&1; then pass "npm i -D ./$name-$version.tgz"; else fail "npm i -D ./$name-$version.tgz"; tail -20 "$work/install.log"; finish; fi
dep="$(node -p "(require('./package.json').devDependencies || {})['$name']")"
[ "$dep" = "file:$name-$version.tgz" ] && pass "devDependencies records \"$dep\"" || fail "devDependencies records \"$dep\""

# 3. The CLI through npx, as a user runs it. npx prefers the project's node_modules/.bin, which must hold it.
[ -x node_modules/.bin/vgpu-lint ] && pass "node_modules/.bin/vgpu-lint installed" || { fail "node_modules/.bin/vgpu-lint missing"; finish; }
out="$(npx vgpu-lint --version 2>&1)"; code=$?
[ "$code" -eq 0 ] && [ "$out" = "$version" ] && pass "npx vgpu-lint --version prints $version" || fail "npx vgpu-lint --version: exit $code, \"$out\""

# An NVIDIA A2 (BAR1 16 GB) on BIOS firmware, and a VM without a GPU (shared with the other distribution checks).
cp "$root/test/fixtures/distribution/broken.vmx" "$root/test/fixtures/distribution/clean.vmx" .
out="$(npx vgpu-lint --no-host broken.vmx 2>&1)"; code=$?
[ "$code" -eq 1 ] && pass "broken.vmx: exit 1" || { fail "broken.vmx: exit $code"; printf '%s\n' "$out" | tail -10; }
grep -q 'vmx/bios-large-bar' <<<"$out" && pass "broken.vmx: output names vmx/bios-large-bar" || fail "broken.vmx: rule id missing"
out="$(npx vgpu-lint --no-host clean.vmx 2>&1)"; code=$?
[ "$code" -eq 0 ] && pass "clean.vmx: exit 0" || { fail "clean.vmx: exit $code"; printf '%s\n' "$out" | tail -10; }
out="$(npx vgpu-lint --no-host --format gitlab broken.vmx 2>&1)"; code=$?
[ "$code" -eq 1 ] && node -e "const r=JSON.parse(process.argv[1]); process.exit(r.some((i)=>i.check_name==='vmx/bios-large-bar'&&i.location.path==='broken.vmx')?0:1)" "$out" && pass "--format gitlab from the installed package" || fail "--format gitlab from the installed package (exit $code)"

finish
