/**
 * Issue 13 §7: a frame the WebSocket itself refuses is a protocol violation, not a lost connection.
 * The servers write raw frame bytes under `ws`: a text frame whose payload is not UTF-8, and a frame
 * header announcing more than `ws` accepts (100 MiB; the payload never needs to be sent).
 */
import { LiveConnectionLostError, LiveProtocolError } from '../../lib/errors';
import { liveSession } from '../../lib/node';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import { startCaptureServer } from '../support/captureServer';
import { hostileServers } from './hostileSupport';
import { tcpOf } from '../support/hostile';

const API_KEY = 'AIzaProtocolViolationsSecret1';

/** An unmasked server frame: FIN + `opcode`, then the 7-bit, 16-bit or 64-bit payload length. */
function frameHeader(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([0x80 | opcode, length]);
  if (length < 65_536) return Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]);
  const header = Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

const INVALID_UTF8_TEXT = Buffer.concat([frameHeader(0x1, 4), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]); // "{", 0xff 0xfe, "}"
const OVERSIZED_HEADER = frameHeader(0x2, 101 * 1024 * 1024);

describe('hostile: frames the WebSocket refuses (issue 13 §7)', () => {
  const servers = hostileServers();

  it.each([
    ['a text frame that is not UTF-8', INVALID_UTF8_TEXT],
    ['a frame larger than the socket accepts', OVERSIZED_HEADER],
  ])('%s ends the session with a LiveProtocolError, not retryable, and no reconnect', async (_what, bytes) => {
    const server = servers.track(await startCaptureServer({
      // Raw bytes after setupComplete, written under ws so nothing validates them on the way out.
      onFrame: (connection, frame) => frame.text.includes('"setup"') && tcpOf(connection.socket).write(bytes),
    }));
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl, reconnect: { initialDelayMs: 0, maxAttempts: 3 } });
    const states: LiveSessionState[] = [];
    const watch = session.state$.subscribe((state) => states.push(state));
    const error = await new Promise<unknown>((resolve) => watch.add(session.subscribe({ error: resolve })));
    watch.unsubscribe();
    expect(error).toBeInstanceOf(LiveProtocolError);
    expect(error).not.toBeInstanceOf(LiveConnectionLostError);
    expect(error).toMatchObject({ retryable: false, kind: 'protocol' });
    expect((error as LiveProtocolError).problems[0]).toMatch(/^the WebSocket refused a frame from the server: /);
    expect(server.connections).toHaveLength(1); // not retried
    expect(states.at(-1)).toMatchObject({ status: 'closed', error });
  });
});
