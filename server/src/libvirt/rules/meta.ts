// Metadata of the libvirt/xml rules, for the registry (filled in by the libvirt front end).
import type { RuleMeta } from '../../service/types';

export const LIBVIRT_RULE_META: RuleMeta[] = [];
