/**
 * The scenarios of the "active" server suite of @modelcontextprotocol/conformance 0.1.16, in the
 * order the CLI runs them (`conformance list --server` minus the pending json-schema-2020-12 and
 * server-sse-polling). Pinned so that a suite upgrade that adds or drops a scenario fails loudly
 * until someone classifies it (pass, or baseline with a reason).
 */
export const ACTIVE_SCENARIOS = [
  'server-initialize',
  'logging-set-level',
  'ping',
  'completion-complete',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-with-logging',
  'tools-call-error',
  'tools-call-with-progress',
  'tools-call-sampling',
  'tools-call-elicitation',
  'elicitation-sep1034-defaults',
  'server-sse-multiple-streams',
  'elicitation-sep1330-enums',
  'resources-list',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'resources-subscribe',
  'resources-unsubscribe',
  'prompts-list',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
  'dns-rebinding-protection',
] as const;

/** A protocol revision the `next` suite can target with `--requirements`. */
export type Revision = '2025-11-25' | '2026-07-28';

/**
 * The scenarios each revision requires, as @modelcontextprotocol/conformance 0.2.0-alpha.12
 * (`conformance-next`) freezes them (`conformance list --server --requirements <revision>`). The
 * CLI also runs, without scoring, pending and extension scenarios (json-schema-2020-12,
 * server-sse-polling, server-session-lifecycle; on 2026-07-28 the tasks extension and the
 * SEP-2243 header scenarios); the tests read those results but hold only these to account.
 */
export const REQUIRED_SCENARIOS: Record<Revision, readonly string[]> = {
  '2025-11-25': ACTIVE_SCENARIOS,
  '2026-07-28': [
    'server-stateless',
    'completion-complete',
    'tools-list',
    'tools-call-simple-text',
    'tools-call-image',
    'tools-call-audio',
    'tools-call-embedded-resource',
    'tools-call-mixed-content',
    'tools-call-error',
    'tools-call-with-progress',
    'server-sse-multiple-streams',
    'resources-list',
    'resources-read-text',
    'resources-read-binary',
    'resources-templates-read',
    'sep-2164-resource-not-found',
    'prompts-list',
    'prompts-get-simple',
    'prompts-get-with-args',
    'prompts-get-embedded-resource',
    'prompts-get-with-image',
    'dns-rebinding-protection',
    'caching',
    'input-required-result-basic-elicitation',
    'input-required-result-basic-sampling',
    'input-required-result-basic-list-roots',
    'input-required-result-request-state',
    'input-required-result-multiple-input-requests',
    'input-required-result-multi-round',
    'input-required-result-missing-input-response',
    'input-required-result-non-tool-request',
    'input-required-result-result-type',
    'input-required-result-unsupported-methods',
    'input-required-result-tampered-state',
    'input-required-result-capability-check',
    'input-required-result-ignore-extra-params',
    'input-required-result-validate-input',
  ],
};
