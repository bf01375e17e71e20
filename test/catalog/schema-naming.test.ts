import { describe, expect, it } from 'vitest';
import { createSchemaConverter, titleFromName } from '../../src/catalog/index.js';

describe('createSchemaConverter', () => {
  it('rewrites OpenAPI 3.0 keywords in sub-schemas but never in data or property names', () => {
    const convert = createSchemaConverter('3.0.3');
    const schema = {
      type: 'object',
      properties: {
        example: { type: 'string', nullable: true, example: 'x' },
        nullable: { type: 'number', minimum: 0, exclusiveMinimum: false, maximum: 9, exclusiveMaximum: true },
      },
      default: { nullable: true, example: 1 },
      enum: [{ example: 2 }],
      items: { enum: ['a'], nullable: true },
      allOf: [{ nullable: true, type: 'integer' }],
    };
    expect(convert(schema)).toEqual({
      type: 'object',
      properties: {
        example: { type: ['string', 'null'], examples: ['x'] },
        nullable: { type: 'number', minimum: 0, exclusiveMaximum: 9 },
      },
      default: { nullable: true, example: 1 },
      enum: [{ example: 2 }],
      items: { enum: ['a', null] },
      allOf: [{ type: ['integer', 'null'] }],
    });
  });

  it('keeps shared sub-schemas shared and leaves 3.1 schemas untouched', () => {
    const shared = { type: 'string', nullable: true };
    const out = createSchemaConverter('3.0.0')({ properties: { a: shared, b: shared } }) as {
      properties: Record<string, unknown>;
    };
    expect(out.properties.a).toBe(out.properties.b);
    const s31 = { type: ['string', 'null'] };
    expect(createSchemaConverter('3.1.0')(s31)).toBe(s31);
  });
});

describe('titleFromName', () => {
  it('derives titles from names', () => {
    expect(titleFromName('get_flow_mappings')).toBe('Get flow mappings');
    expect(titleFromName('listFlowRuns')).toBe('List flow runs');
    expect(titleFromName('get_API_key')).toBe('Get API key');
    expect(titleFromName('flows.delete-run')).toBe('Flows delete run');
  });
});
