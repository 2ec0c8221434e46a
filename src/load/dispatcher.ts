import { Client, type Dispatcher } from 'undici';
import type { Scenario } from '../config/suite.js';
import type { Arm } from './engine.js';

/**
 * One keep-alive connection to an arm's target, owned by one worker (closed model) or one
 * in-flight slot (open model), which sends its next request only once the last response has
 * ended: on the wire, one request per connection at a time, as browsers and most clients do.
 *
 * `pipelining: 2` does not pipeline (the owner never has two requests outstanding); it lets
 * undici write the next request as soon as the owner queues it from the last one's completion.
 * At pipelining 1, undici 7 waits a full event-loop turn before reusing a keep-alive socket, a
 * guard against servers that close connections they said they would keep; that turn added
 * ~30 µs to every measured latency and cost a few percent of throughput, and a load generator
 * wants to see such a server's resets rather than hide them.
 */
export function openConnection(scenario: Scenario, arm: Arm): Dispatcher {
  return new Client(arm.target.origin, {
    pipelining: 2,
    connect: { timeout: scenario.timeoutMs },
  });
}
