import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One entry of a scenario's `checks.json`, as the conformance suite writes it. */
export interface Check {
  id: string;
  name: string;
  description: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
  details?: unknown;
}

const RESULT_DIR = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** Read every `server-<scenario>-<timestamp>/checks.json` under the `-o` directory. */
export async function readResults(outputDir: string): Promise<Map<string, Check[]>> {
  const results = new Map<string, Check[]>();
  for (const entry of await readdir(outputDir, { withFileTypes: true })) {
    const scenario = entry.isDirectory() ? RESULT_DIR.exec(entry.name)?.[1] : undefined;
    if (!scenario) continue;
    const text = await readFile(join(outputDir, entry.name, 'checks.json'), 'utf8');
    results.set(scenario, JSON.parse(text) as Check[]);
  }
  return results;
}

/**
 * The checks that make a scenario fail. Same rule as the CLI's baseline evaluation: a FAILURE or
 * a WARNING counts (INFO, SUCCESS and SKIPPED do not).
 */
export function failingChecks(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
}

/** One line per failing check, with a bounded excerpt of its details, for assertion messages. */
export function describeChecks(checks: readonly Check[]): string {
  return checks
    .map((c) => {
      const details = c.details === undefined ? '' : ` details=${JSON.stringify(c.details).slice(0, 600)}`;
      return `  [${c.status}] ${c.id}: ${c.errorMessage ?? c.description}${details}`;
    })
    .join('\n');
}
