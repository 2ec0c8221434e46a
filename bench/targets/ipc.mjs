/**
 * What every bench target does besides serving: listen on a random loopback port, report the
 * URL to the parent (throughput.mjs, which forks it), answer its questions about CPU time,
 * and exit as soon as the parent goes away so an interrupted bench leaves nothing behind.
 */
export function serveOverIpc(server, { backlog } = {}) {
  server.listen({ port: 0, host: '127.0.0.1', ...(backlog === undefined ? {} : { backlog }) }, () => {
    process.send({ url: `http://127.0.0.1:${server.address().port}` });
  });
  // The parent asks between runs, when this process is idle, so the answer is not delayed by load.
  process.on('message', (message) => {
    if (message === 'cpu-usage') process.send({ cpuUsage: process.cpuUsage() });
  });
  process.on('disconnect', () => process.exit(0));
}
