// VMX editor features. Each one lives in vmx/features/; this only assembles them for the facade.
import type { FormatFeatures } from '../service/features';
import type { VmxAnalysis } from './analyse';
import { codeLenses } from './features/codeLens';
import { complete } from './features/complete';
import { hover } from './features/hover';
import { folding, symbols } from './features/outline';

export const vmxFeatures: FormatFeatures<VmxAnalysis> = {
  complete,
  hover: (analysis, position) => hover(analysis, position),
  symbols,
  folding,
  codeLenses,
};
