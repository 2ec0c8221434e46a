// GitHub's published OpenAPI description (@octokit/openapi), loaded once per process.
//
// Only the single dereferenced api.github.com file is read (73 MB, ~0.5 s to parse). The package
// index must never be imported: it loads all ten descriptions (~400 MB).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { OpenAPIBackend, type Operation } from 'openapi-backend';

type Definition = ConstructorParameters<typeof OpenAPIBackend>[0]['definition'];

export interface GitHubOpenApi {
  /** Initialised backend over the whole REST description (routing + request/response validation). */
  api: OpenAPIBackend;
  /** The parsed description (also holds `x-webhooks`). */
  definition: Record<string, unknown> & { info: { version: string } };
}

export const DESCRIPTION_FILE = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.deref.json');

const backendOptions = {
  quick: true,
  strict: false,
  validate: true,
  ajvOpts: { strict: false, validateFormats: false },
} as const;

let cached: Promise<GitHubOpenApi> | undefined;

/** The shared, initialised description. The first call takes about a second; later calls are free. */
export function loadGitHubOpenApi(): Promise<GitHubOpenApi> {
  cached ??= (async () => {
    const definition = JSON.parse(readFileSync(DESCRIPTION_FILE, 'utf8')) as GitHubOpenApi['definition'];
    const api = new OpenAPIBackend({ definition: definition as unknown as Definition, ...backendOptions });
    await api.init();
    // The router rebuilds its list of ~1,100 operations from the description on every request it
    // matches (20 ms each); the description never changes here, so build it once.
    const operations = api.router.getOperations();
    api.router.getOperations = () => operations;
    return { api, definition };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

export interface ValidationOutcome {
  valid: boolean;
  errors: unknown[];
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * Validate a response body the double (or a fixture) produces against the operation's response schema.
 * One validator quirk is forgiven: the description marks enums `nullable` without listing null
 * (check run `conclusion`), which ajv reads as "null is not allowed"; GitHub sends null there.
 */
export async function validateResponseBody(operationId: string, status: number, body: unknown): Promise<ValidationOutcome> {
  const { api } = await loadGitHubOpenApi();
  const result = api.validateResponse(body, operationId, status);
  const errors = (result.errors ?? []).filter((e) => !(e.keyword === 'enum' && valueAt(body, e.instancePath) === null));
  return { valid: errors.length === 0, errors };
}

/** OpenAPI 3.0 `nullable` without `type` (which ajv refuses) rewritten as anyOf [schema, null]. */
function fixNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = fixNullable(value);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/** Webhook events described under `x-webhooks`, by key (e.g. 'pull-request-synchronize'). */
export type WebhookKey = 'pull-request-synchronize' | 'deployment-status-created' | 'workflow-run-completed' | (string & {});

let webhookBackend: Promise<OpenAPIBackend> | undefined;

/**
 * Validate a webhook payload against the schema GitHub publishes for it (the description's
 * `x-webhooks` section), by exposing each webhook's request body as an operation of a small backend.
 */
export async function validateWebhookPayload(key: WebhookKey, payload: unknown): Promise<ValidationOutcome> {
  webhookBackend ??= (async () => {
    const { definition } = await loadGitHubOpenApi();
    const hooks = (definition['x-webhooks'] ?? {}) as Record<string, { post?: { requestBody?: unknown } }>;
    const paths: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(hooks)) {
      if (!item.post?.requestBody) continue;
      paths[`/${name}`] = {
        post: { operationId: name, requestBody: fixNullable(item.post.requestBody), responses: { '200': { description: 'ok' } } },
      };
    }
    const api = new OpenAPIBackend({
      definition: { openapi: '3.0.3', info: { title: 'GitHub webhooks', version: definition.info.version }, paths } as Definition,
      ...backendOptions,
    });
    await api.init();
    return api;
  })();
  const api = await webhookBackend;
  const operation: Operation | undefined = api.getOperation(key);
  if (!operation) throw new Error(`no webhook '${key}' in the OpenAPI description`);
  const result = api.validateRequest(
    { method: 'post', path: `/${key}`, headers: { 'content-type': 'application/json' }, query: {}, body: payload as object },
    operation,
  );
  return { valid: result.valid, errors: result.errors ?? [] };
}
