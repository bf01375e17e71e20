import type {
  Client,
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
} from '@modelcontextprotocol/client';
import { MODERN_REVISION } from './era.js';

/** What a federated server offers besides tools (empty lists when it does not offer them). */
export interface ServerExtras {
  resources: Resource[];
  templates: ResourceTemplate[];
  prompts: Prompt[];
  completions: boolean;
  /** The server declared `logging`. */
  logging: boolean;
  /** The server declared `resources.subscribe`. */
  subscribe: boolean;
  /** What the server declared of `tasks` (2025-11-25 servers only; 2026-07-28 dropped it from core). */
  tasks: TaskSupport;
}

/** A server's `tasks` capability: task-augmented `tools/call`, `tasks/list`, `tasks/cancel`. */
export interface TaskSupport {
  toolsCall: boolean;
  list: boolean;
  cancel: boolean;
}

export const NO_TASKS: TaskSupport = { toolsCall: false, list: false, cancel: false };

export const NO_EXTRAS: ServerExtras = {
  resources: [],
  templates: [],
  prompts: [],
  completions: false,
  logging: false,
  subscribe: false,
  tasks: NO_TASKS,
};

/**
 * List the resources, resource templates and prompts of a connected server, for the capabilities
 * it declared. Best effort: a listing that fails leaves that list empty and is reported to `onError`.
 */
export async function listExtras(
  client: Client,
  timeoutMs: number,
  onError: (what: string, err: unknown) => void,
): Promise<ServerExtras> {
  const caps = client.getServerCapabilities() ?? {};
  const version = client.getNegotiatedProtocolVersion();
  // The SDK refuses tasks/* toward a 2026-07-28 peer (that revision moved tasks to an extension).
  const tasks = version !== undefined && version < MODERN_REVISION ? caps.tasks : undefined;
  const opts = { timeout: timeoutMs };
  const attempt = async <T>(what: string, run: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await run();
    } catch (err) {
      onError(what, err);
      return [];
    }
  };
  const [resources, templates, prompts] = await Promise.all([
    caps.resources
      ? attempt('resources/list', async () => (await client.listResources(undefined, opts)).resources)
      : [],
    caps.resources
      ? attempt(
          'resources/templates/list',
          async () => (await client.listResourceTemplates(undefined, opts)).resourceTemplates,
        )
      : [],
    caps.prompts
      ? attempt('prompts/list', async () => (await client.listPrompts(undefined, opts)).prompts)
      : [],
  ]);
  return {
    resources,
    templates,
    prompts,
    completions: caps.completions !== undefined,
    logging: caps.logging !== undefined,
    subscribe: caps.resources?.subscribe === true,
    tasks:
      tasks === undefined
        ? NO_TASKS
        : {
            toolsCall: tasks.requests?.tools?.call !== undefined,
            list: tasks.list !== undefined,
            cancel: tasks.cancel !== undefined,
          },
  };
}
