/** The usage log (用卡记录) as other capabilities see it: its kinds and actors, and how an operation is shown. */
export { USAGE_ACTORS, USAGE_KINDS, USAGE_RULES, type UsageActor, type UsageEntry, type UsageKind } from './usage.rules.js';
