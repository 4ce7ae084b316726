// The editor features each format provides, over its own analysis. The facade (languageService.ts)
// dispatches to them; they read the same tree, model and catalog the rules read.
import type { CodeLens, CompletionItem, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import type { HostInventory } from '../host/inventory';
import type { Settings } from './types';

export interface FeatureEnv {
  settings: Settings;
  host?: HostInventory;
}

export interface FormatFeatures<A> {
  complete(analysis: A, position: Position, env: FeatureEnv): CompletionItem[];
  hover(analysis: A, position: Position, env: FeatureEnv): Hover | null;
  symbols(analysis: A): DocumentSymbol[];
  folding(analysis: A): FoldingRange[];
  codeLenses(analysis: A): CodeLens[];
}
