/**
 * Example target for perf-gate: a small product-catalogue web service on plain node:http.
 *
 * Endpoints, from cheapest to dearest:
 *   GET  /health             liveness probe, tiny JSON
 *   GET  /                   small HTML page
 *   GET  /api/products/:id   one product (JSON), read in ~2 ms (a database read); 400 for a non-numeric
 *                            id, 404 for an unknown one
 *   GET  /api/products       the 50-product catalogue (JSON, serialized per request as a real API would)
 *   POST /api/search         body {"q": "..."}: typo-tolerant scoring of the whole catalogue (CPU-bound)
 *   GET  /slow               waits ~20 ms (stands in for a database or upstream call), then JSON
 *   GET  /api/report         the sales report: waits ~20 ms for its query, then aggregates two years of daily
 *                            sales per product (~0.7 ms of CPU): mostly waiting, yet a real CPU cost
 *   GET  /api/products?page=N  a page of 10 products (pages 1-5), read in ~2 ms (a database read)
 *   POST /api/login          body {"user": "...", "password": "demo"}: {"access_token": "..."}
 *   POST /api/cart           body {"id": N, "qty": N} with `authorization: Bearer <token>`: adds to the
 *                            visitor's cart (a `cart` cookie, set on the first add), waits ~5 ms (a database
 *                            write), 201 with the cart; 401 without a valid token
 *   GET  /metrics            the process's CPU time and resident memory in Prometheus' text format, as
 *                            prom-client's collectDefaultMetrics() names them (what perf-gate's service: reads)
 * Unknown paths answer 404 JSON, wrong methods 405, malformed JSON 400, bodies over 16 KiB 413.
 *
 * Two ways to use it:
 *   - as a module: `const { url, close } = await startTarget({ port: 0 })`
 *   - as a script: `node examples/target.mjs [--port N] [--slowdown X]` prints `listening on URL`;
 *     under child_process.fork it also sends `{ url }` to the parent, and exits when the parent goes away.
 *
 * Injecting a regression: `--slowdown X` (or env SLOWDOWN=X; the flag wins), X >= 1, multiplies the
 * /slow delay, the cart's write and the CPU time of /api/search and of the report's aggregation by X. `--slowdown 1.2`
 * is a 20 % regression on those endpoints and leaves the others untouched, which is what a gate should catch and
 * localize. The report's is one its latency hardly shows (its 20 ms query dominates) and its CPU time does.
 *
 * It binds to 127.0.0.1 unless told otherwise: it is a demo, not a service to expose.
 */
import { realpathSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SLOW_DELAY_MS = 20;
const CART_WRITE_MS = 5;
const PAGE_SIZE = 10;
// A page of the catalogue and a product come from the database, as in a real shop: what a visit
// waits for is mostly I/O, which a busy machine delays by fractions of a millisecond, not by the
// 10-15 % it adds to a request that only computes for a few tenths of one.
const CATALOGUE_READ_MS = 2;
const DEMO_PASSWORD = 'demo';
const MAX_BODY_BYTES = 16 * 1024;
const MAX_QUERY_CHARS = 200;
const SEARCH_RESULTS = 10;
const REPORT_QUERY_MS = 20;
const REPORT_DAYS = 730;

// ---------------------------------------------------------------------------------------------
// Catalogue: generated from a fixed seed so every run serves byte-identical responses, which keeps
// response sizes (and so timings) comparable between a baseline run and the run being gated.

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = {
  shoes: ['sneaker', 'boot', 'loafer', 'sandal', 'runner'],
  jackets: ['parka', 'windbreaker', 'bomber', 'raincoat', 'fleece'],
  bags: ['backpack', 'tote', 'duffel', 'satchel', 'messenger'],
  hats: ['beanie', 'cap', 'fedora', 'bucket hat', 'visor'],
};
const ADJECTIVES = ['classic', 'urban', 'alpine', 'lightweight', 'waterproof', 'vintage', 'everyday', 'trail'];
const MATERIALS = ['leather', 'canvas', 'wool', 'recycled nylon', 'suede', 'cotton', 'gore-tex', 'denim'];
const COLOURS = ['black', 'navy', 'olive', 'sand', 'burgundy', 'grey', 'white', 'rust'];
const PHRASES = [
  'built for long days on your feet',
  'a favourite for city commutes',
  'made to handle wet weekends',
  'packs flat for travel',
  'designed in Lisbon and made in Portugal',
  'backed by a two-year warranty',
  'breathable and quick to dry',
  'ages beautifully with wear',
];

function generateCatalogue(count = 50) {
  const random = mulberry32(42);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const categories = Object.keys(CATEGORIES);
  return Array.from({ length: count }, (_, i) => {
    const category = categories[i % categories.length];
    const kind = pick(CATEGORIES[category]);
    const material = pick(MATERIALS);
    const colour = pick(COLOURS);
    const name = `${pick(ADJECTIVES)} ${material} ${kind}`.replace(/^./, (c) => c.toUpperCase());
    return {
      id: i + 1,
      sku: `PG-${String(1000 + i * 7)}`,
      name,
      category,
      price: Math.round((15 + random() * 185) * 100) / 100,
      currency: 'EUR',
      colour,
      tags: [category, kind, material, colour],
      description: `${name} in ${colour}: ${pick(PHRASES)}, ${pick(PHRASES)}.`,
      stock: Math.floor(random() * 120),
      rating: Math.round((3 + random() * 2) * 10) / 10,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Search: every query scores every product, word by word, with prefix and typo tolerance. It is the
// deliberately expensive endpoint: its cost grows with the catalogue, not with the result size.

function normalize(text) {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function tokenize(text) {
  return normalize(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Levenshtein distance, giving up (returning max + 1) as soon as it must exceed `max`. */
function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

function termScore(term, word) {
  if (word === term) return 1;
  if (word.startsWith(term)) return 0.7;
  const tolerance = term.length >= 5 ? 2 : term.length >= 3 ? 1 : 0;
  const distance = editDistance(term, word, tolerance);
  return distance <= tolerance ? 0.5 / (1 + distance) : 0;
}

const FIELD_WEIGHTS = { name: 3, tags: 2, description: 1 };

function buildIndex(products) {
  return products.map((product) => ({
    product,
    fields: {
      name: tokenize(product.name),
      tags: product.tags.flatMap(tokenize),
      description: tokenize(product.description),
    },
  }));
}

function search(index, query) {
  const terms = tokenize(query);
  const hits = [];
  for (const { product, fields } of index) {
    let score = 0;
    for (const term of terms) {
      for (const [field, words] of Object.entries(fields)) {
        let best = 0;
        for (const word of words) best = Math.max(best, termScore(term, word));
        score += best * FIELD_WEIGHTS[field];
      }
    }
    if (score > 0) hits.push({ score: Math.round(score * 100) / 100, product });
  }
  hits.sort((a, b) => b.score - a.score || a.product.id - b.product.id);
  return { query, terms, total: hits.length, results: hits.slice(0, SEARCH_RESULTS) };
}

// ---------------------------------------------------------------------------------------------
// Sales report: the answer to a slow query, then a CPU-bound aggregation. Its latency is the
// query's; its CPU cost is the aggregation's, which is where a change to the code shows first.

function salesReport(products) {
  // The "query result": every product's daily sales, the same on every call.
  const random = mulberry32(7);
  const categories = {};
  const sellers = [];
  for (const product of products) {
    const daily = new Float64Array(REPORT_DAYS);
    for (let day = 0; day < REPORT_DAYS; day++) daily[day] = Math.floor(random() * 20 * (1 + Math.sin((day / 7) * Math.PI)));
    let units = 0;
    let week = 0;
    let bestWeek = 0;
    for (let day = 0; day < REPORT_DAYS; day++) {
      units += daily[day];
      week += daily[day] - (day >= 7 ? daily[day - 7] : 0);
      bestWeek = Math.max(bestWeek, week);
    }
    const revenue = Math.round(units * product.price * 100) / 100;
    const category = (categories[product.category] ??= { units: 0, revenue: 0 });
    category.units += units;
    category.revenue = Math.round((category.revenue + revenue) * 100) / 100;
    sellers.push({ id: product.id, name: product.name, units, revenue, bestWeekUnits: bestWeek });
  }
  sellers.sort((a, b) => b.revenue - a.revenue || a.id - b.id);
  return { days: REPORT_DAYS, categories, top: sellers.slice(0, 5) };
}

/** Spins the CPU: the regression knob must cost CPU, like the code it stands in for, not wait. */
function burnCpu(ms) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

// ---------------------------------------------------------------------------------------------
// HTTP

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function homePage(products) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>perf-gate example shop</title></head>
<body>
  <h1>perf-gate example shop</h1>
  <p>${products.length} products in ${Object.keys(CATEGORIES).length} categories.</p>
  <ul>
    <li><a href="/api/products">GET /api/products</a></li>
    <li><a href="/api/products/1">GET /api/products/:id</a></li>
    <li>POST /api/search with {"q": "waterproof boots"}</li>
    <li><a href="/slow">GET /slow</a></li>
    <li><a href="/health">GET /health</a></li>
  </ul>
</body>
</html>
`;
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

function bearerToken(req, tokens) {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token || !tokens.has(token))
    throw new HttpError(401, 'log in first: POST /api/login, then send authorization: Bearer <access_token>');
  return token;
}

function createHandler({ slowdown }) {
  const products = generateCatalogue();
  const index = buildIndex(products);
  const html = homePage(products);
  const startedAt = Date.now();
  const tokens = new Set();
  const carts = new Map();
  let nextCart = 1;

  const routes = {
    'GET /metrics': (req, res) => {
      const { user, system } = process.cpuUsage();
      const text =
        '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n' +
        '# TYPE process_cpu_seconds_total counter\n' +
        `process_cpu_seconds_total ${(user + system) / 1e6}\n` +
        '# HELP process_resident_memory_bytes Resident memory size in bytes.\n' +
        '# TYPE process_resident_memory_bytes gauge\n' +
        `process_resident_memory_bytes ${process.memoryUsage.rss()}\n`;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
    'GET /health': (req, res) => {
      sendJson(res, 200, { status: 'ok', uptimeS: Math.round((Date.now() - startedAt) / 1000) });
    },
    'GET /': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(html);
    },
    'GET /api/products': async (req, res) => {
      const page = new URL(req.url, 'http://target.invalid').searchParams.get('page');
      if (page === null) return sendJson(res, 200, { total: products.length, products });
      if (!/^\d+$/.test(page) || Number(page) < 1) throw new HttpError(400, 'page must be a positive integer');
      await sleep(CATALOGUE_READ_MS);
      const items = products.slice((Number(page) - 1) * PAGE_SIZE, Number(page) * PAGE_SIZE);
      sendJson(res, 200, { page: Number(page), total: products.length, items });
    },
    'POST /api/login': async (req, res) => {
      const body = await readJson(req);
      if (typeof body?.user !== 'string' || body.password !== DEMO_PASSWORD) throw new HttpError(401, 'wrong user or password');
      const token = `shop-${randomUUID()}`;
      tokens.add(token);
      sendJson(res, 200, { access_token: token, token_type: 'Bearer' });
    },
    'POST /api/cart': async (req, res) => {
      bearerToken(req, tokens);
      const body = await readJson(req);
      const product = products[Number(body?.id) - 1];
      if (!Number.isInteger(body?.id) || !product) throw new HttpError(400, 'body must be {"id": <product id>, "qty": <n>}');
      if (!Number.isInteger(body.qty) || body.qty < 1 || body.qty > 99) throw new HttpError(400, 'qty must be 1..99');
      let cart = /(?:^|;\s*)cart=(\d+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!cart || !carts.has(cart)) {
        cart = String(nextCart++);
        carts.set(cart, new Map());
        // Every visitor of a long open-model run gets a cart: keep the newest, as a session store would.
        if (carts.size > 10_000) carts.delete(carts.keys().next().value);
        res.setHeader('set-cookie', `cart=${cart}; Path=/; HttpOnly; SameSite=Lax`);
      }
      const lines = carts.get(cart);
      lines.set(product.id, (lines.get(product.id) ?? 0) + body.qty);
      await sleep(CART_WRITE_MS * slowdown);
      const items = [...lines].map(([id, qty]) => ({ id, qty, price: products[id - 1].price }));
      sendJson(res, 201, { cart, items, total: Math.round(items.reduce((sum, i) => sum + i.qty * i.price, 0) * 100) / 100 });
    },
    'GET /api/products/:id': async (req, res, id) => {
      if (!/^\d+$/.test(id)) throw new HttpError(400, 'product id must be a positive integer');
      const product = products[Number(id) - 1];
      if (!product) throw new HttpError(404, `no product ${id}`);
      await sleep(CATALOGUE_READ_MS);
      sendJson(res, 200, product);
    },
    'POST /api/search': async (req, res) => {
      const body = await readJson(req);
      if (typeof body?.q !== 'string' || body.q.trim() === '') {
        throw new HttpError(400, 'body must be {"q": "<non-empty string>"}');
      }
      if (body.q.length > MAX_QUERY_CHARS) throw new HttpError(400, `q longer than ${MAX_QUERY_CHARS} characters`);
      const started = performance.now();
      const result = search(index, body.q);
      if (slowdown > 1) burnCpu((performance.now() - started) * (slowdown - 1));
      sendJson(res, 200, result);
    },
    'GET /api/report': async (req, res) => {
      await sleep(REPORT_QUERY_MS);
      const started = performance.now();
      const report = salesReport(products);
      if (slowdown > 1) burnCpu((performance.now() - started) * (slowdown - 1));
      sendJson(res, 200, report);
    },
    'GET /slow': async (req, res) => {
      const delayMs = SLOW_DELAY_MS * slowdown;
      await sleep(delayMs);
      sendJson(res, 200, { ok: true, delayMs: Math.round(delayMs * 10) / 10 });
    },
  };

  function route(method, pathname) {
    const match = /^\/api\/products\/([^/]+)$/.exec(pathname);
    const pattern = match ? '/api/products/:id' : pathname;
    const handler = routes[`${method} ${pattern}`] ?? (method === 'HEAD' ? routes[`GET ${pattern}`] : undefined);
    if (handler) return (req, res) => handler(req, res, match?.[1]);
    const allowed = Object.keys(routes)
      .filter((key) => key.endsWith(` ${pattern}`))
      .map((key) => key.split(' ')[0]);
    if (allowed.length === 0) throw new HttpError(404, `no route for ${pathname}`);
    throw Object.assign(new HttpError(405, `${method} not allowed on ${pattern}`), { allowed });
  }

  return async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://target.invalid');
      await route(req.method, pathname)(req, res);
    } catch (error) {
      if (!(error instanceof HttpError)) console.error(error);
      const status = error instanceof HttpError ? error.status : 500;
      if (error.allowed) res.setHeader('allow', error.allowed.join(', '));
      // A client that sent a too-large body may still be sending: don't reuse the connection.
      if (status === 413) res.setHeader('connection', 'close');
      if (!res.headersSent) sendJson(res, status, { error: status === 500 ? 'internal error' : error.message });
      else res.destroy();
    }
  };
}

/**
 * Starts the example target. Resolves once it listens. `close()` drops every open connection,
 * keep-alive ones included, so it returns at once instead of after keepAliveTimeout.
 */
export async function startTarget({ port = 0, host = '127.0.0.1', slowdown = 1 } = {}) {
  if (!(Number.isFinite(slowdown) && slowdown >= 1)) {
    throw new RangeError(`slowdown must be a number >= 1, got ${slowdown}`);
  }
  const server = http.createServer(createHandler({ slowdown }));
  // Long suites pause between scenarios and rounds; keep their connections (and pooled clients') alive
  // across those pauses. headersTimeout must exceed it, or Node may cut a reused idle connection.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, family, port: boundPort } = server.address();
  return {
    url: `http://${family === 'IPv6' ? `[${address}]` : address}:${boundPort}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, slowdown: { type: 'string' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`--port must be 0..65535, got ${values.port}`);
  }
  const slowdown = Number(values.slowdown ?? process.env.SLOWDOWN ?? 1);

  const target = await startTarget({ port, slowdown });
  console.log(`listening on ${target.url}${slowdown > 1 ? ` (slowdown ${slowdown}x)` : ''}`);
  process.send?.({ url: target.url });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    target.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Forked by a parent that died without cleaning up: don't linger as an orphan holding a port.
  process.on('disconnect', stop);
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`target: ${error.message}`);
    process.exit(2);
  });
}
