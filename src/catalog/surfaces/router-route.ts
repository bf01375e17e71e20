import { closeMatches, didYouMeanAny } from '../../suggest/index.js';
import type { RoutedCall, RouterBranch, ToolRoute } from '../surface-types.js';
import { routeTo } from './route-args.js';
import { INSTANCE_ARG, instancesByProvider, PROVIDER_ARG } from './router.js';

/** A router tool's route. */
export type RouterRoute = Extract<ToolRoute, { kind: 'router' }>;

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function pickInstance(
  provider: string,
  branches: readonly RouterBranch[],
  instance: unknown,
): RouterBranch | string {
  const names = branches.map((b) => b.instance).filter((i): i is string => i !== undefined);
  const valid = names.join(', ');
  if (absent(instance)) {
    const bare = branches.filter((b) => b.instance === undefined);
    if (branches.length === 1) return branches[0]!;
    if (bare.length === 1) return bare[0]!;
    return `provider "${provider}" has several instances: set "${INSTANCE_ARG}" to one of: ${valid}.`;
  }
  const found = branches.find((b) => b.instance === instance);
  if (found !== undefined) return found;
  const shown = typeof instance === 'string' ? `"${instance}"` : JSON.stringify(instance);
  const near = typeof instance === 'string' ? closeMatches(instance, names) : [];
  return names.length > 0
    ? `unknown instance ${shown} of provider "${provider}" — valid instances: ${valid}.${didYouMeanAny(near)}`
    : `provider "${provider}" has no instances; leave "${INSTANCE_ARG}" out.`;
}

/**
 * Route a router call: `provider` (and `instance` when that provider has several) picks the branch;
 * the discriminators are removed and the rest must be the branch tool's parameters. Rejects a
 * missing or unknown provider or instance, naming the valid ones.
 */
export function routeRouter(route: RouterRoute, args: Record<string, unknown>): RoutedCall {
  const byProvider = instancesByProvider(route.branches);
  const providers = [...byProvider.keys()];
  const provider = args[PROVIDER_ARG];
  if (absent(provider)) {
    return { ok: false, message: `missing "${PROVIDER_ARG}": set it to one of: ${providers.join(', ')}.` };
  }
  const branches = route.branches.filter((b) => b.provider === provider);
  if (typeof provider !== 'string' || branches.length === 0) {
    const shown = typeof provider === 'string' ? `"${provider}"` : JSON.stringify(provider);
    const near = typeof provider === 'string' ? closeMatches(provider, providers) : [];
    return {
      ok: false,
      message: `unknown provider ${shown} — valid providers: ${providers.join(', ')}.${didYouMeanAny(near)}`,
    };
  }
  const picked = pickInstance(provider, branches, args[INSTANCE_ARG]);
  if (typeof picked === 'string') return { ok: false, message: picked };
  const where = `provider "${provider}"${picked.instance === undefined ? '' : ` instance "${picked.instance}"`}`;
  return routeTo(picked.tool, args, [PROVIDER_ARG, INSTANCE_ARG], where);
}
