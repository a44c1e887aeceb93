/**
 * Walking plain data (parsed scenarios, Results) by paths written the way `--set` writes them:
 * `topology.groups.web.count` finds the element of `topology.groups` named "web". Lessons use
 * these paths for knobs (into scenarios) and for metrics (into Results, where list elements
 * are named by `name`, or by `group`, `service` or `policy` for the mechanisms' sections), and
 * so do `sweep --metric` and `compare --metric` (engine/result/result-path.ts).
 */
import { describeValue, didYouMean, formatPath, type PathSegment } from "./problems";

/** Keys that name a list element, in the order they are tried (`policy`: a batch policy). */
const ELEMENT_NAME_KEYS = ["name", "group", "service", "policy"] as const;

/** The name of a list element (its `name`, `group`, `service` or `policy`), if it has one. */
export function elementName(element: unknown): string | undefined {
  if (typeof element !== "object" || element === null || Array.isArray(element)) return undefined;
  for (const key of ELEMENT_NAME_KEYS) {
    const value = (element as Record<string, unknown>)[key];
    if (typeof value === "string") return value;
  }
  return undefined;
}

/** Where a path leads: concrete segments (list indexes as numbers) and the value, or why not. */
export type ResolvedPath =
  | { ok: true; segments: PathSegment[]; value: unknown }
  | { ok: false; message: string };

/**
 * Follows `path` from `data`. In a list, a number or a digit string is an index and any other
 * string is an element's name. With `allowNewKey`, the last segment may name a key an object
 * does not have yet (its value is then `undefined`). Never throws.
 */
export function resolveDataPath(data: unknown, path: readonly PathSegment[], options: { allowNewKey?: boolean } = {}): ResolvedPath {
  const segments: PathSegment[] = [];
  let current = data;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    const where = formatPath(segments) || "the top level";
    if (Array.isArray(current)) {
      const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : current.findIndex((e) => elementName(e) === segment);
      if (index < 0 || index >= current.length) return { ok: false, message: missingElement(current, segment, where) };
      segments.push(index);
      current = current[index];
    } else if (typeof current === "object" && current !== null) {
      const key = String(segment);
      const object = current as Record<string, unknown>;
      if (!Object.hasOwn(object, key) && !(last && options.allowNewKey)) {
        const suggestion = didYouMean(key, Object.keys(object));
        return { ok: false, message: `no ${JSON.stringify(key)} in ${where}${suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`}` };
      }
      segments.push(key);
      current = Object.hasOwn(object, key) ? object[key] : undefined;
    } else {
      return { ok: false, message: `${where} is ${describeValue(current)}, so it has no ${JSON.stringify(String(segment))}` };
    }
  }
  return { ok: true, segments, value: current };
}

/** `no element named "wbe" in services (did you mean "web"?)` or `no index 4 in ... (3 items)`. */
function missingElement(list: readonly unknown[], segment: PathSegment, where: string): string {
  if (typeof segment === "number" || /^\d+$/.test(segment)) return `no index ${segment} in ${where}, which has ${list.length} ${list.length === 1 ? "item" : "items"}`;
  const names = list.map(elementName).filter((n): n is string => n !== undefined);
  const suggestion = didYouMean(segment, names);
  const known = suggestion !== undefined ? ` (did you mean ${JSON.stringify(suggestion)}?)` : names.length > 0 ? `; there are ${names.map((n) => JSON.stringify(n)).join(", ")}` : "";
  return `no element named ${JSON.stringify(segment)} in ${where}${known}`;
}

/** The value at concrete segments (as {@link resolveDataPath} returns them), or undefined. */
export function valueAt(data: unknown, segments: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of segments) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * A deep copy of plain data with the value at concrete `segments` replaced, or removed when
 * `value` is undefined. The parents must exist (as resolved); the input is never modified.
 */
export function withValueAt(data: unknown, segments: readonly PathSegment[], value: unknown): unknown {
  const copy = deepCopy(data);
  if (segments.length === 0) return deepCopy(value);
  const parent = valueAt(copy, segments.slice(0, -1)) as Record<string | number, unknown>;
  const key = segments[segments.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    Object.defineProperty(parent, key, { value: deepCopy(value), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A deep copy of acyclic plain data (objects, lists, primitives). */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, { value: deepCopy((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}

/**
 * The readable form of concrete segments over `data`: list indexes become element names
 * where the element has one (`services[0].balancer` -> `services.api.balancer`).
 */
export function readablePath(data: unknown, segments: readonly PathSegment[]): string {
  const readable: PathSegment[] = [];
  let current = data;
  for (const segment of segments) {
    if (Array.isArray(current) && typeof segment === "number") {
      const name = elementName(current[segment]);
      readable.push(name !== undefined && /^[a-z][a-z0-9-]*$/.test(name) ? name : segment);
    } else readable.push(segment);
    current = typeof current === "object" && current !== null ? (current as Record<string | number, unknown>)[segment] : undefined;
  }
  return formatPath(readable).replace(/\["([a-z][a-z0-9-]*)"\]/g, ".$1");
}
