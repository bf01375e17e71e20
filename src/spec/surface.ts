/** How a view publishes its selected catalogue tools. */
export type SurfaceKind = 'tools' | 'facade' | 'router' | 'search';

/** Name of the view served at `/mcp`. */
export const DEFAULT_VIEW = 'default';
