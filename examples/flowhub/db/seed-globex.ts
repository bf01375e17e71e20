import type { ConnectorSeed } from './seed-connectors.js';
import type { FlowSeed } from './seed-flows.js';

/**
 * Globex's connectors. Some names (netsuite, salesforce, slack) also exist in acme: connector names are
 * unique per workspace, and each workspace's connector is its own.
 */
export const GLOBEX_CONNECTORS: readonly ConnectorSeed[] = [
  {
    name: 'netsuite',
    display_name: 'NetSuite (Globex EU)',
    category: 'erp',
    auth_status: 'ok',
    auth_expires_in_minutes: 60 * 24 * 12,
    quota_used: 1_940,
    quota_limit: 15_000,
    last_poll_minutes_ago: 15,
    last_error: 'CustInvc records without entity (customer) since the 2024 subsidiary migration',
  },
  {
    name: 'redshift',
    display_name: 'Amazon Redshift',
    category: 'warehouse',
    auth_status: 'ok',
    quota_used: 610,
    quota_limit: 2_000,
    last_poll_minutes_ago: 3,
  },
  {
    name: 'salesforce',
    display_name: 'Salesforce (Globex)',
    category: 'crm',
    auth_status: 'ok',
    auth_expires_in_minutes: 60 * 24 * 30,
    quota_used: 18_400,
    quota_limit: 75_000,
    last_poll_minutes_ago: 5,
  },
  {
    name: 'marketo',
    display_name: 'Marketo',
    category: 'marketing',
    auth_status: 'ok',
    auth_expires_in_minutes: 60 * 24 * 7,
    quota_used: 19_000,
    quota_limit: 50_000,
    last_poll_minutes_ago: 40,
  },
  {
    name: 'slack',
    display_name: 'Slack (Globex)',
    category: 'messaging',
    auth_status: 'ok',
    quota_used: 220,
    quota_limit: 20_000,
    last_poll_minutes_ago: 30 * 60,
  },
];

/** Globex's flows: globex-netsuite-invoices fails with NullConstraintViolation since ~8 h ago. */
export const GLOBEX_FLOWS: readonly FlowSeed[] = [
  {
    name: 'globex-netsuite-invoices',
    description: 'Loads NetSuite customer invoices into the finance.invoices table in Redshift.',
    status: 'failing',
    source: 'netsuite',
    destination: 'redshift',
    owner: 'finance-eng@globex.com',
    everyHours: 2,
    minute: 15,
    createdDaysAgo: 160,
    volume: [150, 600],
    durationSec: [60, 240],
    profile: { kind: 'broken', hoursAgo: 8, errorClass: 'NullConstraintViolation' },
    recordErrors: ['NullConstraintViolation'],
    mappings: [
      ['tranid', 'invoice_number', null, null, 'required'],
      ['entity', 'customer_id', null, null, 'required'],
      ['subsidiary', 'subsidiary', null, null, null],
      ['foreigntotal', 'amount', 'to_decimal', null, 'numeric'],
      ['trandate', 'invoice_date', 'to_iso_date', null, 'required'],
    ],
  },
  {
    name: 'globex-salesforce-opportunities',
    description: 'Replicates Salesforce opportunities and stages into sales.opportunities in Redshift.',
    status: 'active',
    source: 'salesforce',
    destination: 'redshift',
    owner: 'sales-analytics@globex.com',
    everyHours: 3,
    minute: 5,
    createdDaysAgo: 190,
    volume: [60, 400],
    durationSec: [20, 90],
    profile: { kind: 'healthy' },
    recordErrors: ['DuplicateKey'],
    mappings: [
      ['Id', 'opportunity_id', null, null, 'required'],
      ['Name', 'name', 'trim', null, null],
      ['StageName', 'stage', 'lowercase', null, 'required'],
      ['Amount', 'amount', 'to_decimal', null, 'non_negative'],
    ],
  },
  {
    name: 'globex-marketo-leads-to-salesforce',
    description: 'Creates Salesforce Leads from Marketo leads that reached the MQL threshold.',
    status: 'active',
    source: 'marketo',
    destination: 'salesforce',
    owner: 'marketing-ops@globex.com',
    everyHours: 4,
    minute: 40,
    createdDaysAgo: 95,
    volume: [20, 250],
    durationSec: [15, 60],
    profile: { kind: 'healthy' },
    recordErrors: ['DuplicateKey', 'NullConstraintViolation'],
    mappings: [
      ['email', 'Email', 'lowercase', 'leadScore >= 80', 'required, email'],
      ['firstName', 'FirstName', 'trim', null, null],
      ['lastName', 'LastName', 'trim', null, 'required'],
      ['company', 'Company', 'trim', null, 'required'],
    ],
  },
  {
    name: 'globex-redshift-revenue-to-slack',
    description: 'Posts the daily revenue digest from Redshift to the #globex-revenue Slack channel.',
    status: 'paused',
    source: 'redshift',
    destination: 'slack',
    owner: 'finance-eng@globex.com',
    everyHours: 24,
    minute: 0,
    hour: 7,
    createdDaysAgo: 70,
    volume: [1, 1],
    durationSec: [5, 15],
    profile: { kind: 'paused', hoursAgo: 30 },
    recordErrors: [],
    mappings: [
      ['revenue_day', 'fields.day', 'to_iso_date', null, 'required'],
      ['revenue_total', 'text', 'slack_message', null, 'required'],
    ],
  },
];

/** Globex's manual runs: a failed retry of the broken invoices flow and one run in progress. */
export const GLOBEX_MANUAL_RUNS = [
  { flow: 'globex-netsuite-invoices', minutesAgo: 90, waitMin: 0.2, durationMin: 3 },
  { flow: 'globex-salesforce-opportunities', minutesAgo: 2, waitMin: 0.1, durationMin: 5 },
] as const;
