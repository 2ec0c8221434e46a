import type { Dispatcher } from 'undici';
import type { Connection } from '../../src/load/dispatcher.js';

/** The final status and body bytes of a response, or the error the request failed with. */
export type DispatchOutcome = { status: number; body: Buffer } | { error: Error };

/** A request's outcome through the dispatch-handler protocol the engine uses, on either client. */
export function dispatchOutcome(
  connection: Connection,
  options: Dispatcher.DispatchOptions,
  onConnect: (abort: (reason?: Error) => void) => void = () => undefined,
): Promise<DispatchOutcome> {
  return new Promise((resolve) => {
    let status = 0;
    const body: Buffer[] = [];
    connection.dispatch(options, {
      onConnect,
      onHeaders: (code) => {
        if (code >= 200) status = code;
        return true;
      },
      onData: (chunk) => {
        body.push(Buffer.from(chunk));
        return true;
      },
      onComplete: () => resolve({ status, body: Buffer.concat(body) }),
      onError: (error) => resolve({ error }),
    });
  });
}
