#!/usr/bin/env bash
# vsce stores README.md and CHANGELOG.md as readme.md and changelog.md, and LICENSE as LICENSE.txt.
# Builds the .vsix (`npm run package`), lists what is inside, and checks it the way the VS Code Marketplace and Open VSX
# would: the files a listing needs are in, no source or test file is, and the manifest has the fields and forms both
# registries require (checked here offline: neither registry offers an offline validator).
# Last line: "package: N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root" || exit 2
passed=0
failed=0
check() { # check "description" command...
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); echo "PASS $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
finish() { echo "package: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

vsix="dist/vgpu-config-assistant.vsix"
rm -f "$vsix"
if npm run package >"${TMPDIR:-/tmp}/vgpu-package.log" 2>&1; then
  passed=$((passed + 1)); echo "PASS npm run package"
else
  failed=$((failed + 1)); echo "FAIL npm run package"; tail -30 "${TMPDIR:-/tmp}/vgpu-package.log"; finish
fi

echo "== contents of $vsix"
unzip -l "$vsix"
list="$(unzip -Z1 "$vsix")"
has() { grep -qxF "$1" <<<"$list"; }

for f in extension.vsixmanifest '[Content_Types].xml' extension/package.json extension/readme.md extension/changelog.md \
  extension/LICENSE.txt extension/images/icon.png extension/dist/client.js extension/dist/server.js extension/dist/cli.js \
  extension/dist/THIRD-PARTY-NOTICES.txt extension/dist/libxml2-wasm.mjs extension/schemas/vgpu-lint.schema.json \
  extension/syntaxes/vmx.tmLanguage.json extension/snippets/vmx.code-snippets extension/docs/rules/README.md; do
  check "contains $f" has "$f"
done
forbidden="$(grep -E '(^|/)node_modules/|^extension/(server|client|test|bench|scripts|examples)/|\.ts$|\.map$|\.vsix$|\.svg$|(^|/)\.' <<<"$list" || true)"
check "no source, test, map, dotfile or node_modules entry${forbidden:+ (found: $(tr '\n' ' ' <<<"$forbidden"))}" test -z "$forbidden"

# The manifest, as both registries read it (package.json inside the .vsix, and extension.vsixmanifest).
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
unzip -q "$vsix" extension/package.json extension/images/icon.png extension.vsixmanifest -d "$work"
manifest_problems="$(node - "$work" <<'NODE'
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'extension', 'package.json'), 'utf8'));
const xml = fs.readFileSync(path.join(dir, 'extension.vsixmanifest'), 'utf8');
const problems = [];
const need = (ok, what) => { if (!ok) problems.push(what); };
// Fields vsce and ovsx refuse to publish without, and their forms.
need(/^[a-z0-9][a-z0-9-]*$/.test(pkg.name ?? ''), 'name: lower-case letters, digits, dashes');
need(/^[a-z0-9][a-z0-9-]*$/i.test(pkg.publisher ?? ''), 'publisher: letters, digits, dashes');
need(/^\d+\.\d+\.\d+$/.test(pkg.version ?? ''), 'version: major.minor.patch');
need(typeof pkg.engines?.vscode === 'string' && /^\^?\d+\.\d+\.\d+$/.test(pkg.engines.vscode), 'engines.vscode');
need(typeof pkg.displayName === 'string' && pkg.displayName.length > 0 && pkg.displayName.length <= 64, 'displayName (1–64 characters)');
need(typeof pkg.description === 'string' && pkg.description.length > 0, 'description');
need(pkg.license === 'MIT', 'license (SPDX id; Open VSX shows it and warns without one)');
need(/^https:\/\/github\.com\/[^/]+\/[^/]+\.git$/.test(pkg.repository?.url ?? ''), 'repository.url (https)');
need(/^https:\/\//.test(pkg.bugs?.url ?? ''), 'bugs.url');
need(/^https:\/\//.test(pkg.homepage ?? ''), 'homepage');
need(pkg.icon === 'images/icon.png', 'icon: a PNG (SVG icons are refused)');
need(/^#[0-9a-f]{6}$/i.test(pkg.galleryBanner?.color ?? '') && ['dark', 'light'].includes(pkg.galleryBanner?.theme), 'galleryBanner {color, theme}');
need(typeof pkg.preview === 'boolean', 'preview');
const CATEGORIES = ['Azure', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization', 'AI', 'Chat'];
need(Array.isArray(pkg.categories) && pkg.categories.length > 0 && pkg.categories.every((c) => CATEGORIES.includes(c)), 'categories from the Marketplace list');
need(Array.isArray(pkg.keywords) && pkg.keywords.length > 0 && pkg.keywords.length <= 30, 'keywords (1–30)');
need(!(pkg.activationEvents ?? []).includes('*'), 'no "*" activation');
// The icon: a real PNG of at least 128×128 pixels.
const png = fs.readFileSync(path.join(dir, 'extension', 'images', 'icon.png'));
const isPng = png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
need(isPng && png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'icon is a PNG of at least 128×128');
// The generated .vsixmanifest agrees with package.json.
need(xml.includes(`Id="${pkg.name}"`) && xml.includes(`Version="${pkg.version}"`) && xml.includes(`Publisher="${pkg.publisher}"`), 'vsixmanifest Identity');
need(/<License>extension\/LICENSE\.txt<\/License>/.test(xml), 'vsixmanifest License');
need(/<Icon>extension\/images\/icon\.png<\/Icon>/.test(xml), 'vsixmanifest Icon');
need(/Microsoft\.VisualStudio\.Services\.Links\.Source/.test(xml) && /Microsoft\.VisualStudio\.Services\.Links\.Support/.test(xml), 'vsixmanifest source and support links');
need(/Microsoft\.VisualStudio\.Services\.Content\.Changelog/.test(xml), 'vsixmanifest changelog asset');
need(/Microsoft\.VisualStudio\.Services\.Branding\.Color" Value="#1b2a3a"/i.test(xml), 'vsixmanifest gallery banner');
need(/<GalleryFlags>.*Preview.*<\/GalleryFlags>/.test(xml), 'vsixmanifest Preview flag');
process.stdout.write(problems.join('\n'));
process.exit(problems.length ? 1 : 0);
NODE
)"; manifest_status=$?
check "manifest fields and forms (Marketplace / Open VSX)${manifest_problems:+: $(tr '\n' ';' <<<"$manifest_problems")}" test "$manifest_status" -eq 0

finish
