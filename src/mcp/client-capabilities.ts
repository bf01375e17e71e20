/**
 * What a 2025-11-25 client declared in `initialize` that matters for relaying a federated
 * server's requests to it. Kept in its signed session id, since Portico holds no session state.
 */
export interface RelayCapabilities {
  sampling: boolean;
  /** `sampling.tools`: the request may carry `tools` / `toolChoice`. */
  samplingTools: boolean;
  /** Form-mode elicitation (`elicitation: {}` declares it too, for older clients). */
  elicitationForm: boolean;
  elicitationUrl: boolean;
  roots: boolean;
}

const FLAGS: [keyof RelayCapabilities, string][] = [
  ['sampling', 's'],
  ['samplingTools', 't'],
  ['elicitationForm', 'e'],
  ['elicitationUrl', 'u'],
  ['roots', 'r'],
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The relay capabilities in an `initialize` request's `params.capabilities` (anything else ignored). */
export function relayCapabilitiesOf(capabilities: unknown): RelayCapabilities {
  const caps = isObject(capabilities) ? capabilities : {};
  const sampling = isObject(caps.sampling) ? caps.sampling : undefined;
  const elicitation = isObject(caps.elicitation) ? caps.elicitation : undefined;
  const modes =
    elicitation === undefined ? [] : Object.keys(elicitation).filter((k) => k === 'form' || k === 'url');
  return {
    sampling: sampling !== undefined,
    samplingTools: sampling !== undefined && isObject(sampling.tools),
    elicitationForm: elicitation !== undefined && (modes.length === 0 || modes.includes('form')),
    elicitationUrl: modes.includes('url'),
    roots: isObject(caps.roots),
  };
}

/** Compact form for a session id: one letter per declared capability, `-` for none. */
export function encodeRelayCapabilities(caps: RelayCapabilities): string {
  const out = FLAGS.filter(([key]) => caps[key])
    .map(([, flag]) => flag)
    .join('');
  return out === '' ? '-' : out;
}

/** Inverse of {@link encodeRelayCapabilities}; undefined for a string it never produces. */
export function decodeRelayCapabilities(text: string): RelayCapabilities | undefined {
  if (text !== '-' && !/^[stuer]{1,5}$/.test(text)) return undefined;
  const caps = Object.fromEntries(FLAGS.map(([key, flag]) => [key, text.includes(flag)]));
  return caps as unknown as RelayCapabilities;
}

/** Which declared capability a relayed request needs, and whether `caps` has it. */
export function relayAllowed(
  caps: RelayCapabilities,
  method: string,
  params: Record<string, unknown> | undefined,
): { ok: true } | { ok: false; needs: string; required: Record<string, Record<string, unknown>> } {
  const missing = (needs: string, required: Record<string, Record<string, unknown>>) =>
    ({ ok: false, needs, required }) as const;
  switch (method) {
    case 'sampling/createMessage': {
      if (!caps.sampling) return missing('sampling', { sampling: {} });
      const withTools = params?.tools !== undefined || params?.toolChoice !== undefined;
      return withTools && !caps.samplingTools
        ? missing('sampling.tools', { sampling: { tools: {} } })
        : { ok: true };
    }
    case 'elicitation/create':
      if (params?.mode === 'url')
        return caps.elicitationUrl ? { ok: true } : missing('elicitation.url', { elicitation: { url: {} } });
      return caps.elicitationForm
        ? { ok: true }
        : missing('elicitation (form)', { elicitation: { form: {} } });
    case 'roots/list':
      return caps.roots ? { ok: true } : missing('roots', { roots: {} });
    default:
      return missing(method, {});
  }
}
