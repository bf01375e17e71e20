import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/index.js';
import type { AuditRow, Store } from '../../src/store/index.js';

/** A real JSON-lines logger whose lines are kept in memory. */
export function capturedLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ destination, pretty: false, level: 'debug' });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

export function tempDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'portico-audit-')), 'portico.db');
}

export function row(n: number, over: Partial<AuditRow> = {}): AuditRow {
  return {
    at: new Date('2026-03-01T10:00:00.000Z'),
    tenantId: 'acme',
    tokenId: 'tok_1',
    view: 'default',
    method: 'tools/call',
    tool: 'crm_get_contact',
    outcome: 'ok',
    upstreamStatus: 200,
    durationMs: 3.5,
    requestId: `r${n}`,
    argKeys: ['id'],
    args: null,
    ...over,
  };
}

/**
 * A real store whose appendAudit can be made to fail or to wait (everything else is delegated
 * unchanged), to exercise the audit writer's failure and concurrency paths.
 */
export class ControlledStore {
  /** Calls to appendAudit that fail next (Infinity: all). */
  failNext = 0;
  /** Batch sizes of every appendAudit call, failed ones included. */
  readonly appendCalls: number[] = [];
  private gate: Promise<void> | undefined;
  private release: (() => void) | undefined;
  readonly store: Store;

  constructor(readonly real: Store) {
    this.store = new Proxy(real, {
      get: (target, prop) => {
        if (prop === 'appendAudit') return (rows: AuditRow[]) => this.appendAudit(rows);
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }

  /** Make appendAudit wait until {@link open} is called. */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release?.();
    this.gate = undefined;
  }

  private async appendAudit(rows: AuditRow[]): Promise<void> {
    this.appendCalls.push(rows.length);
    if (this.gate !== undefined) await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SQLITE_IOERR: disk I/O error (injected by the test)');
    }
    await this.real.appendAudit(rows);
  }
}
