import { InsufficientScopeError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { BridgeError, classifyGatewayError, reloginMessage, scopeRefusal } from '../../src/bridge/index.js';

const GW = 'https://mcp.example.com/mcp';
const oauth = {
  gatewayUrl: GW,
  kind: 'oauth' as const,
  grantedScopes: 'mcp.tools.discovery mcp.tools.invoke',
};

describe('scope refusals', () => {
  it('a challenge naming only the needed scope: asks for what the sign-in had plus it', () => {
    const e = scopeRefusal(GW, 'mcp.tools.write', undefined, oauth);
    expect(e.kind).toBe('forbidden');
    expect(e.code).toBe('insufficient_scope');
    expect(e.message).toContain('needs the scope mcp.tools.write, which your sign-in does not have');
    expect(e.message).toContain(
      `npx portico login ${GW} --scopes "mcp.tools.discovery mcp.tools.invoke mcp.tools.write"`,
    );
  });

  it('a challenge with the full scope set (MCP 2025-11-25 step-up): names only the missing scope', () => {
    const e = scopeRefusal(
      GW,
      'mcp.tools.discovery mcp.tools.invoke mcp.tools.write',
      'trigger_sync needs it',
      oauth,
    );
    expect(e.message).toContain('needs the scope mcp.tools.write,');
    expect(e.message).toContain('(the gateway said: trigger_sync needs it)');
    expect(e.message).toContain('--scopes "mcp.tools.discovery mcp.tools.invoke mcp.tools.write"');
  });

  it('an OAuth sign-in whose scopes were not saved: keeps the default scopes in the command', () => {
    const e = scopeRefusal(GW, 'mcp.tools.write', undefined, { gatewayUrl: GW, kind: 'oauth' });
    expect(e.message).toContain('--scopes "mcp.tools.discovery mcp.tools.invoke mcp.tools.write"');
  });

  it('a full scope set for a token whose scopes are unknown: names the set, claims no more', () => {
    const e = scopeRefusal(GW, 'mcp.tools.discovery mcp.tools.invoke mcp.tools.write', undefined, {
      gatewayUrl: GW,
      kind: 'token',
    });
    expect(e.message).toContain(
      'it needs the scopes mcp.tools.discovery mcp.tools.invoke mcp.tools.write, and your token lacks at least one of them',
    );
  });

  it('a static token: the administrator issues a token with the scopes', () => {
    const e = scopeRefusal(GW, 'mcp.tools.write', undefined, { gatewayUrl: GW, kind: 'token' });
    expect(e.message).toContain('which your token does not have');
    expect(e.message).toContain(
      'portico tokens create --scopes mcp.tools.discovery,mcp.tools.invoke,mcp.tools.write',
    );
    expect(e.message).toContain(`npx portico login ${GW} --token <mcp_…>`);
  });

  it('the SDK’s InsufficientScopeError is classified as the refusal, not a network failure', () => {
    const err = new InsufficientScopeError({ requiredScope: 'mcp.tools.write' });
    const e = classifyGatewayError(err, GW, 1000, oauth) as BridgeError;
    expect(e.kind).toBe('forbidden');
    expect(e.message).not.toMatch(/Cannot reach|network/i);
  });
});

describe('errors wrapped by the SDK', () => {
  it('a refused sign-in thrown during the version probe comes out as itself', () => {
    const inner = new BridgeError('refresh_rejected', reloginMessage(GW, 'This account is disabled.'));
    // As the SDK's probe classifier builds it (data and options both carry the cause).
    const wrapped = new SdkError(
      SdkErrorCode.EraNegotiationFailed,
      `Version negotiation probe failed: ${inner.message}`,
      { cause: inner },
      { cause: inner },
    );
    expect(classifyGatewayError(wrapped, GW, 1000)).toBe(inner);
  });

  it('reloginMessage carries the server’s reason and both fixes', () => {
    const m = reloginMessage(GW, 'This account is disabled; ask your Portico administrator to enable it.');
    expect(m).toContain('The authorization server said: This account is disabled;');
    expect(m).toContain(`npx portico login ${GW}`);
    expect(reloginMessage(GW)).not.toContain('said');
  });
});
