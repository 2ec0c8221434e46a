import { readFileSync } from 'node:fs';
import { WHOLE, shareConnections, subShare } from '../config/share.js';
import type { Suite } from '../config/suite.js';
import { FileLimitError } from '../errors.js';
import { formatCount } from '../report/format.js';

/** The process's limit on open files (RLIMIT_NOFILE): the one in force, and the most it may be raised to. */
export interface FileLimit {
  soft: number;
  hard: number;
}

/**
 * The limit as Linux's /proc/self/limits gives it; undefined where there is no such file (macOS,
 * Windows), and the check is skipped. Node raises its soft limit to the hard one as it starts
 * (on Linux and macOS; seen here: started under `prlimit --nofile=256:4096`, a Node process
 * reads 4096 and 4096), so what is read is already as much as this process can give itself.
 */
export function openFileLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): FileLimit | undefined {
  let text: string;
  try {
    text = read();
  } catch {
    return undefined;
  }
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(text);
  if (match === null) return undefined;
  const value = (field: string) => (field === 'unlimited' ? Infinity : Number(field));
  return { soft: value(match[1]!), hard: value(match[2]!) };
}

/**
 * Files a run needs beside its load's connections: a Node process starts with about 20 (stdio,
 * the event loop's epoll and eventfd, libuv's pipes), a worker thread adds about 5 (measured
 * with `ls /proc/PID/fd`), and a run opens a few more at a time: the probe's and the setup's
 * connection, a started service's pipes, the results file, a metrics endpoint's connection.
 */
const OWN_FILES = 64;
const FILES_PER_WORKER = 8;

/**
 * Refuses, before any connection is opened, a run whose connections cannot all be open at once
 * under the process's open-file limit. A scenario's connections stay open from its first round
 * to the end of the run (the rounds of all scenarios interleave on them), so the run holds every
 * scenario's at once, for each deployment measured (two in the A/B mode), as its worker threads
 * split them. Past the limit a connection fails with EMFILE, and a run would go on with most of
 * its requests counted as errors, its generator flagged as saturated, and exit 0.
 */
export function assertFileRoom(suite: Suite, deployments: number, workers: number, limit: FileLimit | undefined): void {
  if (limit === undefined) return;
  // This process's part of the load (a shard's, or the whole), dealt to its threads by the one rule of share.ts.
  const own = suite.share ?? WHOLE;
  const threads = Math.max(1, workers);
  const shares = Array.from({ length: threads }, (_, index) => subShare(own, { index, count: threads }));
  const perScenario = suite.scenarios.map(({ name, load }) => ({
    name,
    connections: deployments * shares.reduce((sum, share) => sum + shareConnections(load, share), 0),
  }));
  const connections = perScenario.reduce((sum, scenario) => sum + scenario.connections, 0);
  const needed = connections + OWN_FILES + (workers < 2 ? 0 : workers * FILES_PER_WORKER);
  if (needed <= limit.soft) return;
  const largest = [...perScenario].sort((a, b) => b.connections - a.connections);
  const named = largest.slice(0, 3).map((scenario) => `"${scenario.name}" ${formatCount(scenario.connections)}`);
  if (largest.length > 3) named.push(`${largest.length - 3} more`);
  const why = [deployments > 1 ? 'for each of the two deployments' : '', workers > 1 ? `over ${workers} worker threads` : '']
    .filter(Boolean)
    .join(', ');
  const n = String(needed);
  const raise =
    needed <= limit.hard
      ? `Raise it where perf-gate starts: \`ulimit -n ${n}\` in the shell or the CI step before it (its hard limit, ${formatCount(limit.hard)}, allows that)`
      : `Its hard limit is ${formatCount(limit.hard)}, which only root can raise: \`ulimit -n ${n}\` as root before perf-gate starts, ` +
        `LimitNOFILE=${n} in a systemd unit, nofile in /etc/security/limits.conf, \`docker run --ulimit nofile=${n}:${n}\``;
  throw new FileLimitError(
    `this run holds up to ${formatCount(connections)} connections open at once (scenario ${named.join(', ')}${why === '' ? '' : `; ${why}`}) ` +
      `and needs about ${formatCount(needed)} open files with its own, but this process may open only ${formatCount(limit.soft)} ` +
      `(its open-file limit, RLIMIT_NOFILE, read from /proc/self/limits). ${raise}; or give the scenarios fewer connections.`,
  );
}
