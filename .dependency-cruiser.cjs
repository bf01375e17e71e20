// Dependency direction between the folders of src/ (`npm run deps` = scripts/check-deps.mjs, part of `npm run check` and
// .ci/run). docs/architecture.md's folder table says what each folder may depend on; these rules
// hold the lines that keep it a one-way graph.

/** Folders that import nothing else of src/ (spec may use errors). */
const LEAVES = ['errors', 'json', 'observability', 'reload', 'suggest'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Folders depend one way: a cycle between folders (through any import, types included) is refused.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment:
        'Inside a folder too, modules depend one way: two files that need each other share a third (types in their own module).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'cli/ is the outermost layer: nothing under src/ imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-runtime-and-cli-import-http',
      comment: 'The HTTP app is composed by runtime/ (and cli/); everything else stays protocol-independent.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(http|runtime|cli)/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'leaf-folders-import-nothing-internal',
      comment: `${LEAVES.join(', ')} are leaves: they import nothing else of src/.`,
      severity: 'error',
      from: { path: `^src/(${LEAVES.join('|')})/` },
      to: { path: '^src/', pathNot: `^src/$1/` },
    },
    {
      name: 'spec-imports-only-errors',
      comment: 'spec/ (the shapes config, catalog and the rest share) is a leaf but for errors/.',
      severity: 'error',
      from: { path: '^src/spec/' },
      to: { path: '^src/', pathNot: '^src/(spec|errors)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
