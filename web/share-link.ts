/**
 * Share links: a whole scenario in the URL fragment, so a link opens the same run anywhere,
 * with no server.
 *
 * Fragment: `share=1.<payload>`, where 1 is the link format and the payload is base64url of
 * the DEFLATE-compressed (fflate) UTF-8 JSON of a {@link SharedScenario} plus a `check` digest
 * of its fields. The fragment never reaches a server. A link is untrusted input: every way it
 * can be broken (cut short, edited, from a newer app, a decompression bomb) gives a friendly
 * {@link ShareDecodeFailure} message, never an exception; the scenario inside still goes
 * through the same validation as a file.
 */
import { strFromU8, strToU8, deflateSync, Inflate } from "fflate";
import { digestString } from "../engine/index";

/** The link format written by {@link encodeShareLink}. */
export const SHARE_LINK_FORMAT = 1;
/** Fragment prefix of a share link (after `#`). */
export const SHARE_PREFIX = "share=";
/** Largest decompressed payload accepted, bytes (a scenario plus its data files). */
export const SHARE_PAYLOAD_BYTES_MAX = 4 * 1024 * 1024;

/** What a link carries. */
export interface SharedScenario {
  /** Scenario language version of the text (`version:` in the scenario). */
  schemaVersion: number;
  /** Engine version that made the link (digests are comparable within one version). */
  engineVersion: string;
  /** Root seed of the run. */
  seed: number;
  /** The scenario text, as written. */
  scenarioText: string;
  /** Data files the scenario refers to, by path. */
  files: Record<string, string>;
  /** `path=value` overrides applied to the run. */
  overrides: string[];
  /** Digest of the sender's Result, when they ran it (the receiver checks it reproduces). */
  digest: string | null;
}

/** A decoded link, with warnings (for example a different engine version). */
export interface ShareDecodeSuccess {
  ok: true;
  shared: SharedScenario;
  warnings: string[];
}

/** Why a link could not be opened, in words for the person who clicked it. */
export interface ShareDecodeFailure {
  ok: false;
  message: string;
}

/** True when a fragment (with or without `#`) looks like a share link. */
export function isShareFragment(fragment: string): boolean {
  return fragment.replace(/^#/, "").startsWith(SHARE_PREFIX);
}

/** Encodes a scenario as a fragment (without `#`): `share=1.<base64url>`. */
export function encodeShareLink(shared: SharedScenario): string {
  const fields = canonicalFields(shared);
  const json = JSON.stringify({ ...fields, check: digestString(JSON.stringify(fields)) });
  const compressed = deflateSync(strToU8(json), { level: 9 });
  return `${SHARE_PREFIX}${SHARE_LINK_FORMAT}.${toBase64Url(compressed)}`;
}

/**
 * Decodes a fragment made by {@link encodeShareLink}. Never throws.
 * @param options.schemaVersion the scenario language version this app reads
 * @param options.engineVersion this app's engine version (a difference is a warning)
 */
export function decodeShareLink(fragment: string, options: { schemaVersion: number; engineVersion: string }): ShareDecodeSuccess | ShareDecodeFailure {
  const text = fragment.replace(/^#/, "");
  if (!text.startsWith(SHARE_PREFIX)) return fail("This address has no shared scenario in it.");
  const body = text.slice(SHARE_PREFIX.length);
  const dot = body.indexOf(".");
  const format = dot > 0 ? Number(body.slice(0, dot)) : NaN;
  if (!Number.isInteger(format)) return fail("The link is damaged: it does not start with a link format number (was it cut or edited?).");
  if (format > SHARE_LINK_FORMAT) return fail(`The link was made by a newer clustersim (link format ${format}; this app reads format ${SHARE_LINK_FORMAT}). Open it with the newer version.`);
  if (format !== SHARE_LINK_FORMAT) return fail(`The link uses an unknown format (${format}).`);
  const bytes = fromBase64Url(body.slice(dot + 1));
  if (bytes === null) return fail("The link is damaged: it contains characters a share link never has (was it cut or edited?).");
  const json = inflateLimited(bytes, SHARE_PAYLOAD_BYTES_MAX);
  if (!json.ok) return fail(json.message);
  // The compressed data must end where the link ends: if it still decompresses without its last
  // byte, that byte (and maybe more) was added after it.
  if (bytes.length > 0 && inflateLimited(bytes.subarray(0, bytes.length - 1), SHARE_PAYLOAD_BYTES_MAX).ok) {
    return fail("The link is damaged: it has extra characters after its data (was something pasted onto it?).");
  }
  let data: unknown;
  try {
    data = JSON.parse(json.text);
  } catch {
    return fail("The link is damaged: its contents are not readable (was it cut or edited?).");
  }
  const shared = readShared(data);
  if (typeof shared === "string") return fail(`The link is damaged: ${shared}.`);
  const check = (data as { check?: unknown }).check;
  if (check !== digestString(JSON.stringify(canonicalFields(shared)))) return fail("The link was changed after it was made: its checksum does not match its contents. Ask the sender for a fresh link.");
  if (shared.schemaVersion !== options.schemaVersion) return fail(`The link holds a scenario in language version ${shared.schemaVersion}; this app reads version ${options.schemaVersion}.`);
  const warnings: string[] = [];
  if (shared.engineVersion !== options.engineVersion) warnings.push(`The link was made with engine ${shared.engineVersion}; this is engine ${options.engineVersion}, so the result may differ from the sender's.`);
  return { ok: true, shared, warnings };
}

function fail(message: string): ShareDecodeFailure {
  return { ok: false, message };
}

/** The fields in a fixed key order (the checksum covers exactly these bytes). */
function canonicalFields(shared: SharedScenario): SharedScenario {
  // fromEntries defines own properties, so a file named "__proto__" is a file like any other
  // (an assignment would set the prototype instead and drop it from the checksum).
  const files: Record<string, string> = Object.fromEntries(Object.keys(shared.files).sort().map((name) => [name, shared.files[name]!]));
  return {
    schemaVersion: shared.schemaVersion,
    engineVersion: shared.engineVersion,
    seed: shared.seed,
    scenarioText: shared.scenarioText,
    files,
    overrides: shared.overrides.slice(),
    digest: shared.digest,
  };
}

/** Checks the shape of decoded data; returns a description of the first problem. */
function readShared(data: unknown): SharedScenario | string {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return "it holds no scenario";
  const d = data as Record<string, unknown>;
  if (!Number.isInteger(d.schemaVersion)) return "its scenario language version is missing";
  if (typeof d.engineVersion !== "string") return "its engine version is missing";
  if (!Number.isSafeInteger(d.seed) || (d.seed as number) < 0) return "its seed is not a whole number";
  if (typeof d.scenarioText !== "string") return "its scenario text is missing";
  if (typeof d.files !== "object" || d.files === null || Array.isArray(d.files) || Object.values(d.files).some((v) => typeof v !== "string")) return "its data files are unreadable";
  if (!Array.isArray(d.overrides) || d.overrides.some((v) => typeof v !== "string")) return "its overrides are unreadable";
  if (d.digest !== null && typeof d.digest !== "string") return "its result digest is unreadable";
  return {
    schemaVersion: d.schemaVersion as number,
    engineVersion: d.engineVersion,
    seed: d.seed as number,
    scenarioText: d.scenarioText,
    files: d.files as Record<string, string>,
    overrides: d.overrides as string[],
    digest: d.digest as string | null,
  };
}

/** Inflates at most `bytesMax` bytes (a link is untrusted: refuse decompression bombs). */
function inflateLimited(bytes: Uint8Array, bytesMax: number): { ok: true; text: string } | ShareDecodeFailure {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooBig = false;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > bytesMax) tooBig = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  // Push small input chunks and stop once over the limit: DEFLATE expands at most ~1032:1,
  // so no single push can produce more than about 1 MB.
  const CHUNK_BYTES = 1024;
  try {
    for (let offset = 0; offset < bytes.length && !tooBig; offset += CHUNK_BYTES) {
      inflate.push(bytes.subarray(offset, offset + CHUNK_BYTES), offset + CHUNK_BYTES >= bytes.length);
    }
  } catch {
    return fail("The link is damaged: its data does not decompress (was it cut short when copied?).");
  }
  if (tooBig) return fail(`The link holds more than ${bytesMax / 1024 / 1024} MB of data; it is not a scenario this app made.`);
  if (!ended) return fail("The link is damaged: its data ends early (was it cut short when copied?).");
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) { joined.set(chunk, offset); offset += chunk.length; }
  try {
    return { ok: true, text: strFromU8(joined) };
  } catch {
    return fail("The link is damaged: its text is not valid UTF-8.");
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Padding a base64url text may end with (accepted, as documented; never written). */
const PADDING = /={1,2}$/;

/** Bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url (padding optional) to bytes; null when the text is not base64url. */
export function fromBase64Url(padded: string): Uint8Array | null {
  const pad = PADDING.exec(padded)?.[0].length ?? 0;
  if (pad > 0 && padded.length % 4 !== 0) return null;
  const text = padded.slice(0, padded.length - pad);
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  if (pad > 0 && (4 - (text.length % 4)) % 4 !== pad) return null;
  const standard = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(standard);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
