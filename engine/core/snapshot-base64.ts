/**
 * Base64 for the snapshot codec's typed arrays, written out because the engine may use neither
 * Node's Buffer nor the browser's btoa (engine/purity.test.ts). Standard alphabet, padded.
 */
import { AssertionError } from "./assert";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

/** The base64 text of `bytes`. */
export function base64FromBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    chunk += ALPHABET[b0 >> 2]! + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)]! +
      (i + 1 < bytes.length ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)]! : "=") +
      (i + 2 < bytes.length ? ALPHABET[b2 & 63]! : "=");
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ""; }
  }
  parts.push(chunk);
  return parts.join("");
}

/**
 * The bytes of base64 `text`.
 * @throws AssertionError if `text` is not padded base64.
 */
export function bytesFromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new AssertionError(`snapshot: base64 length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    if (out < bytes.length) bytes[out++] = (n >> 16) & 255;
    if (out < bytes.length) bytes[out++] = (n >> 8) & 255;
    if (out < bytes.length) bytes[out++] = n & 255;
  }
  return bytes;
}

function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === 61) return 0; // "=" padding
  const value = code < 128 ? INDEX[code]! : -1;
  if (value < 0) throw new AssertionError(`snapshot: invalid base64 character at ${at}`);
  return value;
}
