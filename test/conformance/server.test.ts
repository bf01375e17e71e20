// The official MCP conformance suite (server mode) against the FlowHub demo behind Portico.
// Portico runs here (Node 20); the suite's CLI runs as a child process on the pinned Node 22
// binary and writes one checks.json per scenario, which the tests below read. Its output goes to
// <tmp>/portico-conformance-*/conformance.log, kept when a test fails. See docs/conformance.md.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';
import { BASELINE_FILE, isDocumentedFailure, readBaseline } from './baseline.js';
import { type Check, describeChecks, failingChecks, readResults } from './results.js';
import { ACTIVE_SCENARIOS } from './scenarios.js';
import { conformanceSkipReason, runSuite, type SuiteExit } from './suite-cli.js';

const SUITE_TIMEOUT_MS = 240_000;
const baseline = await readBaseline();
const skipReason = conformanceSkipReason();
if (skipReason) process.stderr.write(`${skipReason}\n`);

describe.skipIf(skipReason !== undefined)(
  'MCP conformance suite (server, active) against the FlowHub demo',
  () => {
    let stack: FlowHubStack | undefined;
    let workDir = '';
    let logFile = '';
    let keepWorkDir = true;
    let exit: SuiteExit;
    let results = new Map<string, Check[]>();

    const seeLog = () => `see ${logFile} and ${workDir}/results/*/checks.json`;

    beforeAll(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'portico-conformance-'));
      logFile = join(workDir, 'conformance.log');
      const outputDir = join(workDir, 'results');
      await mkdir(outputDir);
      // The suite cannot send credentials: Portico runs with --no-auth (every request as the demo
      // tenant acme, whose FlowHub key is stored), exactly what that mode is for.
      stack = await startFlowHubStack({ noAuth: true });
      exit = await runSuite({
        url: stack.portico.mcpUrl,
        baselineFile: BASELINE_FILE,
        outputDir,
        logFile,
        timeoutMs: SUITE_TIMEOUT_MS - 20_000,
      });
      results = await readResults(outputDir);
      keepWorkDir = false;
    }, SUITE_TIMEOUT_MS);

    beforeEach(({ onTestFailed }) => {
      onTestFailed(() => {
        keepWorkDir = true;
      });
    });

    afterAll(async () => {
      await stack?.close();
      if (workDir && !keepWorkDir) await rm(workDir, { recursive: true, force: true });
    });

    it('runs exactly the pinned scenarios of the active suite', () => {
      expect([...results.keys()].sort(), seeLog()).toEqual([...ACTIVE_SCENARIOS].sort());
    });

    it('lists only known scenarios in the baseline, each once', () => {
      expect(baseline.filter((s) => !(ACTIVE_SCENARIOS as readonly string[]).includes(s))).toEqual([]);
      expect(new Set(baseline).size).toBe(baseline.length);
    });

    it('the CLI accepts the run against the baseline (exit code 0)', async () => {
      const log = await readFile(logFile, 'utf8');
      const tail = log.split('\n').slice(-40).join('\n');
      expect(exit, `${seeLog()}\n…\n${tail}`).toEqual({ code: 0, signal: null });
    });

    for (const scenario of ACTIVE_SCENARIOS) {
      if (baseline.includes(scenario)) {
        it(`${scenario}: fails only for its baselined reason`, () => {
          const checks = results.get(scenario);
          expect(checks, `no checks.json for ${scenario}; ${seeLog()}`).toBeDefined();
          const failing = failingChecks(checks ?? []);
          expect(
            failing.length,
            `${scenario} now passes: remove it from conformance-baseline.yml (stale entry)`,
          ).toBeGreaterThan(0);
          const unexpected = failing.filter((c) => !isDocumentedFailure(c));
          expect(unexpected, `${scenario} fails for another reason:\n${describeChecks(unexpected)}`).toEqual(
            [],
          );
        });
      } else {
        it(`${scenario}: passes`, () => {
          const checks = results.get(scenario);
          expect(checks, `no checks.json for ${scenario}; ${seeLog()}`).toBeDefined();
          const failing = failingChecks(checks ?? []);
          expect(failing, `${scenario} failed:\n${describeChecks(failing)}\n${seeLog()}`).toEqual([]);
          expect(
            checks?.some((c) => c.status === 'SUCCESS'),
            `${scenario}: no check succeeded`,
          ).toBe(true);
        });
      }
    }
  },
);
