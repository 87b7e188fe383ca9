/**
 * Which personal-information notice was agreed to. The holder's own claim shows one notice;
 * a claim on a relative's behalf (family service) shows the relative's own or, for a child
 * under 16, the guardian's, each adding the binding to the helper: a recorded consent names
 * the notice its person saw. A changed notice text is a new version.
 */
export const CONSENT_VERSIONS = { own: '2026-11', relative: '2026-12-family-claim', guardian: '2026-12-guardian-claim' } as const;

export const CONSENT_VERSION = CONSENT_VERSIONS.own;
