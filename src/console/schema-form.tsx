import { PorticoError } from '../errors/index.js';

type Schema = Record<string, unknown>;

interface Field {
  name: string;
  schema: Schema;
  required: boolean;
  kind: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';
}

function fieldsOf(inputSchema: unknown): Field[] {
  const s = (inputSchema ?? {}) as Schema;
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  return Object.entries(props).map(([name, schema]) => {
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    const kind: Field['kind'] = Array.isArray(schema.enum)
      ? 'enum'
      : type === 'string' || type === 'number' || type === 'integer' || type === 'boolean'
        ? type
        : 'json';
    return { name, schema, required: required.has(name), kind };
  });
}

const id = (name: string) => `arg-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Form controls for a tool's input schema (top-level properties; objects and arrays as JSON). */
export function SchemaFields(props: { inputSchema: unknown; values?: Record<string, string> }) {
  const fields = fieldsOf(props.inputSchema);
  if (fields.length === 0) return <p class="note">This tool takes no arguments.</p>;
  return (
    <>
      {fields.map((f) => {
        const help = typeof f.schema.description === 'string' ? f.schema.description : undefined;
        const value = props.values?.[f.name];
        const describedBy = help !== undefined ? `${id(f.name)}-help` : undefined;
        const label = (
          <label for={id(f.name)}>
            {f.name}
            {f.required ? ' (required)' : ''} <span class="note">{f.kind === 'json' ? 'JSON' : f.kind}</span>
          </label>
        );
        let control: unknown;
        if (f.kind === 'boolean') {
          control = (
            <select id={id(f.name)} name={`arg.${f.name}`} aria-describedby={describedBy}>
              <option value="">(not set)</option>
              <option value="true" selected={value === 'true'}>
                true
              </option>
              <option value="false" selected={value === 'false'}>
                false
              </option>
            </select>
          );
        } else if (f.kind === 'enum') {
          control = (
            <select id={id(f.name)} name={`arg.${f.name}`} aria-describedby={describedBy}>
              {!f.required && <option value="">(not set)</option>}
              {(f.schema.enum as unknown[]).map((v) => (
                <option value={String(v)} selected={value === String(v)}>
                  {String(v)}
                </option>
              ))}
            </select>
          );
        } else if (f.kind === 'json') {
          control = (
            <textarea id={id(f.name)} name={`arg.${f.name}`} aria-describedby={describedBy}>
              {value ?? ''}
            </textarea>
          );
        } else {
          control = (
            <input
              id={id(f.name)}
              name={`arg.${f.name}`}
              type={f.kind === 'string' ? 'text' : 'number'}
              step={f.kind === 'number' ? 'any' : undefined}
              required={f.required}
              value={value ?? ''}
              aria-describedby={describedBy}
            />
          );
        }
        return (
          <div>
            {label}
            {control}
            {help !== undefined && (
              <div class="note" id={describedBy}>
                {help}
              </div>
            )}
          </div>
        );
      })}
    </>
  );
}

/** Form values (`arg.<name>`) → tool arguments typed by the schema; empty optional fields are left out. */
export function argumentsFrom(inputSchema: unknown, form: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const f of fieldsOf(inputSchema)) {
    const raw = form[`arg.${f.name}`];
    const text = typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw[0] ?? '') : '';
    if (text.trim() === '') continue;
    switch (f.kind) {
      case 'number':
      case 'integer': {
        const n = Number(text);
        if (!Number.isFinite(n)) {
          throw new PorticoError('invalid_input', `Field ${f.name}: "${text}" is not a number.`);
        }
        args[f.name] = n;
        break;
      }
      case 'boolean':
        args[f.name] = text === 'true';
        break;
      case 'json':
        try {
          args[f.name] = JSON.parse(text);
        } catch {
          throw new PorticoError('invalid_input', `Field ${f.name}: not valid JSON (e.g. {"key": "value"}).`);
        }
        break;
      default:
        args[f.name] = text;
    }
  }
  return args;
}

/** The raw form values of the schema's fields (to refill the form after Try it). */
export function formValues(inputSchema: unknown, form: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fieldsOf(inputSchema)) {
    const raw = form[`arg.${f.name}`];
    if (typeof raw === 'string') out[f.name] = raw;
  }
  return out;
}
