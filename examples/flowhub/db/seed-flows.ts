import type { ErrorClass, FlowStatus } from './types.js';

/** How a flow's runs behave over the seeded week. */
export type RunProfile =
  /** Mostly successful; occasional per-record errors. */
  | { kind: 'healthy' }
  /** Every run since `hoursAgo` fails with SchemaMismatch on a changed field. */
  | { kind: 'schema_break'; hoursAgo: number }
  /** A share of runs in the last `hoursAgo` hours fail with RateLimitExceeded. */
  | { kind: 'rate_limited'; hoursAgo: number; failShare: number }
  /** Every run since `hoursAgo` fails with AuthExpired. */
  | { kind: 'auth_expired'; hoursAgo: number }
  /** A share of runs time out. */
  | { kind: 'timeouts'; failShare: number }
  /** Healthy until paused `hoursAgo` hours ago; no runs since. */
  | { kind: 'paused'; hoursAgo: number };

/** [source field, destination field, transform, filter, validation] */
export type MappingSeed = [string, string, string | null, string | null, string | null];

export interface FlowSeed {
  name: string;
  description: string;
  status: FlowStatus;
  source: string;
  destination: string;
  owner: string;
  /** Runs every N hours (24 = daily) at `minute`; daily flows run at `hour` UTC. */
  everyHours: number;
  minute: number;
  hour?: number;
  createdDaysAgo: number;
  /** Records per run, [min, max]. */
  volume: [number, number];
  /** Run duration in seconds, [min, max]. */
  durationSec: [number, number];
  profile: RunProfile;
  /** Per-record error classes that occasionally show up on successful runs. */
  recordErrors: ErrorClass[];
  mappings: MappingSeed[];
}

/** The cron expression for a flow's schedule. */
export function cronFor(f: Pick<FlowSeed, 'everyHours' | 'minute' | 'hour'>): string {
  if (f.everyHours >= 24) return `${f.minute} ${f.hour ?? 0} * * *`;
  if (f.everyHours === 1) return `${f.minute} * * * *`;
  return `${f.minute} */${f.everyHours} * * *`;
}

const healthy = { kind: 'healthy' } as const;

/** The flows. shopify-orders-to-snowflake broke ~20 h ago; zendesk-tickets-to-bigquery ~50 h ago. */
export const FLOW_SEEDS: readonly FlowSeed[] = [
  {
    name: 'salesforce-accounts-to-snowflake',
    description: 'Replicates Salesforce Account records into the ANALYTICS.CRM.ACCOUNTS table.',
    status: 'active',
    source: 'salesforce',
    destination: 'snowflake',
    owner: 'data-platform@acme.io',
    everyHours: 1,
    minute: 5,
    createdDaysAgo: 410,
    volume: [800, 2600],
    durationSec: [40, 160],
    profile: healthy,
    recordErrors: ['DuplicateKey'],
    mappings: [
      ['Id', 'ACCOUNT_ID', null, null, 'required'],
      ['Name', 'ACCOUNT_NAME', 'trim', null, 'required'],
      ['Industry', 'INDUSTRY', 'lowercase', null, null],
      ['AnnualRevenue', 'ANNUAL_REVENUE', 'to_decimal', null, 'non_negative'],
      ['LastModifiedDate', 'UPDATED_AT', 'to_iso_date', null, 'required'],
      ['IsDeleted', 'IS_DELETED', null, 'IsDeleted = false', null],
    ],
  },
  {
    name: 'hubspot-contacts-to-salesforce',
    description: 'Pushes new and updated HubSpot contacts into Salesforce as Leads (dedupe on email).',
    status: 'active',
    source: 'hubspot',
    destination: 'salesforce',
    owner: 'revops@acme.io',
    everyHours: 1,
    minute: 20,
    createdDaysAgo: 220,
    volume: [150, 900],
    durationSec: [30, 120],
    profile: { kind: 'rate_limited', hoursAgo: 30, failShare: 0.4 },
    recordErrors: ['DuplicateKey', 'NullConstraintViolation'],
    mappings: [
      ['properties.email', 'Email', 'lowercase', null, 'required, email'],
      ['properties.firstname', 'FirstName', 'trim', null, null],
      ['properties.lastname', 'LastName', 'trim', null, 'required'],
      ['properties.company', 'Company', 'trim', null, 'required'],
      ['properties.lifecyclestage', 'Status', 'map_lifecycle_stage', "lifecyclestage != 'customer'", null],
    ],
  },
  {
    name: 'shopify-orders-to-snowflake',
    description: 'Loads Shopify orders (incremental on updated_at) into ANALYTICS.COMMERCE.ORDERS.',
    status: 'failing',
    source: 'shopify',
    destination: 'snowflake',
    owner: 'commerce-analytics@acme.io',
    everyHours: 1,
    minute: 35,
    createdDaysAgo: 300,
    volume: [300, 1400],
    durationSec: [25, 110],
    profile: { kind: 'schema_break', hoursAgo: 20 },
    recordErrors: ['DuplicateKey'],
    mappings: [
      ['id', 'ORDER_ID', null, null, 'required'],
      ['name', 'ORDER_NUMBER', null, null, 'required'],
      ['email', 'CUSTOMER_EMAIL', 'lowercase', null, 'email'],
      ['total_price', 'TOTAL_PRICE', 'to_decimal', null, 'required, numeric'],
      ['currency', 'CURRENCY', 'uppercase', null, 'iso_4217'],
      ['financial_status', 'FINANCIAL_STATUS', 'lowercase', "financial_status != 'voided'", null],
      ['updated_at', 'UPDATED_AT', 'to_iso_date', null, 'required'],
    ],
  },
  {
    name: 'netsuite-invoices-to-snowflake',
    description: 'Extracts NetSuite customer invoices via SuiteQL into ANALYTICS.FINANCE.INVOICES.',
    status: 'active',
    source: 'netsuite',
    destination: 'snowflake',
    owner: 'finance-data@acme.io',
    everyHours: 2,
    minute: 10,
    createdDaysAgo: 180,
    volume: [200, 1200],
    durationSec: [120, 420],
    profile: { kind: 'timeouts', failShare: 0.08 },
    recordErrors: ['NullConstraintViolation'],
    mappings: [
      ['tranid', 'INVOICE_NUMBER', null, null, 'required'],
      ['entity', 'CUSTOMER_ID', null, null, 'required'],
      ['amount_cents', 'AMOUNT', 'cents_to_decimal', null, 'numeric'],
      ['trandate', 'INVOICE_DATE', 'to_iso_date', null, 'required'],
      ['status', 'STATUS', 'lowercase', "type = 'CustInvc'", null],
    ],
  },
  {
    name: 'stripe-charges-to-bigquery',
    description: 'Streams Stripe charges and refunds into the finance.stripe_charges BigQuery table.',
    status: 'active',
    source: 'stripe',
    destination: 'bigquery',
    owner: 'finance-data@acme.io',
    everyHours: 2,
    minute: 0,
    createdDaysAgo: 260,
    volume: [400, 2000],
    durationSec: [20, 90],
    profile: healthy,
    recordErrors: ['DuplicateKey'],
    mappings: [
      ['id', 'charge_id', null, null, 'required'],
      ['amount', 'amount', 'cents_to_decimal', null, 'non_negative'],
      ['currency', 'currency', 'uppercase', null, null],
      ['customer', 'customer_id', null, 'customer IS NOT NULL', null],
      ['created', 'created_at', 'unix_to_iso_date', null, 'required'],
    ],
  },
  {
    name: 'zendesk-tickets-to-bigquery',
    description: 'Copies Zendesk tickets (incremental export) into support.tickets in BigQuery.',
    status: 'failing',
    source: 'zendesk',
    destination: 'bigquery',
    owner: 'support-ops@acme.io',
    everyHours: 4,
    minute: 15,
    createdDaysAgo: 150,
    volume: [100, 700],
    durationSec: [30, 100],
    profile: { kind: 'auth_expired', hoursAgo: 50 },
    recordErrors: ['NullConstraintViolation'],
    mappings: [
      ['id', 'ticket_id', null, null, 'required'],
      ['subject', 'subject', 'trim', null, null],
      ['status', 'status', 'lowercase', null, 'required'],
      ['priority', 'priority', 'lowercase', null, null],
      ['updated_at', 'updated_at', 'to_iso_date', null, 'required'],
    ],
  },
  {
    name: 'postgres-users-to-hubspot',
    description: 'Syncs product sign-ups from the app database into HubSpot contacts.',
    status: 'active',
    source: 'postgres',
    destination: 'hubspot',
    owner: 'growth@acme.io',
    everyHours: 6,
    minute: 30,
    createdDaysAgo: 90,
    volume: [50, 400],
    durationSec: [15, 60],
    profile: healthy,
    recordErrors: ['NullConstraintViolation'],
    mappings: [
      ['email', 'email', 'lowercase', 'email_verified = true', 'required, email'],
      ['full_name', 'firstname', 'split_first_name', null, null],
      ['plan', 'plan_tier', 'lowercase', null, null],
      ['created_at', 'signup_date', 'to_iso_date', null, 'required'],
    ],
  },
  {
    name: 'salesforce-opportunities-to-slack',
    description: 'Posts closed-won Salesforce opportunities to the #wins Slack channel.',
    status: 'active',
    source: 'salesforce',
    destination: 'slack',
    owner: 'sales-ops@acme.io',
    everyHours: 2,
    minute: 45,
    createdDaysAgo: 60,
    volume: [0, 25],
    durationSec: [5, 20],
    profile: healthy,
    recordErrors: [],
    mappings: [
      ['Name', 'text', 'slack_message', "StageName = 'Closed Won'", 'required'],
      ['Amount', 'fields.amount', 'to_decimal', null, null],
      ['Owner.Name', 'fields.owner', null, null, null],
    ],
  },
  {
    name: 'stripe-subscriptions-to-salesforce',
    description: 'Updates Salesforce Accounts with the current Stripe subscription plan and MRR.',
    status: 'active',
    source: 'stripe',
    destination: 'salesforce',
    owner: 'revops@acme.io',
    everyHours: 4,
    minute: 50,
    createdDaysAgo: 130,
    volume: [100, 600],
    durationSec: [20, 80],
    profile: healthy,
    recordErrors: ['NullConstraintViolation'],
    mappings: [
      ['customer.metadata.sfdc_account_id', 'Id', null, null, 'required'],
      ['plan.nickname', 'Plan__c', null, "status = 'active'", null],
      ['plan.amount', 'MRR__c', 'cents_to_decimal', null, 'non_negative'],
      ['current_period_end', 'Renewal_Date__c', 'unix_to_iso_date', null, null],
    ],
  },
  {
    name: 'shopify-customers-to-hubspot',
    description: 'Creates or updates HubSpot contacts from Shopify customers who accept marketing.',
    status: 'active',
    source: 'shopify',
    destination: 'hubspot',
    owner: 'growth@acme.io',
    everyHours: 3,
    minute: 25,
    createdDaysAgo: 200,
    volume: [80, 500],
    durationSec: [20, 90],
    profile: healthy,
    recordErrors: ['NullConstraintViolation', 'DuplicateKey'],
    mappings: [
      ['email', 'email', 'lowercase', 'accepts_marketing = true', 'required, email'],
      ['first_name', 'firstname', 'trim', null, null],
      ['last_name', 'lastname', 'trim', null, null],
      ['orders_count', 'num_orders', null, null, 'non_negative'],
    ],
  },
  {
    name: 'hubspot-deals-to-bigquery',
    description: 'Exports HubSpot deals and pipeline stages into sales.deals in BigQuery.',
    status: 'active',
    source: 'hubspot',
    destination: 'bigquery',
    owner: 'data-platform@acme.io',
    everyHours: 3,
    minute: 40,
    createdDaysAgo: 240,
    volume: [100, 800],
    durationSec: [25, 100],
    profile: { kind: 'rate_limited', hoursAgo: 30, failShare: 0.35 },
    recordErrors: [],
    mappings: [
      ['dealId', 'deal_id', null, null, 'required'],
      ['properties.dealname', 'deal_name', 'trim', null, null],
      ['properties.amount', 'amount', 'to_decimal', null, null],
      ['properties.dealstage', 'stage', 'lowercase', null, 'required'],
      ['properties.closedate', 'close_date', 'to_iso_date', null, null],
    ],
  },
  {
    name: 'netsuite-vendors-to-postgres',
    description: 'Mirrors NetSuite vendor master data into the procurement schema of the app database.',
    status: 'paused',
    source: 'netsuite',
    destination: 'postgres',
    owner: 'procurement-eng@acme.io',
    everyHours: 24,
    minute: 0,
    hour: 3,
    createdDaysAgo: 340,
    volume: [20, 120],
    durationSec: [30, 90],
    profile: { kind: 'paused', hoursAgo: 100 },
    recordErrors: [],
    mappings: [
      ['entityid', 'vendor_code', null, null, 'required'],
      ['companyname', 'name', 'trim', null, 'required'],
      ['email', 'contact_email', 'lowercase', null, 'email'],
      ['isinactive', 'active', 'negate', null, null],
    ],
  },
  {
    name: 'salesforce-contacts-to-zendesk',
    description: 'Keeps Zendesk end-user profiles in sync with Salesforce Contacts (paused while auth is fixed).',
    status: 'paused',
    source: 'salesforce',
    destination: 'zendesk',
    owner: 'support-ops@acme.io',
    everyHours: 6,
    minute: 55,
    createdDaysAgo: 120,
    volume: [40, 300],
    durationSec: [20, 70],
    profile: { kind: 'paused', hoursAgo: 48 },
    recordErrors: [],
    mappings: [
      ['Email', 'user.email', 'lowercase', null, 'required, email'],
      ['Name', 'user.name', 'trim', null, null],
      ['Account.Name', 'user.organization', null, null, null],
    ],
  },
  {
    name: 'bigquery-churn-scores-to-salesforce',
    description: 'Reverse-ETL: writes the nightly churn-risk model scores back onto Salesforce Accounts.',
    status: 'active',
    source: 'bigquery',
    destination: 'salesforce',
    owner: 'data-science@acme.io',
    everyHours: 24,
    minute: 30,
    hour: 6,
    createdDaysAgo: 45,
    volume: [1500, 3000],
    durationSec: [90, 300],
    profile: healthy,
    recordErrors: ['NullConstraintViolation'],
    mappings: [
      ['account_id', 'Id', null, null, 'required'],
      ['churn_score', 'Churn_Risk__c', 'round_2', 'churn_score IS NOT NULL', 'between_0_1'],
      ['scored_at', 'Churn_Scored_At__c', 'to_iso_date', null, null],
    ],
  },
];
