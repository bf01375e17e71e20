import { describe, expect, it } from 'vitest';
import { analyze, relatedTerms, stem, tokenize } from '../../../src/catalog/search/index.js';

describe('tokenize', () => {
  it('splits snake_case, camelCase, acronyms, dots and dashes, lower-cased', () => {
    expect(tokenize('get_flow_error_summary')).toEqual(['get', 'flow', 'error', 'summary']);
    expect(tokenize('listFlowRuns')).toEqual(['list', 'flow', 'runs']);
    expect(tokenize('getHTTPServer')).toEqual(['get', 'http', 'server']);
    expect(tokenize('entra.cont.account-get_by_id v2')).toEqual([
      'entra',
      'cont',
      'account',
      'get',
      'by',
      'id',
      'v2',
    ]);
  });

  it("drops one-letter words and punctuation (a flow's runs?)", () => {
    expect(tokenize("a flow's runs?")).toEqual(['flow', 'runs']);
  });

  it('keeps non-ASCII letters', () => {
    expect(tokenize('Größe_ändern')).toEqual(['größe', 'ändern']);
  });
});

describe('stem', () => {
  it('makes fail, fails, failed, failing and failure meet', () => {
    expect(['fail', 'fails', 'failed', 'failing', 'failure', 'failures'].map(stem)).toEqual(
      Array(6).fill('fail'),
    );
  });

  it('strips plurals', () => {
    expect(['errors', 'summaries', 'classes', 'statuses', 'connectors', 'boxes'].map(stem)).toEqual([
      'error',
      'summary',
      'class',
      'status',
      'connector',
      'box',
    ]);
    expect(['status', 'class', 'analysis', 'ids'].map(stem)).toEqual(['status', 'class', 'analysis', 'id']);
  });

  it('strips -ing and -ed, undoubling a final consonant', () => {
    expect(['mapping', 'mappings', 'map'].map(stem)).toEqual(['map', 'map', 'map']);
    expect(['running', 'runs', 'run'].map(stem)).toEqual(['run', 'run', 'run']);
    expect(['syncing', 'synced', 'sync'].map(stem)).toEqual(['sync', 'sync', 'sync']);
    expect(['missing', 'missed'].map(stem)).toEqual(['miss', 'miss']);
    expect(stem('string')).toBe('string');
  });

  it('makes update, updated, updating and updates meet', () => {
    expect(new Set(['update', 'updated', 'updating', 'updates'].map(stem))).toEqual(new Set(['updat']));
  });

  it('strips -ly and leaves words with digits alone', () => {
    expect(stem('recently')).toBe('recent');
    expect(stem('family')).toBe('family');
    expect(stem('v2s')).toBe('v2s');
  });
});

describe('analyze', () => {
  it('drops stop words and stems', () => {
    expect(analyze('Why did the Shopify orders sync fail?')).toEqual([
      'why',
      'shopify',
      'order',
      'sync',
      'fail',
    ]);
    expect(analyze('which connectors are near their quota')).toEqual(['connector', 'near', 'quota']);
  });
});

describe('relatedTerms', () => {
  it('maps API-ish words to related ones, stemmed', () => {
    expect(relatedTerms('fail')).toContain('error');
    expect(relatedTerms('why')).toEqual(expect.arrayContaining(['error', 'summary']));
    expect(relatedTerms('sync')).toEqual(expect.arrayContaining(['run', 'trigger']));
    expect(relatedTerms('job')).toContain('run');
    expect(relatedTerms('show')).toEqual(expect.arrayContaining(['list', 'get']));
    expect(relatedTerms('count')).toContain('summary');
    expect(relatedTerms(stem('failures'))).toContain('error');
    expect(relatedTerms('zebra')).toEqual([]);
  });

  it('is directed: error does not look for why', () => {
    expect(relatedTerms('error')).not.toContain('why');
  });
});
