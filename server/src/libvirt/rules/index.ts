// The libvirt rule registry: adding a rule = one file in this folder, one line here, one doc page, one test.
import { unknownGpuRule } from '../../model/rules/unknownGpu';
import type { Rule } from '../../service/rule';
import type { LibvirtContext } from '../context';
import { bootGpuRule } from './bootGpu';
import { guestAddressRule } from './guestAddress';
import { hostdevAddressRule } from './hostdevAddress';
import { hostdevDuplicateRule } from './hostdevDuplicate';
import { hostDriverRule } from './hostDriver';
import { iommuGroupRule } from './iommuGroup';
import { lockedWithoutHardLimitRule } from './lockedWithoutHardLimit';
import { mdevModelRule } from './mdevModel';
import { mdevUuidRule } from './mdevUuid';
import { mmioWindowRule } from './mmioWindow';
import { numaRule } from './numa';
import { pciMachineRule } from './pciMachine';
import { physBitsRule } from './physBits';
import { resetRule } from './reset';
import { romRule } from './rom';
import { schemaRule } from './schema';
import { smartQuotesRule } from './smartQuotes';
import { xmlSyntaxRule } from './syntax';
import { unknownAttributeRule } from './unknownAttribute';
import { unknownMdevTypeRule } from './unknownMdevType';
import { vgpuMixedProfilesRule } from './vgpuMixedProfiles';
import { vgpuSriovRule } from './vgpuSriov';

export const LIBVIRT_RULES: Rule<LibvirtContext>[] = [
  xmlSyntaxRule,
  smartQuotesRule,
  schemaRule,
  unknownAttributeRule,
  mmioWindowRule,
  physBitsRule,
  pciMachineRule,
  lockedWithoutHardLimitRule,
  hostdevAddressRule,
  hostdevDuplicateRule,
  mdevModelRule,
  mdevUuidRule,
  unknownMdevTypeRule,
  unknownGpuRule('libvirt'),
  guestAddressRule,
  // Host checks: each says nothing without a host inventory.
  iommuGroupRule,
  hostDriverRule,
  bootGpuRule,
  resetRule,
  romRule,
  vgpuSriovRule,
  vgpuMixedProfilesRule,
  numaRule,
];
