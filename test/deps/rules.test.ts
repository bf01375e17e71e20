import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const depcruise = resolve('node_modules/.bin/depcruise');
const config = resolve('.dependency-cruiser.cjs');
let dir: string | undefined;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Cruise a made-up src/ (path → source) under the project's rules; the rule names it breaks. */
async function violations(files: Record<string, string>): Promise<string[]> {
  dir = await mkdtemp(join(tmpdir(), 'portico-deps-'));
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext' } }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  try {
    await run(depcruise, ['src', '--config', config, '--output-type', 'err'], { cwd: dir });
    return [];
  } catch (err) {
    const out = String((err as { stdout?: string }).stdout);
    return [...new Set([...out.matchAll(/error ([a-z-]+):/g)].map((m) => m[1] as string))].sort();
  }
}

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('accept a one-way graph', async () => {
    expect(
      await violations({
        'src/errors/index.ts': 'export const E = 1;\n',
        'src/spec/index.ts': "import { E } from '../errors/index.js';\nexport const S = E;\n",
        'src/catalog/index.ts': "import { S } from '../spec/index.js';\nexport const C = S;\n",
      }),
    ).toEqual([]);
  });

  it('refuse a cycle between folders even when no module cycle exists, through type imports too', async () => {
    expect(
      await violations({
        'src/config/a.ts': "import type { B } from '../catalog/b.js';\nexport type A = B;\n",
        'src/catalog/b.ts': 'export type B = string;\n',
        'src/catalog/c.ts': "import type { D } from '../config/d.js';\nexport type C = D;\n",
        'src/config/d.ts': 'export type D = number;\n',
      }),
    ).toEqual(['no-folder-cycles']);
  });

  it('refuse imports of cli/, of http/ outside runtime/ and cli/, and out of the leaves', async () => {
    expect(
      await violations({
        'src/cli/main.ts': 'export const M = 1;\n',
        'src/http/app.ts': 'export const H = 1;\n',
        'src/gateway/g.ts':
          "import { M } from '../cli/main.js';\nimport { H } from '../http/app.js';\nexport const G = M + H;\n",
        'src/json/depth.ts': "import { G } from '../gateway/g.js';\nexport const J = G;\n",
        'src/spec/s.ts': "import { G } from '../gateway/g.js';\nexport const S = G;\n",
      }),
    ).toEqual([
      'leaf-folders-import-nothing-internal',
      'nothing-imports-cli',
      'only-runtime-and-cli-import-http',
      'spec-imports-only-errors',
    ]);
  });
});
