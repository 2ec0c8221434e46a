import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { main: string };
};

export const TOKEN = 'ghs_test-installation-token';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionRunOptions {
  workspace: string;
  apiUrl: string;
  inputs?: Record<string, string>;
  eventName: string;
  event: Record<string, unknown>;
  /** What the runner sets as GITHUB_SHA: the merge commit on pull_request events. */
  sha: string;
  repository?: string;
  /** The node binary: GitHub runs node24; Node 20 is what this machine has. */
  node?: string;
  /**
   * Milliseconds between GitHub writes (PERF_GATE_GITHUB_WRITE_SPACING_MS): none by default, as the
   * local double asks for none; `null` keeps the production spacing GitHub asks for (1 s, 3 s for comments).
   */
  writeSpacingMs?: number | null;
  /** Cancels the job as the runner does: sends `signal` once stdout matches `when`. */
  cancel?: { when: RegExp; signal: NodeJS.Signals };
}

/**
 * Runs the bundled action the way the Actions runner does: `node <action>/dist/index.js` in the
 * workspace, with `default:` values from action.yml applied, every input as INPUT_<NAME> (upper
 * case, spaces to `_`, hyphens kept), the event payload in a file, and the output and summary
 * files the runner reads afterwards.
 */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const temp = await mkdtemp(join(tmpdir(), 'perf-gate-runner-'));
  const files = { event: join(temp, 'event.json'), output: join(temp, 'output'), summary: join(temp, 'summary.md') };
  await writeFile(files.event, JSON.stringify(options.event));
  await writeFile(files.output, '');
  await writeFile(files.summary, '');

  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default !== undefined) inputs[name] = spec.default === '${{ github.token }}' ? TOKEN : spec.default;
  }
  Object.assign(inputs, options.inputs);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: options.repository ?? 'octo-org/shop',
    GITHUB_SHA: options.sha,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: temp,
    ...(options.writeSpacingMs === null ? {} : { PERF_GATE_GITHUB_WRITE_SPACING_MS: String(options.writeSpacingMs ?? 0) }),
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      options.node ?? process.execPath,
      [join(root, action.runs.main)],
      { cwd: options.workspace, env, timeout: 120_000 },
      (error, out, err) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout: out, stderr: err }),
    );
    const { cancel } = options;
    if (cancel !== undefined) {
      let seen = '';
      child.stdout?.on('data', (chunk: string) => {
        seen += chunk;
        if (cancel.when.test(seen) && child.exitCode === null && !child.killed) child.kill(cancel.signal);
      });
    }
  });
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(files.output, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
  };
}

/** The GITHUB_OUTPUT file: `NAME=VALUE` lines or `NAME<<DELIMITER` … `DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== delimiter) value.push(lines[++i]!);
      i++;
      outputs[name!] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}
