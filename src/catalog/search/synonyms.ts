import { analyze } from './analyze.js';

/**
 * Related API words: a query word (key) also looks for these words, at a lower weight. Directed:
 * `why` looks for `error`, not the other way round. Written as plain words; stemmed on load.
 */
const RELATED: Record<string, string[]> = {
  why: ['error', 'fail', 'reason', 'cause', 'summary'],
  fail: ['error', 'broken'],
  failure: ['error', 'broken'],
  broken: ['fail', 'error'],
  broke: ['fail', 'error', 'broken'],
  error: ['fail', 'failure', 'exception', 'problem'],
  problem: ['error', 'fail', 'issue'],
  issue: ['error', 'problem'],
  wrong: ['error', 'fail'],
  crash: ['error', 'fail'],
  sync: ['run', 'trigger'],
  trigger: ['start', 'run', 'sync'],
  start: ['trigger', 'run', 'create'],
  rerun: ['trigger', 'retry', 'run'],
  retry: ['trigger', 'run'],
  execute: ['run', 'trigger'],
  launch: ['start', 'trigger', 'run'],
  kick: ['trigger', 'start'],
  run: ['job', 'execution'],
  job: ['run', 'task'],
  execution: ['run'],
  task: ['job', 'run'],
  show: ['list', 'get'],
  list: ['get', 'search'],
  get: ['list', 'detail'],
  find: ['search', 'list', 'get'],
  fetch: ['get', 'list'],
  view: ['get', 'list'],
  display: ['get', 'list'],
  read: ['get', 'list'],
  lookup: ['get', 'search'],
  retrieve: ['get'],
  detail: ['get'],
  info: ['detail', 'get'],
  count: ['summary', 'total'],
  many: ['count', 'summary', 'total'],
  number: ['count', 'total'],
  total: ['count', 'summary'],
  stats: ['summary', 'count', 'metric'],
  statistic: ['summary', 'count', 'metric'],
  overview: ['summary', 'health', 'status'],
  overall: ['summary', 'health'],
  summarize: ['summary'],
  health: ['status', 'healthy', 'degraded'],
  healthy: ['health', 'status'],
  status: ['health', 'state'],
  state: ['status'],
  degraded: ['health', 'status'],
  down: ['health', 'status', 'fail'],
  outage: ['health', 'status', 'fail'],
  limit: ['quota'],
  quota: ['limit', 'usage'],
  usage: ['quota'],
  delete: ['remove'],
  remove: ['delete'],
  create: ['add', 'new'],
  add: ['create'],
  new: ['create'],
  update: ['edit', 'modify', 'set', 'change'],
  edit: ['update'],
  modify: ['update'],
  change: ['update'],
  search: ['find', 'list', 'query'],
  user: ['account', 'member'],
  account: ['user'],
  member: ['user'],
  mapping: ['map', 'field'],
  field: ['mapping', 'column'],
  column: ['field'],
  integration: ['flow', 'connector'],
  pipeline: ['flow'],
  connection: ['connector'],
  recent: ['latest', 'last'],
  latest: ['recent', 'last'],
  log: ['error', 'event'],
};

/** Stemmed related terms by stemmed query term. */
const TABLE = new Map<string, string[]>();
for (const [word, related] of Object.entries(RELATED)) {
  const key = analyze(word)[0] ?? word;
  const terms = new Set([...(TABLE.get(key) ?? []), ...related.flatMap((r) => analyze(r))]);
  terms.delete(key);
  TABLE.set(key, [...terms]);
}

/** The stemmed terms a (stemmed) query term also looks for. */
export function relatedTerms(term: string): readonly string[] {
  return TABLE.get(term) ?? [];
}
