#!/usr/bin/env node
// Lockstep's HTTP server: the Next.js production server behind a thin Node http layer that records the TCP peer
// of every request in `x-lockstep-peer-address`, overwriting whatever the client sent. Next.js itself passes a
// client-supplied X-Forwarded-For through unchanged, so only this header can tell the auth layer who really
// connected (the forward-auth proxy, or loopback for the local single-admin mode). It also records, in
// `x-lockstep-repeated-headers`, the names of headers sent more than once (Node joins them with ", ", so two
// groups headers would read as one list): the auth layer refuses repeated identity headers. A path with a malformed
// percent-encoding gets 400 here (Next.js would answer a bare 500).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import v8 from 'node:v8';
import { repeatedHeaders } from './repeated-headers.mjs';
import { malformedPath } from './malformed-path.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || (process.env.HUBBLE_RELAY_ADDR ? '0.0.0.0' : '127.0.0.1');

// The old generation may grow to 1.5 × the live heap between full collections (LOCKSTEP_HEAP_GROWING_PERCENT,
// 0 = V8's own heuristics). Under a fast relay stream V8 otherwise lets it reach 3–4 × (live ~140 MiB, heap ~550 MiB
// before each mark-compact), so RSS doubled over a bench:server run; with 50 it rose by a fifth, for a few % more
// GC time (README, bench:server). Set here, before anything is allocated: it applies to every thread.
const heapGrowingPercent = Number(process.env.LOCKSTEP_HEAP_GROWING_PERCENT ?? 50);
if (Number.isInteger(heapGrowingPercent) && heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = http.createServer((req, res) => {
  if (malformedPath(req.url)) {
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify({ error: { code: 'bad_request:api', message: 'the URL path has a malformed percent-encoding' } }));
    return;
  }
  req.headers['x-lockstep-peer-address'] = req.socket.remoteAddress ?? '';
  req.headers['x-lockstep-repeated-headers'] = repeatedHeaders(req.rawHeaders);
  // An answer given before the body was read (a 413 at a body limit, a 401/403 before it): close the connection
  // after it, so the client stops uploading instead of sending the rest of 200 MB into the void.
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (!req.complete && !res.headersSent) res.setHeader('connection', 'close');
    return writeHead.apply(this, args);
  };
  void handle(req, res);
});
server.listen(port, hostname, () => console.info(`[lockstep] listening on http://${hostname}:${port}`));
