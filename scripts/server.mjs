#!/usr/bin/env node
// Lockstep's HTTP server: the Next.js production server behind a thin Node http layer that records the TCP peer
// of every request in `x-lockstep-peer-address`, overwriting whatever the client sent. Next.js itself passes a
// client-supplied X-Forwarded-For through unchanged, so only this header can tell the auth layer who really
// connected (the forward-auth proxy, or loopback for the local single-admin mode).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || (process.env.HUBBLE_RELAY_ADDR ? '0.0.0.0' : '127.0.0.1');

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = http.createServer((req, res) => {
  req.headers['x-lockstep-peer-address'] = req.socket.remoteAddress ?? '';
  void handle(req, res);
});
server.listen(port, hostname, () => console.info(`[lockstep] listening on http://${hostname}:${port}`));
