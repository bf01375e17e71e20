// Transpile src/ and examples/ to dist/ with esbuild (type checking is `npm run typecheck`), and
// copy the example YAML next to its code, so `npm start` and the `portico` bin run plain JS.
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'test' ? [] : tsFiles(p);
    return (p.endsWith('.ts') || p.endsWith('.tsx')) && !/\.test\.tsx?$/.test(p) ? [p] : [];
  });
}

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: [...tsFiles('src'), ...tsFiles('examples')],
  outdir: 'dist',
  outbase: '.',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Console pages use Hono's JSX (the same settings as tsconfig.json).
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
});
for (const name of readdirSync('examples/flowhub')) {
  if (name.endsWith('.yaml')) cpSync(join('examples/flowhub', name), join('dist/examples/flowhub', name));
}
