// `vgpu-lint`: the language service as a CI linter. Exit codes: 0 clean (no error-level problem),
// 1 error-level problems remain (after --fix), 2 bad usage, a bad config file or an unreadable path.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import { CliOptions, parseCliArgs, USAGE, UsageError } from './cli/args';
import { runConvert } from './cli/convert';
import { collectFiles, encodeTextFile, FileTarget, PathError, readTextFile } from './cli/files';
import { formatGithub } from './cli/formatGithub';
import { formatGitlab } from './cli/formatGitlab';
import { formatSarif } from './cli/formatSarif';
import { formatText } from './cli/formatText';
import type { FileReport } from './cli/report';
import { ConfigError, isIgnored } from './config/configFile';
import { ConfigResolver } from './config/discovery';
import { describeHost, hostInventoryFor } from './config/hostInventory';
import { mergeSettings } from './config/settings';
import { describeSchemaValidation, preloadLibvirtSchemaValidator, validateLibvirtSchema } from './libvirt/schema';
import { resolveSchemaSet } from './libvirt/schema/schemaSet';
import { preloadHclParser } from './iac/hclParser';
import { fixToFixedPoint } from './service/fixAll';
import { DOCUMENT_FORMATS, LanguageService } from './service/languageService';
import { DEFAULT_SETTINGS, Settings } from './service/types';
import { escapeControls } from './util/userText';

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** "3 fixes (vmx/unquoted-value ×2, vmx/unknown-key)": the most frequent rule first, then in the order applied. */
export function describeFixes(ruleIds: string[]): string {
  const counts = new Map<string, number>();
  for (const id of ruleIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const order = [...counts.keys()];
  const parts = order
    .sort((a, b) => counts.get(b)! - counts.get(a)! || order.indexOf(a) - order.indexOf(b))
    .map((id) => (counts.get(id)! > 1 ? `${id} ×${counts.get(id)}` : id));
  return `${ruleIds.length} fix${ruleIds.length === 1 ? '' : 'es'} (${parts.join(', ')})`;
}

/** Why a file named on the command line is not linted. */
function skipReason(target: FileTarget): string {
  const name = path.basename(target.absolute);
  const format = DOCUMENT_FORMATS.find((f) => f.skipReason && f.walks(name, path.basename(path.dirname(target.absolute))));
  if (format) return format.skipReason!;
  if (/\.conf$/i.test(name)) return 'not a Proxmox VE VM config';
  return 'not a .vmx/.vmtx file, nor a libvirt domain or node-device document';
}

function lintFile(service: LanguageService, target: FileTarget, settings: Settings, opts: CliOptions, io: Io): FileReport | undefined {
  const file = readTextFile(target);
  const uri = pathToFileURL(target.absolute).href;
  let text = file.text;
  // Non-libvirt XML and other files are not ours to judge: skipped silently in a folder, with a note when named.
  if (service.documentKind({ uri, text }, settings) === 'other') {
    if (target.explicit) io.err(`vgpu-lint: skipped ${escapeControls(target.display)}: ${skipReason(target)}\n`);
    return undefined;
  }
  if (opts.fix) {
    const result = fixToFixedPoint(service, { uri, text }, settings);
    const fixed = result.text;
    if (fixed !== text) {
      if (file.lossless) {
        writeFileSync(target.absolute, encodeTextFile(fixed, file.bom));
        text = fixed;
        io.err(`fixed ${escapeControls(target.display)}: ${describeFixes(result.ruleIds)}\n`);
      } else {
        io.err(`vgpu-lint: not fixing '${target.display}': it is not valid UTF-8, so rewriting it would change bytes it does not mean to\n`);
      }
    }
  }
  const analysis = service.analyse({ uri, text }, settings);
  const unavailable = (analysis as { unavailable?: string }).unavailable;
  if (analysis.kind === 'iac' && unavailable) throw new Error(`cannot analyse ${target.display}: ${unavailable}`);
  let diagnostics = service.diagnose({ uri, text }, settings);
  if (opts.quiet) diagnostics = diagnostics.filter((d) => d.severity === 1);
  return { file: target.display, text, diagnostics };
}

/**
 * libvirt/schema is silent when it cannot run (no schemas in the folder, validator not loaded): say so
 * once per reason, so a clean result is not mistaken for a validated one. (--verbose says it already.)
 */
function reportSchemaStatus(used: Set<Settings>, io: Io): void {
  const said = new Set<string>();
  for (const settings of used) {
    if (settings.rules['libvirt/schema'] === 'off') continue;
    const status = validateLibvirtSchema('<domain/>', 'libvirt-domain', resolveSchemaSet(settings.libvirt.schemaDir).dir);
    if (status.available || said.has(status.reason)) continue;
    said.add(status.reason);
    io.err(`vgpu-lint: libvirt/schema did not run: ${escapeControls(status.reason)}\n`);
  }
}

export function run(argv: string[], io: Io): number {
  if (argv[0] === 'convert') return runConvert(argv.slice(1), io);
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`vgpu-lint: ${e.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (opts.help) {
    io.out(USAGE + '\n');
    return EXIT_OK;
  }
  if (opts.version) {
    io.out(version + '\n');
    return EXIT_OK;
  }

  const configs = new ConfigResolver(opts.config);
  const service = new LanguageService({ host: hostInventoryFor, client: 'cli' });
  const settingsByConfig = new Map<string, Settings>();
  const told = new Set<string>();
  const settingsFor = (absolute: string): { settings: Settings; ignored: boolean } => {
    const config = configs.configFor(absolute);
    const key = config?.path ?? '';
    let settings = settingsByConfig.get(key);
    if (!settings) {
      settings = mergeSettings(DEFAULT_SETTINGS, config, opts.overrides);
      settingsByConfig.set(key, settings);
      const schemas = resolveSchemaSet(settings.libvirt.schemaDir);
      // A schema folder the user set that cannot be used: said once per run, whatever --verbose says.
      if (schemas.problem && !told.has(schemas.problem)) {
        told.add(schemas.problem);
        io.err(`vgpu-lint: ${schemas.problem}\n`);
      }
      if (opts.verbose) io.err(`vgpu-lint: ${config ? `config ${config.path}; ` : ''}${describeHost(settings)}; ${describeSchemaValidation(schemas)}\n`);
    }
    return { settings, ignored: !!config && isIgnored(config, absolute) };
  };

  const reports: FileReport[] = [];
  let unreadable = false;
  /** Settings under which libvirt XML was linted, to say once when libvirt/schema could not run. */
  const libvirtSettings = new Set<Settings>();
  try {
    if (opts.config) configs.configFor(path.resolve(opts.config)); // fail early on a bad --config
    const targets = collectFiles(
      opts.paths,
      (absolute) => {
        const config = configs.configFor(absolute);
        return !!config && isIgnored(config, absolute);
      },
      (problem) => {
        // A path that cannot be read does not stop the run: the rest is linted, the exit code is 2.
        io.err(`vgpu-lint: ${escapeControls(problem)}\n`);
        unreadable = true;
      },
    );
    for (const target of targets) {
      const { settings, ignored } = settingsFor(target.absolute);
      if (ignored) continue;
      try {
        const report = lintFile(service, target, settings, opts, io);
        if (report) reports.push(report);
        if (report && !/\.(vmx|vmtx|tf|pkr\.hcl|pkr\.json)$/i.test(target.absolute)) libvirtSettings.add(settings);
      } catch (e) {
        // One file must not stop the run: report it and fail the run with exit code 2.
        io.err(e instanceof PathError ? `vgpu-lint: ${e.message}\n` : `vgpu-lint: internal error on '${target.display}': ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        unreadable = true;
      }
    }
  } catch (e) {
    if (e instanceof PathError || e instanceof ConfigError) {
      io.err(`vgpu-lint: ${e instanceof ConfigError ? `bad config file ${e.message}` : e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  if (!opts.verbose) reportSchemaStatus(libvirtSettings, io);

  if (opts.format === 'json') {
    io.out(JSON.stringify(reports.map((r) => ({ file: r.file, diagnostics: r.diagnostics })), null, 2) + '\n');
  } else if (opts.format === 'sarif') {
    io.out(formatSarif(reports));
  } else if (opts.format === 'gitlab') {
    io.out(formatGitlab(reports));
  } else {
    io.out(formatText(reports));
    if (process.env.GITHUB_ACTIONS === 'true') io.out(formatGithub(reports));
  }
  if (unreadable) return EXIT_USAGE;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 1)) ? EXIT_PROBLEMS : EXIT_OK;
}

if (require.main === module) {
  // `vgpu-lint … | head`: a closed pipe is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // The schema validator is WebAssembly that loads asynchronously; the analysis itself is synchronous.
  // It takes about a second, so it is loaded only when XML may be linted (a folder or an .xml path).
  const argv = process.argv.slice(2);
  const mayLintXml = argv[0] !== 'convert' && argv.some((a) => !a.startsWith('-') && !/\.(vmx|vmtx)$/i.test(a));
  const mayLintHcl = argv[0] !== 'convert' && argv.some((a) => !a.startsWith('-') && !/\.(vmx|vmtx|xml)$/i.test(a));
  void Promise.all([
    (mayLintXml ? preloadLibvirtSchemaValidator() : Promise.resolve(false)).catch(() => false),
    (mayLintHcl ? preloadHclParser() : Promise.resolve(false)).catch(() => false),
  ])
    .then(() => {
      let code: number;
      try {
        code = run(argv, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
      } catch (e) {
        process.stderr.write(`vgpu-lint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        code = EXIT_USAGE;
      }
      process.exitCode = code;
    });
}
