/**
 * `--set path=value` overrides, applied to parsed scenario data before validation.
 *
 * A sweep or a quick experiment changes one field without editing the file:
 * `--set topology.groups.web.count=24`, `--set workload.phases[2].rate=1.5k/s`,
 * `--set workload.phases.ramp.duration=5m`. Each path segment is an object key, a list index
 * (`phases[2]` or `phases.2`) or, in a list of objects with a `name`, the element with that
 * name. The value is read as a one-line YAML value, so `24` is a number, `250ms` a string,
 * `true` a boolean, `[a, b]` a list and `{x: 1}` an object.
 *
 * Overrides only navigate what exists: every segment but the last must be found (with a
 * did-you-mean when it is not), and the last may add a new key to an existing object, which
 * schema validation then judges. The input is never modified; the result is a deep copy.
 *
 * Problems carry the override's path as written in `path`; print them as
 * `--set <path>: <message>`, e.g. `--set topology.groups.wbe.count: no group named "wbe"
 * (did you mean "web"?)`.
 */

import type { PathSegment, Problem } from "./problems";
import { describeValue, didYouMean, formatPath, parsePath } from "./problems";
import { parseYamlValue } from "./source";

/** One override: where, and the value to put there. */
export interface Override {
  /** Segments from the document root; strings of digits also index lists. */
  path: readonly PathSegment[];
  /** The new value, as parsed YAML/JSON data. */
  value: unknown;
}

/** The result of {@link parseOverride}. */
export type ParseOverrideResult = { ok: true; override: Override } | { ok: false; problem: Problem };

/**
 * Reads `path=value` (spaces around `=` allowed). The path is in {@link parsePath} form; the
 * first `=` outside a quoted key ends it. Never throws.
 */
export function parseOverride(text: string): ParseOverrideResult {
  const equals = findAssignment(text);
  if (equals === -1) {
    const message = `missing "=" in ${JSON.stringify(text)}; write path=value, e.g. services.web.replicas=3`;
    return { ok: false, problem: { path: "", message } };
  }
  const pathText = text.slice(0, equals).trim();
  const valueText = text.slice(equals + 1).trim();
  const path = parsePath(pathText);
  if (!path.ok) return { ok: false, problem: { path: pathText, message: path.message } };
  if (valueText === "") {
    const message = `missing value after "="; write a value, or '' for empty text`;
    return { ok: false, problem: { path: pathText, message } };
  }
  const value = parseYamlValue(valueText);
  if (!value.ok) return { ok: false, problem: { path: pathText, message: value.message } };
  return { ok: true, override: { path: path.segments, value: value.value } };
}

/** Index of the first `=` not inside a `["quoted key"]`, or -1. Helper of {@link parseOverride}. */
function findAssignment(text: string): number {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inQuotes && char === "\\") i += 1;
    else if (char === '"') inQuotes = !inQuotes;
    else if (char === "=" && !inQuotes) return i;
  }
  return -1;
}

/** An override given in code: the path as text (`"a.b[2]"`) or segments, and a data value. */
export interface OverrideSpec {
  path: string | readonly PathSegment[];
  value: unknown;
}

/** The result of {@link applyOverrides}. */
export type OverrideResult = { ok: true; data: unknown } | { ok: false; problems: Problem[] };

/**
 * Applies overrides in order to a deep copy of `data` (which is never modified). Strings are
 * `path=value` texts as given to `--set`; objects give a path and a data value directly.
 * Returns the new data, or every problem found across all overrides. Never throws.
 */
export function applyOverrides(data: unknown, overrides: ReadonlyArray<string | OverrideSpec>): OverrideResult {
  const copy = deepCopy(data);
  const problems: Problem[] = [];
  for (const entry of overrides) {
    const parsed = typeof entry === "string" ? parseOverride(entry) : overrideFromSpec(entry);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const pathText =
      typeof entry === "string" ? entry.slice(0, findAssignment(entry)).trim() : formatPath(parsed.override.path);
    const message = setAtPath(copy, parsed.override);
    if (message !== undefined) problems.push({ path: pathText, message });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data: copy };
}

/** Checks an {@link OverrideSpec} and copies its value. Helper of {@link applyOverrides}. */
function overrideFromSpec(spec: OverrideSpec): ParseOverrideResult {
  if (typeof spec.path !== "string") return { ok: true, override: { path: spec.path, value: deepCopy(spec.value) } };
  const path = parsePath(spec.path);
  if (!path.ok) return { ok: false, problem: { path: spec.path, message: path.message } };
  return { ok: true, override: { path: path.segments, value: deepCopy(spec.value) } };
}

/**
 * Walks `override.path` from `data` and sets the value in place, returning a message when the
 * path cannot be followed. The empty path is refused: an override sets a field, not the whole
 * scenario.
 */
function setAtPath(data: unknown, override: Override): string | undefined {
  const { path, value } = override;
  if (path.length === 0) return "empty path";
  let container: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const step = locate(container, path, i);
    if (typeof step === "string") return step;
    if (i === path.length - 1) {
      setOwn(step.holder, step.key, value);
      return undefined;
    }
    container = step.value;
  }
  return undefined;
}

/** Where segment `i` of `path` points inside `container`: the holder, key and current value. */
type Location = { holder: Record<string, unknown> | unknown[]; key: string | number; value: unknown };

/**
 * Resolves one segment against `container`, or explains why it cannot. The last segment may
 * name a new key of an object; every other segment must exist.
 */
function locate(container: unknown, path: readonly PathSegment[], i: number): Location | string {
  const segment = path[i];
  const where = formatPath(path.slice(0, i));
  if (Array.isArray(container)) return locateInList(container, path, i);
  if (typeof container !== "object" || container === null) {
    const subject = where === "" ? "the scenario" : where;
    const key = JSON.stringify(String(segment));
    return `${subject} is ${describeValue(container)}, not an object or list, so it has no ${key}`;
  }
  const object = container as Record<string, unknown>;
  const key = String(segment);
  if (Object.hasOwn(object, key)) return { holder: object, key, value: object[key] };
  if (i === path.length - 1) return { holder: object, key, value: undefined };
  return missingKeyMessage(Object.keys(object), path, i);
}

/** `no group named "wbe" (did you mean "web"?)` for a key missing from an object. */
function missingKeyMessage(keys: readonly string[], path: readonly PathSegment[], i: number): string {
  const name = String(path[i]);
  const parent = i === 0 ? undefined : path[i - 1];
  const noun = typeof parent === "string" ? singular(parent) : undefined;
  const where = i === 0 ? "at the top level" : `in ${formatPath(path.slice(0, i))}`;
  const quoted = JSON.stringify(name);
  const subject = noun === undefined ? `no key ${quoted} ${where}` : `no ${noun} named ${quoted}`;
  return `${subject}${nearMiss(name, keys)}`;
}

/**
 * Resolves a segment against a list: a number or digit string is an index; any other string
 * is the `name` of an element.
 */
function locateInList(list: unknown[], path: readonly PathSegment[], i: number): Location | string {
  const segment = path[i];
  const listName = formatPath(path.slice(0, i)) || "the scenario";
  const noun = (i > 0 && typeof path[i - 1] === "string" && singular(String(path[i - 1]))) || "item";
  const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : undefined;
  if (index !== undefined) {
    if (index < list.length) return { holder: list, key: index, value: list[index] };
    const count = `${list.length} ${list.length === 1 ? "item" : "items"}`;
    return `no ${noun} at index ${index}; ${listName} has ${count}`;
  }
  const names = list.map((item) => (isNamed(item) ? item.name : undefined));
  const matches = names.flatMap((name, at) => (name === segment ? [at] : []));
  if (matches.length === 1) return { holder: list, key: matches[0], value: list[matches[0]] };
  if (matches.length > 1) {
    const named = `${matches.length} elements of ${listName} are named ${JSON.stringify(segment)}`;
    return `${named}; use an index, e.g. ${listName}[${matches[0]}]`;
  }
  const known = names.filter((name): name is string => name !== undefined);
  if (known.length === 0) return `${listName} is a list without names; use an index, e.g. ${listName}[0]`;
  return `no ${noun} named ${JSON.stringify(segment)}${nearMiss(String(segment), known)}`;
}

/** A list element that can be addressed by name. */
function isNamed(item: unknown): item is { name: string } {
  return typeof item === "object" && item !== null && typeof (item as { name?: unknown }).name === "string";
}

/** At most this many names are listed when no near miss is found. */
const NAMES_LISTED_MAX = 10;

/** ` (did you mean "web"?)`, or the names there are (`; there are "a" and "b"`), or nothing. */
function nearMiss(name: string, names: readonly string[]): string {
  const suggestion = didYouMean(name, names);
  if (suggestion !== undefined) return ` (did you mean ${JSON.stringify(suggestion)}?)`;
  if (names.length === 0) return "; there are none";
  const quoted = names.slice(0, NAMES_LISTED_MAX).map((n) => JSON.stringify(n));
  const more = names.length > NAMES_LISTED_MAX ? `, … (${names.length} in all)` : "";
  return `; there ${names.length === 1 ? "is" : "are"} ${quoted.join(", ")}${more}`;
}

/**
 * The singular of a plural key, for messages: `groups` -> `group`, `policies` -> `policy`;
 * `undefined` when the key does not look plural (`topology`, `status`).
 */
function singular(key: string): string | undefined {
  if (/[^aeiou]ies$/.test(key)) return `${key.slice(0, -3)}y`;
  if (/[^su]s$/.test(key)) return key.slice(0, -1);
  return undefined;
}

/** Sets an own property or list element (defineProperty, so `__proto__` stays a plain key). */
function setOwn(holder: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy of plain data (objects, arrays, primitives); shared references (YAML aliases)
 * become separate copies. The data must be acyclic, which `parseScenarioText` guarantees.
 */
function deepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(copy, key, deepCopy((value as Record<string, unknown>)[key]));
  return copy;
}
