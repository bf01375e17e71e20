import type { AuthStatus } from './types.js';

/** A connector as seeded; times are offsets in minutes before `now`. */
export interface ConnectorSeed {
  name: string;
  display_name: string;
  category: string;
  auth_status: AuthStatus;
  /** Minutes before `now` the auth expired (only for `expired`); positive = past. */
  auth_expired_minutes_ago?: number;
  /** Minutes until auth expiry for healthy connectors. */
  auth_expires_in_minutes?: number;
  quota_used: number;
  quota_limit: number;
  last_poll_minutes_ago: number;
  last_error?: string;
}

/** The connectors: hubspot is near its daily quota, zendesk's OAuth token has expired. */
export const CONNECTOR_SEEDS: readonly ConnectorSeed[] = [
  {
    name: 'salesforce',
    display_name: 'Salesforce',
    category: 'crm',
    auth_status: 'ok',
    auth_expires_in_minutes: 60 * 24 * 20,
    quota_used: 41_230,
    quota_limit: 100_000,
    last_poll_minutes_ago: 2,
  },
  {
    name: 'snowflake',
    display_name: 'Snowflake',
    category: 'warehouse',
    auth_status: 'ok',
    quota_used: 1_840,
    quota_limit: 5_000,
    last_poll_minutes_ago: 2,
  },
  {
    name: 'hubspot',
    display_name: 'HubSpot',
    category: 'crm',
    auth_status: 'ok',
    auth_expires_in_minutes: 60 * 24 * 45,
    quota_used: 240_112,
    quota_limit: 250_000,
    last_poll_minutes_ago: 4,
    last_error: '429 Too Many Requests: daily API call limit nearly exhausted (240112 of 250000 used)',
  },
  {
    name: 'shopify',
    display_name: 'Shopify',
    category: 'ecommerce',
    auth_status: 'ok',
    quota_used: 12_480,
    quota_limit: 40_000,
    last_poll_minutes_ago: 6,
    last_error: "SchemaMismatch: field 'total_price' changed type from string to object (Admin API 2024-10)",
  },
  {
    name: 'netsuite',
    display_name: 'NetSuite',
    category: 'erp',
    auth_status: 'ok',
    quota_used: 3_120,
    quota_limit: 10_000,
    last_poll_minutes_ago: 11,
  },
  {
    name: 'stripe',
    display_name: 'Stripe',
    category: 'payments',
    auth_status: 'ok',
    quota_used: 8_230,
    quota_limit: 100_000,
    last_poll_minutes_ago: 9,
  },
  {
    name: 'zendesk',
    display_name: 'Zendesk',
    category: 'support',
    auth_status: 'expired',
    auth_expired_minutes_ago: 50 * 60,
    quota_used: 310,
    quota_limit: 20_000,
    last_poll_minutes_ago: 50 * 60,
    last_error:
      'OAuth access token expired and refresh failed with invalid_grant; reconnect the zendesk connector',
  },
  {
    name: 'postgres',
    display_name: 'PostgreSQL (app-db)',
    category: 'database',
    auth_status: 'ok',
    quota_used: 121_400,
    quota_limit: 1_000_000,
    last_poll_minutes_ago: 35,
  },
  {
    name: 'bigquery',
    display_name: 'BigQuery',
    category: 'warehouse',
    auth_status: 'ok',
    quota_used: 420,
    quota_limit: 1_000,
    last_poll_minutes_ago: 14,
  },
  {
    name: 'slack',
    display_name: 'Slack',
    category: 'messaging',
    auth_status: 'ok',
    quota_used: 1_530,
    quota_limit: 20_000,
    last_poll_minutes_ago: 21,
  },
];
