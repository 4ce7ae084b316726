// The language server: LSP wiring only (connection, document sync, debounce, settings).
// Every answer comes from LanguageService; this file never looks inside a document itself.
// Transports: --stdio, --node-ipc, --socket=PORT, --pipe=NAME (chosen by vscode-languageserver).
import type { ConversionResult } from './convert';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentEdit,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { ConfigError, isIgnored } from './config/configFile';
import { ConfigResolver } from './config/discovery';
import { describeHost, hostInventoryFor } from './config/hostInventory';
import { editorSettings, mergeSettings, SettingsOverrides } from './config/settings';
import { describeSchemaValidation, preloadLibvirtSchemaValidator } from './libvirt/schema';
import { isIacUri } from './iac/analyse';
import { preloadHclParser } from './iac/hclParser';
import { resolveSchemaSet } from './libvirt/schema/schemaSet';
import { fixAllEdits } from './service/fixAll';
import { LanguageService } from './service/languageService';
import { DEFAULT_SETTINGS, Settings } from './service/types';

export const FIX_ALL_COMMAND = 'vgpuLint.fixAll';
const DEBOUNCE_MS = 150;

const TRANSPORT = /^--(stdio|node-ipc|socket|pipe|clientProcessId)/;
const SERVER_USAGE = `usage: vgpu-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME

The GPU passthrough / vGPU language server for .vmx files and libvirt XML, speaking LSP over the
given transport (editors start it; settings arrive under "vgpuLint"). Lint from a shell with vgpu-lint.

  -h, --help      show this help
  -v, --version   print the version`;

if (!process.argv.slice(2).some((a) => TRANSPORT.test(a))) {
  const args = process.argv.slice(2);
  if (args.includes('--version') || args.includes('-v')) {
    process.stdout.write(`${version}\n`);
    process.exit(0);
  }
  // Asked-for help is an answer (stdout, exit 0); a missing transport is bad usage (stderr, exit 2).
  const help = args.includes('--help') || args.includes('-h');
  (help ? process.stdout : process.stderr).write(`${SERVER_USAGE}\n`);
  process.exit(help ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = new LanguageService({ host: hostInventoryFor, client: 'editor' });
const configs = new ConfigResolver();

let pullConfiguration = false;
let registerConfigurationChanges = false;
let versionedEdits = false;
/** Settings pushed with didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: SettingsOverrides = {};
/** Effective settings per document; one stable object per document so the service's cache hits. */
const settingsCache = new Map<string, Promise<{ settings: Settings; ignored: boolean }>>();
const timers = new Map<string, NodeJS.Timeout>();
const logged = new Set<string>();

// libvirt/schema runs libxml2 compiled to WebAssembly, which loads asynchronously (about a second):
// start it now without delaying `initialize`, then re-check the open documents so schema findings appear.
const schemaValidatorReady = preloadLibvirtSchemaValidator().then(
  () => revalidateAll(),
  () => undefined,
);

// The HCL parser (Terraform, Packer) is WebAssembly too, but most users never open a .tf: it is loaded when the
// first Terraform or Packer document opens (so the server's memory stays small without one), then those documents
// are checked again.
function loadHclParserFor(uri: string): void {
  if (!isIacUri(uri)) return;
  void preloadHclParser().then(
    () => {
      for (const doc of documents.all()) if (isIacUri(doc.uri)) schedule(doc.uri, 0);
    },
    () => undefined,
  );
}

/** Logs a message the first time only: settings are re-read per document and after every change. */
function logOnce(message: string, level: 'info' | 'warn' = 'info'): void {
  if (logged.has(message)) return;
  logged.add(message);
  connection.console[level](message);
}

/** Reads editor settings leniently, logging each dropped entry once. */
function readEditorSettings(raw: unknown): SettingsOverrides {
  const problems: string[] = [];
  const overrides = editorSettings(raw, problems);
  problems.forEach((p) => logOnce(`settings: ${p}`, 'warn'));
  return overrides;
}

/** Runs a handler; a failure is logged and answered with the fallback, so one bad document cannot take the server down. */
async function guard<T>(what: string, fallback: T, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

async function editorOverrides(uri: string): Promise<SettingsOverrides> {
  if (!pullConfiguration) return pushedSettings;
  const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: uri, section: 'vgpuLint' });
  return readEditorSettings(raw);
}

async function computeSettings(uri: string): Promise<{ settings: Settings; ignored: boolean }> {
  const overrides = await editorOverrides(uri);
  const file = filePath(uri);
  let config;
  if (file) {
    try {
      config = configs.configFor(file);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      logOnce(`ignoring a broken config file: ${e.message}`, 'warn');
    }
  }
  if (config) logOnce(`config file: ${config.path}`);
  const settings = mergeSettings(DEFAULT_SETTINGS, config, overrides);
  logOnce(describeHost(settings));
  const schemas = resolveSchemaSet(settings.libvirt.schemaDir);
  if (schemas.problem) logOnce(schemas.problem, 'warn');
  void schemaValidatorReady.then(() => logOnce(describeSchemaValidation(schemas)));
  return { settings, ignored: !!(config && file && isIgnored(config, file)) };
}

function settingsFor(uri: string): Promise<{ settings: Settings; ignored: boolean }> {
  let s = settingsCache.get(uri);
  if (!s) {
    s = computeSettings(uri).catch((e: unknown) => {
      connection.console.error(`reading settings failed: ${e instanceof Error ? e.message : String(e)}`);
      return { settings: DEFAULT_SETTINGS, ignored: false };
    });
    settingsCache.set(uri, s);
  }
  return s;
}

async function input(uri: string): Promise<{ doc: TextDocument; settings: Settings } | undefined> {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const { settings } = await settingsFor(uri);
  return { doc, settings };
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  const { settings, ignored } = await settingsFor(uri);
  // A newer change or a close arrived while the settings were fetched: its own run will publish.
  if (documents.get(uri)?.version !== version) return;
  const diagnostics: Diagnostic[] = ignored
    ? []
    : await guard(`diagnostics for ${uri}`, [], () => service.diagnose({ uri, text: doc.getText() }, settings));
  if (documents.get(uri)?.version !== version) return;
  void connection.sendDiagnostics({ uri, version, diagnostics });
}

function schedule(uri: string, delay = DEBOUNCE_MS): void {
  clearTimeout(timers.get(uri));
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      void validate(uri);
    }, delay),
  );
}

function revalidateAll(): void {
  settingsCache.clear();
  configs.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
}

connection.onInitialize((params) => {
  const caps = params.capabilities;
  pullConfiguration = !!caps.workspace?.configuration;
  registerConfigurationChanges = pullConfiguration && !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  versionedEdits = !!caps.workspace?.workspaceEdit?.documentChanges;
  const opts: unknown = params.initializationOptions;
  if (!pullConfiguration && opts && typeof opts === 'object' && 'vgpuLint' in opts) {
    pushedSettings = readEditorSettings((opts as { vgpuLint: unknown }).vgpuLint);
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['.', '"', "'", '=', '<', ' '] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, `${CodeActionKind.SourceFixAll}.vgpu-lint`] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [FIX_ALL_COMMAND] },
    },
    serverInfo: { name: 'vgpu-language-server', version },
  };
});

connection.onInitialized(() => {
  connection.console.info(`vgpu-language-server ${version} (node ${process.version}); settings: ${pullConfiguration ? 'pulled from the client' : 'pushed by the client'}`);
  if (registerConfigurationChanges) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'vgpuLint' }).catch(() => undefined);
  }
});

connection.onDidChangeConfiguration((change) => {
  if (!pullConfiguration) {
    const raw: unknown = change.settings;
    pushedSettings = readEditorSettings(raw && typeof raw === 'object' && 'vgpuLint' in raw ? (raw as { vgpuLint: unknown }).vgpuLint : raw);
  }
  revalidateAll();
});

// `.vgpu-lint.json` created, changed or deleted (the VS Code client watches it).
// A changed config file may be broken anew: let its warnings be logged again.
connection.onDidChangeWatchedFiles(() => {
  logged.clear();
  revalidateAll();
});

// TextDocuments fires onDidChangeContent right after onDidOpen: a just-opened document is checked
// at once, edits after that are debounced.
const justOpened = new Set<string>();
documents.onDidOpen((e) => {
  justOpened.add(e.document.uri);
  loadHclParserFor(e.document.uri);
});
documents.onDidChangeContent((e) => schedule(e.document.uri, justOpened.delete(e.document.uri) ? 0 : DEBOUNCE_MS));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCompletion((params) =>
  guard('completion', [], async () => {
    const i = await input(params.textDocument.uri);
    return i ? service.complete({ uri: i.doc.uri, text: i.doc.getText() }, params.position, i.settings) : [];
  }),
);

connection.onHover((params) =>
  guard('hover', null, async () => {
    const i = await input(params.textDocument.uri);
    return i ? service.hover({ uri: i.doc.uri, text: i.doc.getText() }, params.position, i.settings) : null;
  }),
);

connection.onCodeAction((params) =>
  guard('code actions', [], async () => {
    const i = await input(params.textDocument.uri);
    if (!i) return [];
    return service.codeActions({ uri: i.doc.uri, text: i.doc.getText() }, params.range, i.settings, params.context.only);
  }),
);

connection.onDocumentSymbol((params) =>
  guard('document symbols', [], async () => {
    const i = await input(params.textDocument.uri);
    return i ? service.symbols({ uri: i.doc.uri, text: i.doc.getText() }, i.settings) : [];
  }),
);

connection.onFoldingRanges((params) =>
  guard('folding ranges', [], async () => {
    const i = await input(params.textDocument.uri);
    return i ? service.folding({ uri: i.doc.uri, text: i.doc.getText() }, i.settings) : [];
  }),
);

connection.onCodeLens((params) =>
  guard('code lenses', [], async () => {
    const i = await input(params.textDocument.uri);
    return i ? service.codeLenses({ uri: i.doc.uri, text: i.doc.getText() }, i.settings) : [];
  }),
);

/** The document a command names: `"uri"`, `{ uri }` or a TextDocumentIdentifier. */
function commandUri(args: unknown[] | undefined): string | undefined {
  const a: unknown = args?.[0];
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object' && 'uri' in a && typeof (a as { uri: unknown }).uri === 'string') return (a as { uri: string }).uri;
  return undefined;
}

/** `vgpuLint/convert` { uri, target }: the .vmx's GPU settings as a libvirt domain or a Proxmox config (convert/). */
export const CONVERT_REQUEST = 'vgpuLint/convert';

connection.onRequest(CONVERT_REQUEST, (params: { uri?: unknown; target?: unknown }) =>
  guard('convert', { ok: false, problems: [{ line: 0, message: 'the conversion failed: see the language server output' }] } as ConversionResult, async () => {
    const target = params?.target;
    const uri = typeof params?.uri === 'string' ? params.uri : undefined;
    if (target !== 'libvirt' && target !== 'proxmox') return { ok: false, problems: [{ line: 0, message: 'target must be libvirt or proxmox' }] } as ConversionResult;
    const i = uri ? await input(uri) : undefined;
    if (!i) return { ok: false, problems: [{ line: 0, message: 'the document is not open' }] } as ConversionResult;
    return service.convert({ uri: i.doc.uri, text: i.doc.getText() }, target, i.settings) ?? ({ ok: false, problems: [{ line: 0, message: 'only a .vmx or .vmtx file can be converted' }] } as ConversionResult);
  }),
);

connection.onExecuteCommand((params) =>
  guard('fix all', { applied: false }, async () => {
    if (params.command !== FIX_ALL_COMMAND) return { applied: false };
    const uri = commandUri(params.arguments);
    const i = uri ? await input(uri) : undefined;
    if (!i) return { applied: false };
    const edits: TextEdit[] = fixAllEdits(service, { uri: i.doc.uri, text: i.doc.getText() }, i.settings);
    if (edits.length === 0) return { applied: false };
    const edit: WorkspaceEdit = versionedEdits
      ? { documentChanges: [TextDocumentEdit.create({ uri: i.doc.uri, version: i.doc.version }, edits)] }
      : { changes: { [i.doc.uri]: edits } };
    const result = await connection.workspace.applyEdit({ label: 'Fix all GPU config problems', edit });
    return { applied: result.applied };
  }),
);

// Last-resort safety net: log and keep serving rather than dying on an unexpected error.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${String(e)}`));

documents.listen(connection);
connection.listen();
