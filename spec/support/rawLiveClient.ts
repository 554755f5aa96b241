/**
 * A bare `ws` client for emulator specs that must send what our library refuses to send (two
 * top-level keys, unknown enum values, a first frame that is not setup): it sends the given frames
 * and reports how the server closed, plus what it sent before.
 */
import WebSocket from 'ws';

export interface RawOutcome {
  readonly code: number;
  readonly reason: string;
  readonly messages: unknown[];
  /** Set when the upgrade was refused. */
  readonly httpStatus?: number;
}

export const GEMINI_PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';

/** Opens `baseUrl + path`, sends `frames` in order (objects are JSON-encoded), and waits for the close. */
export function rawExchange(
  baseUrl: string,
  path: string,
  frames: readonly (object | string)[],
  headers: Record<string, string> = {},
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + path, { headers });
    const messages: unknown[] = [];
    socket.on('open', () => {
      for (const frame of frames) socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    });
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.on('unexpected-response', (_request, response) => {
      resolve({ code: 1006, reason: '', messages, httpStatus: response.statusCode });
      response.resume();
      socket.terminate();
    });
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), messages }));
  });
}
