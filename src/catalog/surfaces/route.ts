import type { PublishedTool, RoutedCall } from '../surface-types.js';
import { routeFacade } from './facade-route.js';
import { routeRouter } from './router-route.js';

/**
 * Route a call on a published tool to one catalogue tool and its own arguments: direct tools as
 * is, facade tools by `operation`, router tools by `provider`/`instance`. `search_tools` and
 * `call_tool` are served by the gateway (search index, the view's catalogue tools) and are
 * rejected here.
 */
export function routeCall(published: PublishedTool, args: Record<string, unknown>): RoutedCall {
  const route = published.route;
  switch (route.kind) {
    case 'direct':
      return { ok: true, tool: route.tool, args };
    case 'facade':
      return routeFacade(route, args);
    case 'router':
      return routeRouter(route, args);
    case 'search':
    case 'call_tool':
    case 'builtin':
      return {
        ok: false,
        message: `"${published.name}" is served by the gateway's search, not routed to one catalogue tool.`,
      };
  }
}
