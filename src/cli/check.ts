import type { Command } from 'commander';
import type { CatalogTool } from '../catalog/index.js';
import { loadCatalog } from '../runtime/index.js';
import { resolveConfigFile } from './options.js';
import { reportError } from './report-error.js';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Render the tool table printed by `portico check`. */
export function toolTable(tools: readonly CatalogTool[]): string {
  const rows = [['TOOL', 'SYSTEM', 'METHOD', 'PATH', 'ACCESS']];
  for (const t of tools) {
    rows.push([
      t.name,
      t.system.name,
      t.operation.method,
      t.operation.path,
      t.annotations.readOnly ? 'read-only' : 'write',
    ]);
  }
  return table(rows);
}

/** `portico check [-c FILE]`: validate the config and print the tool table. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate the config and print the resulting tool table')
    .option('-c, --config <file>', 'config file (default: $PORTICO_CONFIG or ./portico.yaml)')
    .action(async (flags: { config?: string }) => {
      try {
        const { config, catalog } = await loadCatalog(resolveConfigFile(flags.config));
        console.log(toolTable(catalog.tools));
        for (const w of catalog.warnings) console.error(`warning: ${w}`);
        console.log(`\n${config.file}: OK — ${catalog.tools.length} tools`);
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
