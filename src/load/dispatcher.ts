import { Client } from 'undici';
import type { Scenario } from '../config/suite.js';
import { LeanConnection, type Connection } from './http1/lean-connection.js';

export type { Connection } from './http1/lean-connection.js';

/** A deployment under load: the candidate, and in the interleaved A/B mode also the base. */
export interface Arm {
  name: string;
  /** Its path is the base path of every scenario's request. */
  target: URL;
}

/** Which HTTP client carries the load: the lean one for http: targets unless told otherwise. */
export type HttpClient = 'lean' | 'undici';

/**
 * `PERF_GATE_HTTP_CLIENT=undici` sends plain-HTTP load through undici too: the way to rule the
 * lean client out when a target's responses look wrong.
 */
export function httpClientFromEnv(env: NodeJS.ProcessEnv = process.env): HttpClient {
  return env.PERF_GATE_HTTP_CLIENT === 'undici' ? 'undici' : 'lean';
}

/**
 * One keep-alive connection to an arm's target, owned by one worker (closed model) or one
 * in-flight slot (open model), which sends its next request only once the last response has
 * ended: on the wire, one request per connection at a time, as browsers and most clients do.
 *
 * Plain http: targets get a LeanConnection (a net socket and a framing-only parser: about half
 * undici's CPU per request, see bench/README.md); https: ones get undici, which brings TLS.
 */
export function openConnection(scenario: Scenario, arm: Arm, client: HttpClient = httpClientFromEnv()): Connection {
  return client === 'lean' && arm.target.protocol === 'http:'
    ? new LeanConnection(arm.target.origin, { connectTimeoutMs: scenario.timeoutMs, headers: scenario.flow !== undefined })
    : undiciConnection(scenario, arm);
}

/**
 * `pipelining: 2` does not pipeline (the owner never has two requests outstanding); it lets
 * undici write the next request as soon as the owner queues it from the last one's completion.
 * At pipelining 1, undici 7 waits a full event-loop turn before reusing a keep-alive socket, a
 * guard against servers that close connections they said they would keep; that turn added
 * ~30 µs to every measured latency and cost a few percent of throughput, and a load generator
 * wants to see such a server's resets rather than hide them.
 */
function undiciConnection(scenario: Scenario, arm: Arm): Connection {
  return new Client(arm.target.origin, {
    pipelining: 2,
    connect: { timeout: scenario.timeoutMs },
  });
}
