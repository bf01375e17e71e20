import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compileErrors, dereference, validate } from '@readme/openapi-parser';
import { PorticoError } from '../../errors/index.js';
import type { OpenApiDocument } from './document.js';
import { breakCycles } from './refs.js';
import { parseYaml } from './yaml.js';

const FETCH_TIMEOUT_MS = 10_000;

function isHttpUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function invalid(source: string, problem: string, cause?: unknown): PorticoError {
  return new PorticoError(
    'openapi_invalid',
    `OpenAPI document ${source}: ${problem}`,
    { source },
    cause === undefined ? undefined : { cause },
  );
}

async function fetchText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const why = timedOut ? `no response within ${FETCH_TIMEOUT_MS / 1000} s` : (err as Error).message;
    throw invalid(url, `could not be fetched (${why}); check the URL and that the server is reachable.`, err);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw invalid(url, `fetching it returned HTTP ${res.status}; check the URL.`);
  }
  return res.text();
}

async function readSource(source: string, baseDir: string): Promise<string> {
  if (isHttpUrl(source)) return fetchText(source);
  const file = resolve(baseDir, source);
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw invalid(
      source,
      `cannot be read (${why}: ${file}); check "source" (relative to the config's folder).`,
      err,
    );
  }
}

/** A parsed document, and how to parse it again cheaply (from its JSON form when there is one). */
interface Parsed {
  doc: Record<string, unknown>;
  again: () => Record<string, unknown>;
}

function parseText(source: string, text: string): Parsed {
  let parsed: unknown;
  let again: () => unknown;
  try {
    if (text.trimStart().startsWith('{')) {
      parsed = JSON.parse(text);
      again = () => JSON.parse(text);
    } else {
      const { value, json } = parseYaml(text);
      parsed = value;
      again = json === undefined ? () => parseYaml(text).value : () => JSON.parse(json);
    }
  } catch (err) {
    throw invalid(source, `is not valid JSON or YAML: ${(err as Error).message}`, err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(source, 'is not an OpenAPI document (expected a JSON/YAML object at the top level).');
  }
  return { doc: parsed as Record<string, unknown>, again: again as () => Record<string, unknown> };
}

function checkVersion(source: string, doc: Record<string, unknown>): void {
  if (doc.swagger !== undefined) {
    throw invalid(
      source,
      `is Swagger ${String(doc.swagger)}, which Portico does not import; convert it to OpenAPI 3 ` +
        '(e.g. `npx swagger2openapi in.yaml -o out.yaml` or https://converter.swagger.io) and point "source" at the result.',
    );
  }
  const version = typeof doc.openapi === 'string' ? doc.openapi : undefined;
  if (version === undefined) {
    throw invalid(source, 'has no "openapi" version field; is it an OpenAPI 3.0/3.1 document?');
  }
  if (!/^3\.[01]\./.test(version)) {
    throw invalid(source, `declares openapi ${version}; only OpenAPI 3.0.x and 3.1.x are supported.`);
  }
}

const PARSER_OPTIONS = { resolve: { external: false }, timeoutMs: 60_000 } as const;

/** Parse, check, validate and dereference one document's text (see {@link loadOpenApiDocument}). */
async function loadText(source: string, text: string): Promise<OpenApiDocument> {
  const { doc, again } = parseText(source, text);
  checkVersion(source, doc);
  // validate() dereferences the object it is given in place (json-schema-ref-parser's default
  // `mutateInputSchema`) with `circular: 'ignore'`, then checks it against the OpenAPI JSON schema
  // and the spec rules: on success `doc` is already the dereferenced document, so there is no
  // second pass over a copy. Only for a document with recursive schemas does validate() go on to
  // resolve the leftover `$ref`s into object cycles; that case alone takes a fresh copy (parsed
  // from JSON text) and a `circular: 'ignore'` dereference, whose leftover `$ref`s breakCycles
  // turns into placeholders.
  let result: Awaited<ReturnType<typeof validate>>;
  try {
    result = await validate(doc as never, PARSER_OPTIONS);
  } catch (err) {
    throw invalid(source, `could not be validated: ${(err as Error).message}`, err);
  }
  if (!result.valid) throw invalid(source, `is not a valid OpenAPI document.\n${compileErrors(result)}`);
  try {
    if (breakCycles(doc) === 'done') return doc as OpenApiDocument;
    const deref = (await dereference(again() as never, {
      ...PARSER_OPTIONS,
      dereference: { circular: 'ignore' },
    })) as Record<string, unknown>;
    if (breakCycles(deref) === 'object-cycle')
      throw new Error('an object cycle was left after dereferencing');
    return deref as OpenApiDocument;
  } catch (err) {
    throw invalid(source, `could not be dereferenced: ${(err as Error).message}`, err);
  }
}

/**
 * Documents already loaded, by SHA-256 of their text (the result depends on the text alone), held
 * weakly: a reload of an unchanged document reuses the one the serving catalogue still holds
 * instead of validating it again, and the cache never keeps a document alive by itself.
 */
const loaded = new Map<string, WeakRef<OpenApiDocument>>();
const forget = new FinalizationRegistry<string>((hash) => {
  if (loaded.get(hash)?.deref() === undefined) loaded.delete(hash);
});

/**
 * Load an OpenAPI 3.0/3.1 document from a file (relative to `baseDir`) or an http(s) URL (10 s
 * timeout): parse JSON/YAML, validate, dereference internal `$ref`s and break cycles so the result
 * is a finite, JSON-serializable tree. Throws `openapi_invalid` naming the source and the problem
 * (Swagger 2.0 documents are rejected with a conversion hint). A document whose text is unchanged
 * since a previous load still in use is returned as that same object (skipping validation), so
 * callers must treat the result as immutable.
 */
export async function loadOpenApiDocument(source: string, baseDir: string): Promise<OpenApiDocument> {
  const text = await readSource(source, baseDir);
  const hash = createHash('sha256').update(text).digest('hex');
  const hit = loaded.get(hash)?.deref();
  if (hit !== undefined) return hit;
  const doc = await loadText(source, text);
  loaded.set(hash, new WeakRef(doc));
  forget.register(doc, hash);
  return doc;
}
