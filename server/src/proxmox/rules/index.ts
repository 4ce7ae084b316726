// The Proxmox rule registry: adding a rule = one file (or an entry in one) in this folder, one line here, one doc page, one test.
import { unknownGpuRule } from '../../model/rules/unknownGpu';
import type { Rule } from '../../service/rule';
import type { ProxmoxContext } from '../context';
import { syntaxRule, unknownKeyRule } from './basic';
import { mmioWindowRule, physBitsRule } from './hardware';
import { bootGpuRule, hostDriverRule, iommuGroupRule, numaRule, resetRule, vgpuMixedProfilesRule, vgpuSriovRule } from './host';
import { invalidValueRule } from './invalidValue';
import { balloonRule, duplicateHostpciRule, legacyIgdRule, mdevMultifunctionRule, pcieNeedsQ35Rule, romfilePathRule, xVgaOvmfRule } from './startChecks';

export const PROXMOX_RULES: Rule<ProxmoxContext>[] = [
  syntaxRule,
  unknownKeyRule,
  invalidValueRule,
  pcieNeedsQ35Rule,
  duplicateHostpciRule,
  romfilePathRule,
  mdevMultifunctionRule,
  legacyIgdRule,
  xVgaOvmfRule,
  balloonRule,
  mmioWindowRule,
  physBitsRule,
  unknownGpuRule('proxmox'),
  // Host checks: each says nothing without a host inventory.
  iommuGroupRule,
  hostDriverRule,
  bootGpuRule,
  resetRule,
  vgpuSriovRule,
  vgpuMixedProfilesRule,
  numaRule,
];
