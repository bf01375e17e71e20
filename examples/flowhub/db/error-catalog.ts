import type { SeededRandom } from './random.js';
import type { ErrorClass } from './types.js';

/** One generated error: message, the offending record (excerpt) and its id. */
export interface GeneratedError {
  message: string;
  payload: Record<string, unknown>;
  recordId: string | null;
}

/** What an error generator knows about the run it belongs to. */
export interface ErrorContext {
  source: string;
  destination: string;
  rng: SeededRandom;
  at: Date;
}

const FIRST = ['ana', 'ben', 'chloe', 'dev', 'emma', 'farid', 'grace', 'hiro', 'ines', 'jonas'];
const LAST = ['garcia', 'smith', 'nguyen', 'okafor', 'muller', 'rossi', 'kim', 'silva', 'dubois', 'patel'];

function email(rng: SeededRandom): string {
  return `${rng.pick(FIRST)}.${rng.pick(LAST)}${rng.int(1, 99)}@example.com`;
}

/** A plausible excerpt of a source record, keyed by source connector. */
export function sampleRecord(
  source: string,
  rng: SeededRandom,
): { id: string; record: Record<string, unknown> } {
  switch (source) {
    case 'salesforce': {
      const id = `001${rng.base36(12).toUpperCase()}`;
      return { id, record: { Id: id, Name: `${rng.pick(LAST)} Holdings`, Industry: 'Manufacturing' } };
    }
    case 'hubspot': {
      const id = String(rng.int(10_000_000, 99_999_999));
      return { id, record: { id, properties: { email: email(rng), lifecyclestage: 'lead' } } };
    }
    case 'shopify': {
      const id = String(rng.int(5_500_000_000_000, 5_599_999_999_999));
      return { id, record: { id: Number(id), name: `#${rng.int(10_000, 99_999)}`, email: email(rng) } };
    }
    case 'netsuite': {
      const id = `INV${rng.int(100_000, 999_999)}`;
      return { id, record: { tranid: id, entity: String(rng.int(1000, 9999)), type: 'CustInvc' } };
    }
    case 'stripe': {
      const id = `ch_${rng.base36(14)}`;
      return { id, record: { id, amount: rng.int(500, 250_000), currency: 'usd' } };
    }
    case 'zendesk': {
      const id = String(rng.int(100_000, 999_999));
      return { id, record: { id: Number(id), subject: 'Cannot log in', status: 'open' } };
    }
    default: {
      const id = String(rng.int(1, 2_000_000));
      return { id, record: { id: Number(id), email: email(rng) } };
    }
  }
}

function schemaMismatch(ctx: ErrorContext): GeneratedError {
  const { id, record } = sampleRecord(ctx.source, ctx.rng);
  const amount = `${ctx.rng.int(10, 900)}.${String(ctx.rng.int(0, 99)).padStart(2, '0')}`;
  const totalPrice = { shop_money: { amount, currency_code: 'USD' } };
  return {
    message:
      `SchemaMismatch on field 'total_price': expected decimal string, got object ` +
      `${JSON.stringify(totalPrice)} (source schema changed in Shopify Admin API 2024-10; ` +
      `mapping total_price -> TOTAL_PRICE uses transform to_decimal)`,
    payload: { ...record, total_price: totalPrice, currency: 'USD', updated_at: ctx.at.toISOString() },
    recordId: id,
  };
}

function rateLimit(ctx: ErrorContext): GeneratedError {
  const { id, record } = sampleRecord(ctx.source, ctx.rng);
  return {
    message:
      `${ctx.source} API returned 429 Too Many Requests (daily limit 250000, ` +
      `${ctx.rng.int(238_000, 249_000)} used); record skipped and will be retried on the next run`,
    payload: { ...record, http_status: 429, retry_after_s: ctx.rng.int(30, 600) },
    recordId: id,
  };
}

function authExpired(ctx: ErrorContext): GeneratedError {
  return {
    message:
      `OAuth access token for connector '${ctx.source}' expired; token refresh failed with invalid_grant. ` +
      `Reconnect the ${ctx.source} connector to resume this flow`,
    payload: {
      request: 'GET /api/v2/incremental/tickets/cursor.json',
      http_status: 401,
      error: 'invalid_grant',
    },
    recordId: null,
  };
}

function duplicateKey(ctx: ErrorContext): GeneratedError {
  const { id, record } = sampleRecord(ctx.source, ctx.rng);
  return {
    message: `Duplicate key value violates unique constraint on ${ctx.destination} primary key (id '${id}' already loaded in this batch)`,
    payload: record,
    recordId: id,
  };
}

function nullViolation(ctx: ErrorContext): GeneratedError {
  const { id, record } = sampleRecord(ctx.source, ctx.rng);
  const column = ctx.rng.pick(['EMAIL', 'CUSTOMER_ID', 'CREATED_AT']);
  return {
    message: `NULL value in column ${column} violates not-null constraint in ${ctx.destination}`,
    payload: { ...record, [column.toLowerCase()]: null },
    recordId: id,
  };
}

function timeout(ctx: ErrorContext): GeneratedError {
  return {
    message: `Source query against ${ctx.source} exceeded the 300s timeout; the run was aborted and will retry on schedule`,
    payload: { phase: 'extract', elapsed_ms: 300_000, page: ctx.rng.int(2, 40) },
    recordId: null,
  };
}

const GENERATORS: Record<ErrorClass, (ctx: ErrorContext) => GeneratedError> = {
  SchemaMismatch: schemaMismatch,
  RateLimitExceeded: rateLimit,
  AuthExpired: authExpired,
  DuplicateKey: duplicateKey,
  NullConstraintViolation: nullViolation,
  Timeout: timeout,
};

/** Generates a realistic error of class `cls` for a run of a flow. */
export function generateError(cls: ErrorClass, ctx: ErrorContext): GeneratedError {
  return GENERATORS[cls](ctx);
}

/** Run-level summary message of a failed run. */
export function runFailureMessage(cls: ErrorClass, source: string, failedRecords: number): string {
  switch (cls) {
    case 'SchemaMismatch':
      return `${failedRecords} records rejected: SchemaMismatch on field 'total_price' (expected decimal string, got object)`;
    case 'RateLimitExceeded':
      return `${source} API rate limit hit (429) after partial extraction; ${failedRecords} records skipped`;
    case 'AuthExpired':
      return `Authentication to ${source} failed: OAuth token expired (invalid_grant)`;
    case 'Timeout':
      return `Extraction from ${source} timed out after 300s`;
    default:
      return `${failedRecords} records failed with ${cls}`;
  }
}
