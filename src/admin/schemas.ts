import { z } from 'zod';
import { SCOPES } from '../auth/types.js';
import type { AuditOutcome } from '../store/types.js';

/** Every audit outcome, for validating `?outcome=`. */
export const AUDIT_OUTCOMES = [
  'ok',
  'tool_error',
  'invalid_arguments',
  'denied',
  'limited',
  'upstream_error',
  'input_required',
  'error',
] as const satisfies readonly AuditOutcome[];

const text = (max: number) =>
  z
    .string({ error: 'expected a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** `POST /tenants`. */
export const createTenantBody = z.strictObject({
  id: text(64),
  name: text(200).optional(),
});

/** `PUT /tenants/:id/secrets/:system`. */
export const putSecretBody = z.strictObject({
  value: z.string({ error: 'expected a string' }).refine((v) => v.trim() !== '', 'must not be empty'),
});

/** `POST /tokens`. */
export const createTokenBody = z.strictObject({
  tenant: text(64),
  label: text(100),
  scopes: z
    .array(z.string({ error: `expected a scope name (${SCOPES.join(', ')})` }), {
      error: `expected an array of scope names (${SCOPES.join(', ')})`,
    })
    .optional(),
  expires: text(64).optional(),
  rate_limit: text(64).nullable().optional(),
  views: z.array(text(100), { error: 'expected an array of view names' }).nullable().optional(),
});

/** `GET /tokens`. */
export const listTokensQuery = z.strictObject({ tenant: text(64).optional() });

/** `GET /grants`. */
export const listGrantsQuery = z.strictObject({
  tenant: text(64).optional(),
  user: text(320).optional(),
  status: z.enum(['active', 'all'], { error: 'expected active or all' }).optional(),
});

/** `GET /audit`. */
export const auditQuery = z.strictObject({
  tenant: text(64).optional(),
  tool: text(200).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { error: `expected one of ${AUDIT_OUTCOMES.join(', ')}` }).optional(),
  since: text(64).optional(),
  until: text(64).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'expected a whole number from 1 to 10000')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 10_000, 'expected a whole number from 1 to 10000')
    .optional(),
});

/** No query parameters. */
export const emptyQuery = z.strictObject({});
