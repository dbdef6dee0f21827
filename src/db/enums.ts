// The values of the schema's enums. The delivery state machine (src/delivery/states.ts) types
// and moves them; they sit here, importing nothing, so the schema needs no module above it.
export const DELIVERY_STATES = ['pending', 'posting', 'posted', 'failed', 'skipped'] as const;
export const DELIVERY_ERROR_KINDS = ['rate-limited', 'transient', 'possibly-posted', 'permanent', 'no-poster'] as const;
export const DIGEST_STATUSES = ['composed', 'delivered', 'partial', 'empty'] as const;
