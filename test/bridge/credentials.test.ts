import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CredentialsStore, credentialKeys, normalizeGatewayUrl, viewUrl } from '../../src/bridge/index.js';
import { tempCredentials } from './support.js';

const WORKER = fileURLToPath(new URL('./credentials-worker.mjs', import.meta.url));

function runWorker(file: string, id: number, rounds: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, file, String(id), String(rounds)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe('CredentialsStore', () => {
  it('20 processes updating at once: valid JSON, no lost update, mode 0600, no temp files left', async () => {
    const file = tempCredentials();
    const codes = await Promise.all(Array.from({ length: 20 }, (_, id) => runWorker(file, id, 5)));
    expect(codes.every((c) => c === 0)).toBe(true);
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(parsed.gateways)).toHaveLength(101);
    expect(parsed.gateways['counter://shared'].token).toBe('100');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(file)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
  });

  it('reads a missing file as empty and refuses a corrupt one with what to do', async () => {
    const file = tempCredentials();
    const store = new CredentialsStore(file);
    expect(await store.read()).toEqual({ version: 1, gateways: {} });
    writeFileSync(file, '{"gateways": ');
    await expect(store.read()).rejects.toThrow(/not valid JSON. Move it away and run portico login again/);
  });

  it('set, get and remove one gateway', async () => {
    const store = new CredentialsStore(tempCredentials());
    await store.set('https://a.example/mcp', { kind: 'token', token: 'mcp_a', saved_at: 'now' });
    await store.set('https://b.example/mcp', { kind: 'token', token: 'mcp_b', saved_at: 'now' });
    expect(await store.get('https://a.example/mcp')).toMatchObject({ token: 'mcp_a' });
    expect(await store.remove('https://a.example/mcp')).toMatchObject({ token: 'mcp_a' });
    expect(Object.keys((await store.read()).gateways)).toEqual(['https://b.example/mcp']);
  });
});

describe('gateway URLs', () => {
  it('normalizes the credentials key', () => {
    expect(normalizeGatewayUrl('HTTPS://MCP.Example.com:443/mcp/')).toBe('https://mcp.example.com/mcp');
    expect(normalizeGatewayUrl('https://mcp.example.com')).toBe('https://mcp.example.com/mcp');
    expect(normalizeGatewayUrl('http://127.0.0.1:8787/mcp?x=1#y')).toBe('http://127.0.0.1:8787/mcp');
    expect(() => normalizeGatewayUrl('ftp://x/mcp')).toThrow(/http\(s\) URL/);
    expect(() => normalizeGatewayUrl('https://u:p@x/mcp')).toThrow(/no credentials/);
  });

  it('maps views to /mcp/<view> and finds the parent sign-in', () => {
    expect(viewUrl('https://x/mcp', 'readonly')).toBe('https://x/mcp/readonly');
    expect(viewUrl('https://x/mcp', undefined)).toBe('https://x/mcp');
    expect(() => viewUrl('https://x/mcp', '../admin')).toThrow(/not a valid view name/);
    expect(credentialKeys('https://x/mcp/readonly')).toEqual(['https://x/mcp/readonly', 'https://x/mcp']);
  });
});
