import type { CatalogTool } from '../types.js';

/** A searchable text field of a tool: its weight and how much its length normalizes (BM25 `b`). */
export interface FieldSpec {
  name: string;
  weight: number;
  b: number;
  text(tool: CatalogTool): string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function properties(tool: CatalogTool): [string, Record<string, unknown>][] {
  const props = tool.inputSchema.properties;
  if (!isObject(props)) return [];
  return Object.entries(props).map(([k, v]) => [k, isObject(v) ? v : {}]);
}

function paramText(tool: CatalogTool): string {
  return properties(tool)
    .map(([, schema]) => {
      const parts: string[] = [];
      if (typeof schema.description === 'string') parts.push(schema.description);
      if (Array.isArray(schema.enum)) parts.push(...schema.enum.filter((e) => typeof e === 'string'));
      return parts.join(' ');
    })
    .join(' ');
}

/**
 * What is searched, by weight: the name counts most, then the title and parameter names, then
 * the description, the owner/provider/tags and, least, the parameters' descriptions and enums.
 */
export const FIELDS: readonly FieldSpec[] = [
  {
    name: 'name',
    weight: 3,
    b: 0.3,
    text: (t) => (t.name.includes(t.baseName) ? t.name : `${t.name} ${t.baseName}`),
  },
  { name: 'title', weight: 2, b: 0.3, text: (t) => t.title ?? '' },
  {
    name: 'params',
    weight: 1.2,
    b: 0.3,
    text: (t) =>
      properties(t)
        .map(([k]) => k)
        .join(' '),
  },
  { name: 'description', weight: 1, b: 0.75, text: (t) => t.description },
  {
    name: 'meta',
    weight: 1,
    b: 0.3,
    text: (t) =>
      [t.owner, t.identity.provider, t.identity.instance, t.identity.instanceLabel, t.group, ...t.tags]
        .filter((s) => s !== undefined)
        .join(' '),
  },
  { name: 'paramText', weight: 0.5, b: 0.75, text: paramText },
];
