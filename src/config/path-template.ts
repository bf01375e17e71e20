/** The `{param}` names of a path template, in order (duplicates kept once). */
export function templateParams(path: string): string[] {
  return [...new Set([...path.matchAll(/\{([^{}/]+)\}/g)].map((m) => m[1] ?? ''))];
}

/** True when a path template has a brace that does not close a `{param}`. */
export function hasStrayBrace(path: string): boolean {
  return /[{}]/.test(path.replace(/\{[^{}/]+\}/g, ''));
}

/**
 * Whether an argument goes in the path: `in: path`, or no `in` and its name appears as `{name}`
 * in the template.
 */
export function isPathArgument(name: string, location: unknown, params: readonly string[]): boolean {
  return location === 'path' || (location === undefined && params.includes(name));
}
