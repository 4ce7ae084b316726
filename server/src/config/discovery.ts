// Finds the `.vgpu-lint.json` that applies to a file: the nearest one walking up from the file's
// directory to the filesystem root. Results are cached per directory (a project has few configs).
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, ConfigFile, loadConfig } from './configFile';

export function findConfigPath(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Loads configs on demand; a broken config throws ConfigError each time it is asked for. */
export class ConfigResolver {
  private readonly byDir = new Map<string, string | undefined>();
  private readonly byPath = new Map<string, ConfigFile>();

  /** `explicit`: a `--config FILE` that replaces discovery for every file. */
  constructor(private readonly explicit?: string) {}

  configPathFor(file: string): string | undefined {
    if (this.explicit) return path.resolve(this.explicit);
    const dir = path.dirname(path.resolve(file));
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfigPath(dir));
    return this.byDir.get(dir);
  }

  configFor(file: string): ConfigFile | undefined {
    const p = this.configPathFor(file);
    if (!p) return undefined;
    let c = this.byPath.get(p);
    if (!c) {
      c = loadConfig(p);
      this.byPath.set(p, c);
    }
    return c;
  }

  clear(): void {
    this.byDir.clear();
    this.byPath.clear();
  }
}
