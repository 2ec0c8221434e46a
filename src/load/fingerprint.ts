import { cpus, release, totalmem } from 'node:os';
import type { Environment } from '../result/result.js';

/**
 * Where a run was measured. Baselines keep it so a comparison can say when two runs come from
 * visibly different machines (another CPU model or core count moves every figure).
 */
export function environmentFingerprint(perfGateVersion: string, rttMs: number | null, env: NodeJS.ProcessEnv): Environment {
  const cores = cpus();
  return {
    node: process.version,
    perfGate: perfGateVersion,
    cpu: { model: (cores[0]?.model ?? 'unknown').trim().replace(/\s+/g, ' '), count: cores.length },
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: { platform: process.platform, release: release(), arch: process.arch },
    ci: detectCi(env),
    rttMs,
  };
}

function detectCi(env: NodeJS.ProcessEnv): string | null {
  if (env.GITHUB_ACTIONS === 'true') return `github-actions${env.RUNNER_ENVIRONMENT ? `/${env.RUNNER_ENVIRONMENT}` : ''}`;
  if (env.GITLAB_CI) return 'gitlab';
  if (env.CIRCLECI) return 'circleci';
  if (env.BUILDKITE) return 'buildkite';
  if (env.CI && env.CI !== 'false') return 'ci';
  return null;
}
