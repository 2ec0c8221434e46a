import type { Suite } from '../config/suite.js';
import type { ProgressMode } from '../pipeline/progress.js';
import type { ServiceSources } from '../pipeline/measure.js';
import { parseServiceSources } from '../pipeline/service-sources.js';
import { InputError } from '../errors.js';
import { parseTargetFlag } from './args.js';
import { detectGitSha } from './git-sha.js';
import type { CliIo } from './io.js';
import type { MEASURE_FLAGS } from './manual/measure-flags.js';

/** The values of MEASURE_FLAGS as node's parser gives them. */
export type MeasureFlagValues = { config: string } & Partial<Record<Exclude<keyof typeof MEASURE_FLAGS, 'config'>, string | undefined>>;

/** What a measurement is pointed at, read from the flags once the suite is known. */
export interface MeasureSetup {
  target: URL;
  /** Interleaved A/B mode: the base deployment (--baseline-url). */
  base?: URL;
  service?: ServiceSources;
  sha: string | null;
}

export async function measureSetup(values: MeasureFlagValues, suite: Suite, env: NodeJS.ProcessEnv): Promise<MeasureSetup> {
  const target = values.target !== undefined ? parseTargetFlag(values.target, '--target') : suite.target && new URL(suite.target);
  if (!target) throw new InputError(`no target to test: give --target URL, or "target:" in ${suite.file}`);
  const base = values['baseline-url'] === undefined ? undefined : parseTargetFlag(values['baseline-url'], '--baseline-url');
  const service = serviceFlags(values, base !== undefined);
  return {
    target,
    ...(base === undefined ? {} : { base }),
    ...(service === undefined ? {} : { service }),
    sha: await detectGitSha(values.sha, env),
  };
}

/** --service-pid and the base's source in A/B mode: where the service's CPU and memory are read beside the suite's service:. */
function serviceFlags(values: MeasureFlagValues, ab: boolean): ServiceSources | undefined {
  const flag = (name: 'service-pid' | 'baseline-service-pid' | 'baseline-metrics') => {
    const text = values[name];
    return text === undefined ? undefined : ([text, `--${name}`] as [string, string]);
  };
  return parseServiceSources(
    { pid: flag('service-pid'), basePid: flag('baseline-service-pid'), baseMetrics: flag('baseline-metrics') },
    ab,
    '--baseline-url',
  );
}

/** --workers N, checked before the suite is read: the pipeline's worker threads, started from the bundled CLI. */
export function workersFlag(text: string | undefined, io: CliIo): { workers?: { count: number; entry: URL } } {
  if (text === undefined) return {};
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new InputError(`--workers: expected a whole number of threads from 1 to 64, found "${text.slice(0, 20)}"`);
  }
  // The bundled CLI is also the workers' script (cli.ts starts the worker side in a worker thread).
  return count > 1 ? { workers: { count, entry: io.script ?? new URL(import.meta.url) } } : {};
}

export function progressMode(flag: string | undefined, io: CliIo): ProgressMode {
  switch (flag) {
    case undefined:
      return io.stderrIsTty && io.env.CI === undefined ? 'live' : 'plain';
    case 'live':
    case 'plain':
      return flag;
    case 'none':
      return 'silent';
    default:
      throw new InputError(`--progress: expected live, plain or none, found "${flag}"`);
  }
}
