import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

/**
 * Serves the files of `dir` on 127.0.0.1 (port 0 picks a free one). Loopback pages are a secure
 * context, so `getUserMedia` and AudioWorklets work without https.
 */
export async function serveStatic(
  dir: string,
  port = 0,
  /** Answers what it recognises (the token endpoint) and returns true; the rest are files. */
  route: (request: IncomingMessage, response: ServerResponse) => boolean = () => false,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (route(request, response)) return;
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
  return server;
}
