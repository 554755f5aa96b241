/**
 * Base64 for PCM and image bytes (the wire's `Blob.data`: standard alphabet, padded).
 * Isomorphic: Node's `Buffer` when it exists (fast, native), else `btoa`/`atob` over a binary string
 * built in slices, so a long chunk never costs quadratic string concatenation.
 */
import { LiveAudioFormatError } from '../errors';

interface BufferLike {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string };
  from(data: string, encoding: 'base64'): Uint8Array;
}

const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** `String.fromCharCode` takes arguments; keep each call well under engines' argument limits. */
const SLICE = 0x8000;

/**
 * Encodes bytes as base64. Views are encoded over their own range only, not their whole buffer.
 *
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function encodeBase64(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (NodeBuffer !== undefined) return NodeBuffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
  const pieces: string[] = [];
  for (let start = 0; start < view.length; start += SLICE) {
    pieces.push(String.fromCharCode(...view.subarray(start, start + SLICE)));
  }
  return btoa(pieces.join(''));
}

/**
 * Decodes base64 into a fresh `Uint8Array` (its own buffer, starting at offset 0, so it can back an
 * `Int16Array`). Throws `LiveAudioFormatError` for text that is not base64.
 *
 * @example
 * ```ts
 * decodeBase64('AQID'); // Uint8Array [1, 2, 3]
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function decodeBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw new LiveAudioFormatError('base64', 'the text is not padded standard base64');
  if (NodeBuffer !== undefined) {
    const decoded = NodeBuffer.from(text, 'base64');
    // Buffer.from may return a slice of a shared pool: copy so the result owns its buffer.
    return new Uint8Array(decoded);
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) out[index] = binary.charCodeAt(index);
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
