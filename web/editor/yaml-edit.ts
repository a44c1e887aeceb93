/**
 * Editing scenario text through paths, keeping the user's comments and layout.
 *
 * The form and the raw text are two views of one scenario: a form field writes its value
 * into the YAML document at its path (`yaml`'s Document API keeps comments, key order and
 * flow style), and the text is regenerated from the document. What the user typed in a
 * field is read as a one-line YAML value, like the CLI's `--set`: `12` is a number, `250ms` a
 * string, `true` a boolean; a blank field removes the key (the schema default applies).
 */
import { isMap, isScalar, isSeq, parse, parseDocument, type Document } from "yaml";
import type { PathSegment } from "../../engine/index";

/** Output options when the document is printed again: no line wrapping. */
const TO_STRING = { lineWidth: 0 } as const;

/** A parsed document, or the YAML syntax error that stops it. */
export type DocumentResult = { ok: true; doc: Document } | { ok: false; message: string };

/** Parses scenario text as a YAML document (JSON is YAML). */
export function parseScenarioDocument(text: string): DocumentResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, message: doc.errors[0]!.message };
  return { ok: true, doc };
}

/** A field's text read as a one-line YAML value; blank = undefined (remove the key). */
export function parseFieldValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    const value = parse(trimmed) as unknown;
    // "- x" or "a: b" typed in a scalar field is almost certainly not meant as a structure.
    if (value !== null && typeof value === "object" && !trimmed.startsWith("[") && !trimmed.startsWith("{")) return trimmed;
    return value;
  } catch {
    return trimmed;
  }
}

/** The value at a path as plain data (undefined when absent). */
export function valueAt(doc: Document, path: readonly PathSegment[]): unknown {
  const node = doc.getIn(path, true);
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.toJSON();
  return node;
}

/** The text a field shows for the value at a path ("" when absent). */
export function fieldText(doc: Document, path: readonly PathSegment[]): string {
  const value = valueAt(doc, path);
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A scalar as YAML text that reads back as itself, in block and in flow context. */
export function scalarText(value: string | number | boolean | null): string {
  if (typeof value !== "string") return String(value);
  // Plain when it cannot be misread (no flow indicators, no ": ", not a number or keyword).
  const plain = /^[A-Za-z0-9_./%$+-][A-Za-z0-9_./%$+ -]*$/.test(value) && !/\s$/.test(value) && parseFieldValue(value) === value;
  return plain ? value : JSON.stringify(value);
}

/**
 * Writes a field's text at `path` and returns the new scenario text. An existing scalar is
 * replaced in place (only its characters change: comments, layout and flow style stay as
 * written); a new or structured value goes through the document, which is then printed
 * again. A blank value deletes the key. Missing parents are created as maps (the schema then
 * judges them). Returns the text unchanged if it does not parse.
 */
export function setFieldText(text: string, path: readonly PathSegment[], input: string): string {
  const parsed = parseScenarioDocument(text);
  if (!parsed.ok) return text;
  const doc = parsed.doc;
  const value = parseFieldValue(input);
  const existing = doc.getIn(path, true);
  if (value === undefined) {
    if (!doc.hasIn(path)) return text;
    doc.deleteIn(path);
    return doc.toString(TO_STRING);
  }
  if (isScalar(existing) && existing.range && (value === null || typeof value !== "object")) {
    const [start, end] = existing.range;
    return text.slice(0, start) + scalarText(value as string | number | boolean | null) + text.slice(end);
  }
  doc.setIn(path, doc.createNode(value, { flow: true }));
  return doc.toString(TO_STRING);
}

/** Appends an item to the list at `path` (creating the list) and returns the new text. */
export function appendItem(text: string, path: readonly PathSegment[], item: unknown): string {
  const parsed = parseScenarioDocument(text);
  if (!parsed.ok) return text;
  const doc = parsed.doc;
  const list = doc.getIn(path, true);
  const node = doc.createNode(item, { flow: true });
  if (isSeq(list)) {
    list.flow = false;
    list.items.push(node);
  } else doc.setIn(path, doc.createNode([item], { flow: false }));
  return doc.toString(TO_STRING);
}

/** Removes item `index` of the list at `path` and returns the new text. */
export function removeItem(text: string, path: readonly PathSegment[], index: number): string {
  const parsed = parseScenarioDocument(text);
  if (!parsed.ok) return text;
  const list = parsed.doc.getIn(path, true);
  if (!isSeq(list) || index < 0 || index >= list.items.length) return text;
  list.items.splice(index, 1);
  return parsed.doc.toString(TO_STRING);
}
