import { normalizeTarget, targetProblem } from '../config/target.js';
import { InputError } from '../errors.js';
import type { ServiceSources } from './measure.js';

/** The front door's words for the service sources, as given, and what it calls each in a message. */
export interface ServiceSourceTexts {
  pid?: [text: string, name: string] | undefined;
  basePid?: [text: string, name: string] | undefined;
  baseMetrics?: [text: string, name: string] | undefined;
}

/**
 * A process to read and, in A/B mode, the base's process or Prometheus endpoint, parsed once for
 * both front doors: "--service-pid" on the command line is "input service-pid" in the action.
 */
export function parseServiceSources(texts: ServiceSourceTexts, ab: boolean, baseName: string): ServiceSources | undefined {
  const pid = (given: [string, string] | undefined) => {
    if (given === undefined) return undefined;
    const [text, name] = given;
    if (!/^[1-9]\d{0,9}$/.test(text)) throw new InputError(`${name}: expected a process id such as 4242, found "${text.slice(0, 20)}"`);
    return Number(text);
  };
  const base = [texts.basePid, texts.baseMetrics].filter((given) => given !== undefined);
  if (!ab && base.length > 0)
    throw new InputError(`${base.map(([, name]) => name).join(' and ')} read the base deployment: give ${baseName} with them`);
  const candidatePid = pid(texts.pid);
  const basePid = pid(texts.basePid);
  const sources: ServiceSources = {
    ...(candidatePid === undefined ? {} : { pid: candidatePid }),
    ...(basePid === undefined ? {} : { basePid }),
    ...(texts.baseMetrics === undefined ? {} : { baseMetrics: endpoint(...texts.baseMetrics) }),
  };
  return Object.keys(sources).length === 0 ? undefined : sources;
}

function endpoint(text: string, name: string): URL {
  const problem = targetProblem(text);
  if (problem !== undefined) throw new InputError(`${name}: ${problem}`);
  return new URL(normalizeTarget(text));
}
