import { fileURLToPath } from 'node:url';

/** Absolute path of FlowHub's OpenAPI 3.1 document. */
export const flowhubOpenApiPath: string = fileURLToPath(new URL('./openapi.yaml', import.meta.url));

/** Absolute path of the Portico config that serves FlowHub over MCP. */
export const flowhubConfigPath: string = fileURLToPath(new URL('./portico.yaml', import.meta.url));
