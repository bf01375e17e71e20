import type { Command } from 'commander';
import type { CatalogTool, PublishedView } from '../catalog/index.js';
import { createFederation, type FederatedServerStatus } from '../federation/index.js';
import { silentLogger } from '../observability/index.js';
import { buildServing, loadSources } from '../runtime/index.js';
import { DEFAULT_VIEW } from '../spec/index.js';
import type { CliContext } from './context.js';
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
    const [method, path] = t.kind === 'http' ? [t.operation.method, t.operation.path] : ['MCP', t.remoteName];
    rows.push([t.name, t.owner, method, path, t.annotations.readOnly ? 'read-only' : 'write']);
  }
  return table(rows);
}

/** Render the views table: where each view is served, its surface and what it publishes. */
export function viewTable(views: ReadonlyMap<string, PublishedView>): string {
  const rows = [['VIEW', 'PATH', 'SURFACE', 'TOOLS']];
  for (const [name, view] of views) {
    rows.push([
      name,
      name === DEFAULT_VIEW ? '/mcp' : `/mcp/${name}`,
      view.spec.surface,
      String(view.tools.length),
    ]);
  }
  return table(rows);
}

function federationLines(status: readonly FederatedServerStatus[]): string[] {
  return status.map((s) =>
    s.state === 'connected'
      ? `mcp server ${s.name} (${s.transport}): connected, ${s.toolCount} tools`
      : `mcp server ${s.name} (${s.transport}): ${s.state}${s.error !== undefined ? ` — ${s.error}` : ''}`,
  );
}

/** `portico check [-c FILE]`: validate the config, connect federated servers, print tools and views. */
export function registerCheck(program: Command, cli: CliContext): void {
  program
    .command('check')
    .description('validate the config and print the resulting tool table')
    .option('-c, --config <file>', 'config file (default: $PORTICO_CONFIG or ./portico.yaml)')
    .action(async (flags: { config?: string }) => {
      try {
        const sources = await loadSources(resolveConfigFile(flags.config, cli.io), cli.io.env);
        const federation = createFederation(sources.config.mcpServers, {
          logger: silentLogger(),
          maxJsonDepth: sources.config.server.maxJsonDepth,
          naming: sources.config.naming,
        });
        await federation.start();
        try {
          const { catalog, views } = buildServing(sources, federation.tools());
          cli.out(toolTable(catalog.tools));
          cli.out(`\n${viewTable(views)}`);
          const fed = federationLines(federation.status());
          if (fed.length > 0) cli.out(`\n${fed.join('\n')}`);
          const warnings = [...catalog.warnings, ...[...views.values()].flatMap((v) => v.warnings)];
          for (const w of warnings) cli.err(`warning: ${w}`);
          const failed = federation.status().filter((s) => s.state !== 'connected').length;
          const note =
            failed > 0 ? ` (${failed} MCP server${failed > 1 ? 's' : ''} unavailable: served fail-open)` : '';
          cli.out(`\n${sources.config.file}: OK — ${catalog.tools.length} tools${note}`);
        } finally {
          await federation.close();
        }
      } catch (err) {
        cli.exitCode = reportError(cli, err);
      }
    });
}
