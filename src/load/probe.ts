import { connect } from 'node:net';
import { TargetUnreachableError } from '../errors.js';
import type { Clock } from './clock.js';
import { classifyTransportError, errorCode } from './error-class.js';

/**
 * Before the run: is the target there at all, and what is the network's round trip to it?
 * A TCP connect takes one round trip and no server work, so its median over a few tries is
 * the share of every latency that belongs to the network, recorded with the run. A target
 * that cannot be connected to ends the run here, with a message instead of a table of zeros.
 */
export async function probeTarget(target: URL, clock: Clock, timeoutMs: number, tries = 5): Promise<number> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const samples: number[] = [];
  for (let i = 0; i < tries; i++) samples.push(await connectTime(host, port, clock, timeoutMs, target));
  samples.sort((a, b) => a - b);
  return Math.round(samples[Math.floor(samples.length / 2)]! * 1000) / 1000;
}

function connectTime(host: string, port: number, clock: Clock, timeoutMs: number, target: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = clock.now();
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      const elapsed = clock.now() - start;
      socket.destroy();
      resolve(elapsed);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new TargetUnreachableError(`target ${target.origin} is unreachable: no TCP connection within ${timeoutMs} ms`));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(new TargetUnreachableError(`target ${target.origin} is unreachable: ${describe(error, host)}`));
    });
  });
}

function describe(error: unknown, host: string): string {
  const code = errorCode(error);
  switch (classifyTransportError(code)) {
    case 'refused':
      return 'connection refused (is it running, on that port?)';
    case 'dns':
      return `host name "${host}" does not resolve (${code})`;
    case 'timeout':
      return `connection timed out (${code})`;
    default:
      return `cannot connect (${code})`;
  }
}
