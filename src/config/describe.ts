/** How a value written in the YAML reads in an error message (`"FETCH"`, `12`, `a list`, …). */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
  null: 'an empty value',
};

/** A zod type name (`string`, `int`, `record`, …) in YAML terms (`a string`, `an integer`, `a map`, …). */
export function describeExpected(zodType: string): string {
  return EXPECTED[zodType] ?? zodType;
}
