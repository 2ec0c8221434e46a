/** A scenario's request and what its response must look like: method, path, headers, body, expected status and text. */
import * as z from 'zod';
import { DEFAULT_STATUS } from '../defaults.js';
import type { ExpectSpec, HttpMethod, StatusRange } from '../suite.js';
import { unclosedAt } from '../template.js';
import { describeValue, quoteName } from '../wording.js';
import { evenWithOtherIssues, fail, integer } from './fields.js';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const satisfies readonly HttpMethod[];

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What the HTTP client accepts in a header value: tab, printable ASCII and Latin-1.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Headers perf-gate (or its HTTP client) must own, with the reason given to the user. */
const REFUSED_HEADERS: Readonly<Record<string, string>> = {
  host: 'perf-gate sends the host of target, so that headers only ever go to that origin; change target instead',
  'content-length': 'perf-gate computes it from the body',
  'transfer-encoding': 'perf-gate sends bodies with a content-length',
  connection: 'perf-gate manages connections itself; they are part of the load model',
  'keep-alive': 'perf-gate manages connections itself; they are part of the load model',
  upgrade: 'perf-gate measures plain HTTP requests, not protocol upgrades',
  expect: 'the HTTP client does not support expect: 100-continue',
};

const STATUS_HINT = 'expected a status code from 100 to 599 or a class such as "2xx"';
const PATH_HINT = 'expected a path starting with /, such as /api/items?q=1';

const method = z
  .string({ error: `expected one of ${HTTP_METHODS.join(', ')}` })
  .transform(
    (text, ctx) =>
      HTTP_METHODS.find((known) => known === text.toUpperCase()) ??
      fail(ctx, `expected one of ${HTTP_METHODS.join(', ')}, found ${describeValue(text)}`),
  )
  .meta({
    description: 'HTTP method, any case (default GET).',
    // JSON Schema patterns take no flags, so spell out case-insensitivity per letter.
    pattern: `^(?:${HTTP_METHODS.map((name) => [...name].map((c) => `[${c}${c.toLowerCase()}]`).join('')).join('|')})$`,
  });

const requestPath = z
  .string({ error: PATH_HINT })
  // Template expressions ({{ id }}) are checked when the flow is compiled, the text around them
  // here. A path that starts with one ({{ next }}, a captured link) is checked as it is sent: a
  // rendered path that leaves the target fails its step. An unclosed {{ leaves no text around
  // expressions to check: compiling says it is never closed.
  .superRefine((written, ctx) => {
    if (written.startsWith('{{') || unclosedAt(written) >= 0) return;
    const path = written.replace(/\{\{.*?\}\}/gs, 'x');
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'expected a path such as /api/items, not an absolute URL: headers may hold secrets and must only ever go ' +
          "to the target's origin; set the origin in target",
      });
    } else if (!path.startsWith('/')) {
      ctx.addIssue({ code: 'custom', message: `${PATH_HINT}, found ${describeValue(written)}` });
    } else if (path.startsWith('//') || path.startsWith('/\\')) {
      ctx.addIssue({
        code: 'custom',
        message:
          'expected a path such as /api/items: a path starting with // or /\\ names another host, and headers may ' +
          "hold secrets that must only ever go to the target's origin",
      });
    } else if (/[\s\p{Cc}]/u.test(path)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a path without spaces or control characters (write a space as %20)',
      });
    }
  })
  .meta({ description: 'Path (and query) joined to the target, e.g. /api/items?q=1; may use {{ variables }}. Absolute URLs are refused.' });

const headerName = z.string().superRefine((name, ctx) => {
  if (!HEADER_NAME.test(name)) {
    ctx.addIssue({
      code: 'custom',
      message: "expected a header name of letters, digits and !#$%&'*+-.^_`|~",
    });
    return;
  }
  const reason = REFUSED_HEADERS[name.toLowerCase()];
  if (reason) ctx.addIssue({ code: 'custom', message: `the ${name.toLowerCase()} header cannot be set: ${reason}` });
});

// Values are never echoed in messages: they may hold secrets.
const headerValue = z.string({ error: 'expected a string; quote values such as "5" or "true"' }).superRefine((value, ctx) => {
  if (!HEADER_VALUE.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a header value without line breaks or other control characters, in Latin-1',
    });
  }
});

/** Request headers, by the same rules wherever they come from: the suite file or the action's `headers` input. */
export const headersSchema = z
  .record(headerName.meta({ pattern: HEADER_NAME.source }), headerValue, {
    error: 'expected a mapping of header names to values',
  })
  .superRefine((map, ctx) => {
    const seen = new Map<string, string>();
    for (const name of Object.keys(map)) {
      const first = seen.get(name.toLowerCase());
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `header names are case-insensitive: this repeats ${quoteName(first)}`,
          params: { at: 'key' },
        });
      } else seen.set(name.toLowerCase(), name);
    }
  }, evenWithOtherIssues)
  .transform((map) => Object.fromEntries(Object.entries(map).map(([name, value]) => [name.toLowerCase(), value])))
  .meta({
    description:
      'Request headers; names are case-insensitive. Values may use ${{ env.NAME }}. In YAML, quote a value ' +
      'containing ${{ inside { ... }: { authorization: "Bearer ${{ env.TOKEN }}" }.',
  });

const statusCode = z.union(
  [
    integer(100, 599, 'a status code').transform((code): StatusRange => [code, code]),
    z
      .string({ error: STATUS_HINT })
      .regex(/^[1-5][xX]{2}$/, { error: STATUS_HINT })
      .transform((text): StatusRange => {
        const base = Number(text[0]) * 100;
        return [base, base + 99];
      }),
  ],
  { error: STATUS_HINT },
);

export const expectSchema = z
  .strictObject({
    status: z
      .array(statusCode, { error: 'expected a list of status codes such as [200] or ["2xx", 304]' })
      .min(1, { error: 'expected at least one status code' })
      .meta({ description: `Statuses that count as success (default [${DEFAULT_STATUS.join('..')}]): codes or classes like "2xx".` }),
    body_contains: z
      .string({ error: 'expected a string' })
      .min(1, { error: 'expected a non-empty string' })
      .meta({ description: 'Text the response body must contain, or the request counts as an error.' }),
  })
  .partial()
  .transform((raw): Partial<ExpectSpec> => ({
    ...(raw.status && { status: raw.status }),
    ...(raw.body_contains !== undefined && { bodyContains: raw.body_contains }),
  }))
  .meta({ description: 'What a successful response looks like; anything else counts as an error.' });

export const requestSchema = z
  .strictObject({
    method: method.optional(),
    path: requestPath,
    headers: headersSchema.optional(),
    json: z.json().optional().meta({ description: 'JSON body; sent with content-type: application/json unless set.' }),
    body: z.string({ error: 'expected a string (use json for structured bodies)' }).optional().meta({
      description: 'Raw body text.',
    }),
  })
  .superRefine((request, ctx) => {
    if (request.json !== undefined && request.body !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'give json or body, not both' });
    }
  }, evenWithOtherIssues);
