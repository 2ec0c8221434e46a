import * as core from '@actions/core';
import { headersSchema } from '../config/schema/request.js';
import { parseDuration } from '../config/units.js';
import { parseShard, type Shard } from '../config/shard.js';
import { InputError } from '../errors.js';
import type { ServiceSources } from '../pipeline/measure.js';
import { parseServiceSources } from '../pipeline/service-sources.js';

export type ActionMode = 'gate' | 'record' | 'report' | 'merge';
export type CommentPolicy = 'always' | 'on-regression' | 'never';

/** Every input of action.yml, parsed once; messages name the input and the bad value. */
export interface ActionInputs {
  config: string;
  targetUrl?: string;
  baselineUrl?: string;
  /** Default: baselines/<suite>.json. */
  baselinePath?: string;
  mode: ActionMode;
  githubToken: string;
  comment: CommentPolicy;
  checkName: string;
  /** What fails the check when the input says (else the suite's gate.fail_on): `never` is a check that fails while the step does not. */
  failOn?: 'regression' | 'inconclusive';
  /** fail-on: never: the check and the comment say what was found; the step never fails. */
  neverFailStep: boolean;
  waitTimeoutMs: number;
  /** Extra request headers (e.g. a protection-bypass secret); masked in logs. */
  headers: Record<string, string>;
  /** Report mode: the results file the unprivileged measuring job uploaded. */
  resultsFile?: string;
  /** The branch that stores baselines (written through the API); undefined: the file at baselinePath in the workspace. */
  baselineBranch?: string;
  /** Readiness: a response header that carries the deployed commit's sha. */
  shaHeader?: string;
  /** Readiness: a path whose body carries the deployed commit's sha. */
  shaPath?: string;
  /** Where the service's CPU and memory are read beside the suite's service: (a process; the base's in A/B mode). */
  service?: ServiceSources;
  /** Gate and record modes: measure only this part of the load; mode merge judges or records the whole. */
  shard?: Shard;
  /** Merge mode: the folder holding every shard's results (searched below it too). */
  shards?: string;
}

export function readInputs(): ActionInputs {
  const optional = (name: string) => core.getInput(name) || undefined;
  const headers = parseHeaders(core.getInput('headers'));
  for (const value of Object.values(headers)) core.setSecret(value);
  const targetUrl = optional('target-url');
  const baselineUrl = optional('baseline-url');
  const baselinePath = optional('baseline-path');
  const resultsFile = optional('results-file');
  const baselineBranch = optional('baseline-branch');
  if (
    baselineBranch !== undefined &&
    (!/^[A-Za-z0-9._/-]+$/.test(baselineBranch) || baselineBranch.includes('..') || /^[-/]|[/.]$|\.lock$/.test(baselineBranch))
  ) {
    throw new InputError(`input baseline-branch: not a usable branch name: "${baselineBranch.slice(0, 60)}"`);
  }
  const shaHeader = optional('sha-header')?.toLowerCase();
  if (shaHeader !== undefined && !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(shaHeader))
    throw new InputError(`input sha-header: not a header name: "${shaHeader.slice(0, 60)}"`);
  const shaPath = optional('sha-path');
  if (shaPath !== undefined && !shaPath.startsWith('/'))
    throw new InputError(`input sha-path: expected a path starting with /, found "${shaPath.slice(0, 60)}"`);
  if (shaHeader !== undefined && shaPath !== undefined) throw new InputError('inputs sha-header and sha-path: set one, not both');
  const named = (name: string) => {
    const text = optional(name);
    return text === undefined ? undefined : ([text, `input ${name}`] as [string, string]);
  };
  const service = parseServiceSources(
    { pid: named('service-pid'), basePid: named('baseline-service-pid'), baseMetrics: named('baseline-metrics') },
    baselineUrl !== undefined,
    'input baseline-url',
  );
  const shardText = optional('shard');
  const shard = shardText === undefined ? undefined : parseShardInput(shardText, baselineUrl !== undefined);
  const shards = optional('shards');
  return {
    config: core.getInput('config') || 'perf-gate.yml',
    ...(targetUrl === undefined ? {} : { targetUrl }),
    ...(baselineUrl === undefined ? {} : { baselineUrl }),
    ...(baselinePath === undefined ? {} : { baselinePath }),
    mode: oneOf('mode', ['gate', 'record', 'report', 'merge'] as const, 'gate'),
    githubToken: core.getInput('github-token'),
    comment: oneOf('comment', ['always', 'on-regression', 'never'] as const, 'always'),
    checkName: core.getInput('check-name') || 'perf-gate',
    ...failOn(oneOf('fail-on', ['', 'regression', 'inconclusive', 'never'] as const, '')),
    waitTimeoutMs: duration('wait-timeout', '5m'),
    headers,
    ...(resultsFile === undefined ? {} : { resultsFile }),
    ...(baselineBranch === undefined ? {} : { baselineBranch }),
    ...(shaHeader === undefined ? {} : { shaHeader }),
    ...(shaPath === undefined ? {} : { shaPath }),
    ...(service === undefined ? {} : { service }),
    ...(shard === undefined ? {} : { shard }),
    ...(shards === undefined ? {} : { shards }),
  };
}

function parseShardInput(text: string, ab: boolean): Shard {
  if (ab)
    throw new InputError(
      'inputs shard and baseline-url: the A/B mode measures both deployments in alternating rounds on one runner, which shards cannot share; shard against a stored baseline',
    );
  return parseShard(text, 'input shard');
}

function failOn(value: '' | 'regression' | 'inconclusive' | 'never'): Pick<ActionInputs, 'failOn' | 'neverFailStep'> {
  if (value === 'never') return { neverFailStep: true };
  return { ...(value === '' ? {} : { failOn: value }), neverFailStep: false };
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = core.getInput(name) || fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`input ${name}: expected one of ${allowed.filter((a) => a !== '').join(', ')}, found "${value.slice(0, 60)}"`);
}

function duration(name: string, fallback: string): number {
  const text = core.getInput(name) || fallback;
  const ms = parseDuration(text);
  if (ms === undefined) throw new InputError(`input ${name}: expected a duration such as 90s or 5m, found "${text.slice(0, 60)}"`);
  return ms;
}

/**
 * `headers`: one `name: value` per line, e.g. `x-vercel-protection-bypass: ${{ secrets.BYPASS }}`.
 * Values are never echoed in messages.
 */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const lines = new Map<string, number>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) {
      throw new InputError(`input headers, line ${index + 1}: expected "name: value" with a valid header name`);
    }
    const first = lines.get(name);
    if (first !== undefined)
      throw new InputError(`input headers, line ${index + 1} (${name}): header names are case-insensitive: this repeats line ${first}`);
    headers[name] = line.slice(colon + 1).trim();
    lines.set(name, index + 1);
  }
  // The suite file's rules: no host (headers go only to the target), no framing headers, no control characters.
  const checked = headersSchema.safeParse(headers);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const name = String(issue.path[0] ?? '');
    // A refused name comes wrapped as the record's key issue; its own message says why.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    throw new InputError(`input headers, line ${lines.get(name) ?? '?'} (${name}): ${message}`);
  }
  return headers;
}
