// Metadata of the libvirt/xml rules, for the registry (ids, default severities, descriptions).
import type { RuleMeta } from '../../service/types';
import { LIBVIRT_RULES } from '.';

export const LIBVIRT_RULE_META: RuleMeta[] = LIBVIRT_RULES.map((r) => r.meta);
