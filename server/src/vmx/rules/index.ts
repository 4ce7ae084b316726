// The VMX rule registry: adding a rule = one file in this folder, one line here, one doc page, one test.
import { biosLargeBarRule } from './biosLargeBar';
import { unknownGpuRule } from '../../model/rules/unknownGpu';
import type { Rule } from '../../service/rule';
import type { VmxContext } from '../context';
import { duplicateKeyRule } from './duplicateKey';
import { guest32bitRule } from './guest32bit';
import { invalidValueRule } from './invalidValue';
import { memoryNotReservedRule } from './memoryNotReserved';
import { mmioNotEnabledRule, mmioNotPowerOfTwoRule, mmioSizeIgnoredRule, mmioTooSmallRule } from './mmio';
import { nestedPassthroughRule } from './nestedPassthrough';
import { passthruIdFormatRule } from './passthruIdFormat';
import { smartQuotesRule } from './smartQuotes';
import { syntaxRule } from './syntax';
import { unknownKeyRule } from './unknownKey';
import { unknownVgpuProfileRule } from './unknownVgpuProfile';
import { unquotedValueRule } from './unquotedValue';
import { vendorDeviceSwappedRule } from './vendorDeviceSwapped';

export const VMX_RULES: Rule<VmxContext>[] = [
  syntaxRule,
  unquotedValueRule,
  smartQuotesRule,
  duplicateKeyRule,
  unknownKeyRule,
  invalidValueRule,
  mmioNotEnabledRule,
  mmioTooSmallRule,
  mmioNotPowerOfTwoRule,
  mmioSizeIgnoredRule,
  biosLargeBarRule,
  memoryNotReservedRule,
  guest32bitRule,
  nestedPassthroughRule,
  passthruIdFormatRule,
  vendorDeviceSwappedRule,
  unknownVgpuProfileRule,
  unknownGpuRule('vmx'),
];
