import type {
  Client,
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
} from '@modelcontextprotocol/client';

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
}

export const NO_EXTRAS: ServerExtras = {
  resources: [],
  templates: [],
  prompts: [],
  completions: false,
  logging: false,
  subscribe: false,
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
  };
}
