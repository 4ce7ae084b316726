// libvirt editor features. Each one lives in libvirt/features/; this only assembles them for the facade.
// They read the same tree, facts and model the rules read (LibvirtAnalysis), plus the catalog and the host inventory.
import type { FormatFeatures } from '../service/features';
import type { LibvirtAnalysis } from './analyse';
import { codeLenses } from './features/codeLens';
import { complete } from './features/complete';
import { hover } from './features/hover';
import { folding, symbols } from './features/outline';

export const libvirtFeatures: FormatFeatures<LibvirtAnalysis> = {
  complete,
  hover: (analysis, position, env) => hover(analysis, position, env),
  symbols,
  folding,
  codeLenses,
};
