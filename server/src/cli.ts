// `vgpu-lint`: the language service as a CI linter. Exit codes: 0 clean (no error-level problem),
// 1 error-level problems remain (after --fix), 2 bad usage, a bad config file or an unreadable path.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import { CliOptions, parseCliArgs, USAGE, UsageError } from './cli/args';
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
import { describeSchemaValidation, preloadLibvirtSchemaValidator } from './libvirt/schema';
import { fixToFixedPoint } from './service/fixAll';
import { LanguageService } from './service/languageService';
import { DEFAULT_SETTINGS, Settings } from './service/types';

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

function lintFile(service: LanguageService, target: FileTarget, settings: Settings, opts: CliOptions, io: Io): FileReport | undefined {
  const file = readTextFile(target);
  const uri = pathToFileURL(target.absolute).href;
  let text = file.text;
  // Non-libvirt XML and other files are skipped silently: they are not ours to judge.
  if (service.documentKind({ uri, text }, settings) === 'other') return undefined;
  if (opts.fix) {
    const fixed = fixToFixedPoint(service, { uri, text }, settings).text;
    if (fixed !== text) {
      if (file.lossless) {
        writeFileSync(target.absolute, encodeTextFile(fixed, file.bom));
        text = fixed;
      } else {
        io.err(`vgpu-lint: not fixing '${target.display}': it is not valid UTF-8, so rewriting it would change bytes it does not mean to\n`);
      }
    }
  }
  let diagnostics = service.diagnose({ uri, text }, settings);
  if (opts.quiet) diagnostics = diagnostics.filter((d) => d.severity === 1);
  return { file: target.display, text, diagnostics };
}

export function run(argv: string[], io: Io): number {
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
  const service = new LanguageService({ host: hostInventoryFor });
  const settingsByConfig = new Map<string, Settings>();
  const settingsFor = (absolute: string): { settings: Settings; ignored: boolean } => {
    const config = configs.configFor(absolute);
    const key = config?.path ?? '';
    let settings = settingsByConfig.get(key);
    if (!settings) {
      settings = mergeSettings(DEFAULT_SETTINGS, config, opts.overrides);
      settingsByConfig.set(key, settings);
      if (opts.verbose) io.err(`vgpu-lint: ${config ? `config ${config.path}; ` : ''}${describeHost(settings)}; ${describeSchemaValidation(settings.libvirt.schemaDir)}\n`);
    }
    return { settings, ignored: !!config && isIgnored(config, absolute) };
  };

  const reports: FileReport[] = [];
  let unreadable = false;
  try {
    if (opts.config) configs.configFor(path.resolve(opts.config)); // fail early on a bad --config
    const targets = collectFiles(opts.paths, (absolute) => {
      const config = configs.configFor(absolute);
      return !!config && isIgnored(config, absolute);
    });
    for (const target of targets) {
      const { settings, ignored } = settingsFor(target.absolute);
      if (ignored) continue;
      try {
        const report = lintFile(service, target, settings, opts, io);
        if (report) reports.push(report);
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
  const mayLintXml = argv.some((a) => !a.startsWith('-') && !/\.(vmx|vmtx)$/i.test(a));
  void (mayLintXml ? preloadLibvirtSchemaValidator() : Promise.resolve(false))
    .catch(() => false)
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
