import type { PublishedTool } from '../surface-types.js';

/**
 * A tool name made of `A-Z a-z 0-9 _ -` (plus `.` when `allowDots`): every other character becomes
 * `_`, e.g. `flow hub/runs` → `flow_hub_runs`. An empty result becomes `_`.
 */
export function sanitizeSurfaceName(name: string, allowDots = false): string {
  const cleaned = name.replace(allowDots ? /[^A-Za-z0-9_.-]/g : /[^A-Za-z0-9_-]/g, '_');
  return cleaned.length > 0 ? cleaned : '_';
}

/**
 * Make published names unique in place: a later tool whose name is taken is renamed `name_2`,
 * `name_3`, … with a warning naming both.
 */
export function makeNamesUnique(tools: PublishedTool[], warnings: string[]): void {
  const taken = new Set(tools.map((t) => t.name));
  const seen = new Set<string>();
  for (const tool of tools) {
    if (!seen.has(tool.name)) {
      seen.add(tool.name);
      continue;
    }
    let candidate = tool.name;
    for (let i = 2; taken.has(candidate); i++) candidate = `${tool.name}_${i}`;
    warnings.push(
      `published tool name "${tool.name}" is used twice; the second one is published as "${candidate}".`,
    );
    taken.add(candidate);
    seen.add(candidate);
    tool.name = candidate;
  }
}
