/**
 * A generic codec between a live object graph and plain data (JSON text, structured clone).
 *
 * Why generic: a run's state is spread over some eighty classes in the model and its mechanisms,
 * and other engineers add fields to them all the time. Hand-written `snapshot()` methods per
 * class go stale silently the day someone adds a field and forgets the method; a walker over
 * the object graph picks every new field up by itself. What it cannot pick up it refuses, loudly,
 * naming the path: a class nobody registered, a closure created during the run, a symbol.
 *
 * The encoding is a table of entries, one per object reached from the root (so shared references
 * and cycles survive), each tagged: plain object, array, Map, Set, typed array (bytes in
 * base64, so NaN payloads and -0 survive), an instance of a registered class (by its registered
 * name: stable across bundles that rename classes), a class with its own codec (`custom`, e.g. a
 * random stream whose state hides in a closure), or a function. Numbers that JSON cannot carry
 * (NaN, ±Infinity, -0) and `undefined` are tagged values.
 *
 * Functions cannot be serialised. Decoding therefore works *onto a fresh graph*: the caller
 * builds the same object graph again (same spec, same seed: every closure made at construction
 * exists again, bound to the fresh objects), and the decoder walks the snapshot and the fresh
 * graph side by side, reusing each fresh object where the snapshot has an object of the same
 * kind at the same place and overwriting its fields in place. A function in the snapshot is the
 * fresh graph's function at the same place (its source cannot be compared: bundles differ); a function with
 * no counterpart (a closure made during the run, say a callback in the event queue) is an error
 * naming its path. Fields a class declares `transient` keep the fresh graph's value and are not
 * saved (listeners of a live view); fields declared `unmatched` are never paired with the fresh
 * graph (the event queue's slots, whose fresh contents are unrelated).
 *
 * Speed of the restored run: V8 gives an object a hidden class (map) from how it was made, and
 * optimised code is specialised to the maps it has seen. An instance made by `Object.create`
 * and filled by keyed stores has another map than one made by its constructor, and past twelve
 * fields it turns into a slow dictionary-mode object: a restored run whose pooled request
 * records were made that way simulated black-friday at half the fresh run's speed (bench
 * `snapshot-restore`). So objects without a fresh counterpart are made the way the run makes
 * them: a class instance by its registered `create` factory, or by calling its constructor
 * when it takes no arguments (field initialisers only), and only otherwise by `Object.create`;
 * the objects that constructor made (a record's arrays) are paired like fresh ones, and the
 * saved fields are assigned over the constructed ones in their order (a field the saved object
 * lacks is deleted, which would make the object slow again: keep fields in constructors).
 * Other arrays start from a copy of an array without an allocation site (see `EMPTY_ARRAY`),
 * and a frozen fresh object that holds exactly the saved values is reused (`sameFrozen`).
 */
import { AssertionError } from "./assert";
import { base64FromBytes, bytesFromBase64 } from "./snapshot-base64";

/** How a registered class takes part in a snapshot. */
export interface SnapshotClassOptions<T> {
  /** Fields not saved; a restored object keeps the fresh graph's value (or lacks the field). */
  transient?: readonly string[];
  /** Fields whose values are never paired with the fresh graph's (their contents are unrelated). */
  unmatched?: readonly string[];
  /**
   * Makes an empty instance for a restored object with no fresh counterpart (the constructor's
   * map: see the file comment). Without it, a constructor that takes no arguments is called;
   * give one for a class whose constructor needs arguments and of which a run makes instances.
   */
  create?: () => T;
  /** A codec of its own, for state the walker cannot see (kept in closures). */
  custom?: {
    /** Plain data (JSON-able, no references) that restores the object's state. */
    save(object: T): unknown;
    /** Puts `data` into `object` (a fresh object of the class, or one made by `Object.create`). */
    load(object: T, data: unknown): void;
  };
}

interface ClassEntry {
  name: string;
  prototype: object;
  transient: ReadonlySet<string>;
  unmatched: ReadonlySet<string>;
  create: () => object;
  custom: SnapshotClassOptions<object>["custom"] | undefined;
}

const byName = new Map<string, ClassEntry>();
const byPrototype = new Map<object, ClassEntry>();

/**
 * Registers a class under a stable `name` (minifiers rename classes, so `constructor.name`
 * cannot be trusted across bundles).
 * @throws AssertionError if the name or the class is already registered differently.
 */
export function registerSnapshotClass<T extends object>(
  name: string,
  constructor: { prototype: T },
  options: SnapshotClassOptions<T> = {},
): void {
  const prototype = constructor.prototype as object;
  const make = constructor as unknown as { new(): object; length: number };
  const create = options.create ?? (make.length === 0 ? () => new make() : () => Object.create(prototype) as object);
  const known = byName.get(name);
  if (known !== undefined) {
    if (known.prototype === prototype) return;
    throw new AssertionError(`snapshot: class name "${name}" registered twice`);
  }
  const entry: ClassEntry = {
    name, prototype,
    transient: new Set(options.transient ?? []), unmatched: new Set(options.unmatched ?? []), create,
    custom: options.custom as ClassEntry["custom"],
  };
  byName.set(name, entry);
  byPrototype.set(prototype, entry);
}

/** A value inside an entry: a JSON primitive, a reference `{r}` or a tagged special `{t}`. */
export type EncodedValue = string | number | boolean | null | { r: number } | { t: "NaN" | "Infinity" | "-Infinity" | "-0" | "undefined" };

/** One object of the graph. */
export type EncodedEntry =
  | ["object", Record<string, EncodedValue>]
  | ["class", string, Record<string, EncodedValue>]
  | ["custom", string, unknown]
  | ["array", EncodedValue[]]
  | ["map", Array<[EncodedValue, EncodedValue]>]
  | ["set", EncodedValue[]]
  | ["typed", string, string]
  | ["function", string, string];

/** An encoded graph: entry 0 is the root. */
export interface EncodedGraph {
  entries: EncodedEntry[];
  /** Entries that were frozen (restored frozen; never paired with a fresh object). */
  frozen: number[];
}

const TYPED_ARRAYS: Record<string, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray,
};

function typedName(value: ArrayBufferView): string | null {
  for (const name in TYPED_ARRAYS) if (value instanceof TYPED_ARRAYS[name]!) return name;
  return null;
}

/**
 * Encodes the graph reachable from `root`.
 * @throws AssertionError naming the path of anything it cannot encode (an unregistered class,
 *   a symbol, a bigint, a DataView).
 */
export function encodeGraph(root: object): EncodedGraph {
  const ids = new Map<unknown, number>();
  const entries: EncodedEntry[] = [];
  const paths: string[] = [];
  const pending: number[] = [];
  const objects: unknown[] = [];
  // Values of `unmatched` fields are encoded after everything else, so an object reachable both
  // from them and from elsewhere is first met elsewhere; a function first met in the second
  // phase exists only there (a closure in the event queue) and cannot be restored.
  const deferred: Array<{ out: Record<string, EncodedValue>; key: string; value: unknown; path: string }> = [];
  let secondPhase = false;

  const ref = (value: object, path: string): EncodedValue => {
    let id = ids.get(value);
    if (id === undefined) {
      if (secondPhase && typeof value === "function") throw closureError(path, value);
      id = objects.length;
      ids.set(value, id);
      objects.push(value);
      paths.push(path);
      pending.push(id);
    }
    return { r: id };
  };
  const value = (v: unknown, path: string): EncodedValue => {
    switch (typeof v) {
      case "number":
        if (Number.isNaN(v)) return { t: "NaN" };
        if (v === Infinity) return { t: "Infinity" };
        if (v === -Infinity) return { t: "-Infinity" };
        if (v === 0 && 1 / v < 0) return { t: "-0" };
        return v;
      case "string": case "boolean": return v;
      case "undefined": return { t: "undefined" };
      case "object": return v === null ? null : ref(v, path);
      case "function": return ref(v, path);
      default: throw new AssertionError(`snapshot: cannot save a ${typeof v} at ${path}`);
    }
  };
  const defer = (out: Record<string, EncodedValue>, key: string, v: unknown, path: string): void => {
    deferred.push({ out, key, value: v, path });
  };

  ref(root, "root");
  let next = 0;
  const drain = (): void => {
    for (; next < pending.length; next++) {
      const id = pending[next]!;
      entries[id] = encodeEntry(objects[id]!, paths[id]!, value, defer);
    }
  };
  drain();
  secondPhase = true;
  for (let i = 0; i < deferred.length; i++) {
    const { out, key, value: v, path } = deferred[i]!;
    out[key] = value(v, path);
    drain();
  }
  const frozen: number[] = [];
  objects.forEach((object, id) => {
    if (typeof object === "object" && !ArrayBuffer.isView(object) && Object.isFrozen(object)) frozen.push(id);
  });
  return { entries, frozen };
}

function closureError(path: string, fn: object): AssertionError {
  const source = Function.prototype.toString.call(fn).slice(0, 80).replace(/\s+/g, " ");
  return new AssertionError(
    `snapshot: cannot save the function at ${path} (${source}): a closure made during the run has no counterpart in a ` +
    "freshly built run (schedule a method with Simulation.callMethodAt, or keep the function in a field set at construction)",
  );
}

function encodeEntry(
  object: unknown,
  path: string,
  value: (v: unknown, path: string) => EncodedValue,
  defer: (out: Record<string, EncodedValue>, key: string, v: unknown, path: string) => void,
): EncodedEntry {
  if (typeof object === "function") {
    const source = Function.prototype.toString.call(object);
    return ["function", path, source.slice(0, 80).replace(/\s+/g, " ")];
  }
  if (Array.isArray(object)) {
    const out: EncodedValue[] = new Array(object.length);
    for (let i = 0; i < object.length; i++) out[i] = value(object[i], `${path}[${i}]`);
    return ["array", out];
  }
  if (ArrayBuffer.isView(object)) {
    const name = typedName(object);
    if (name === null) throw new AssertionError(`snapshot: cannot save a ${object.constructor.name} at ${path}`);
    return ["typed", name, base64FromBytes(new Uint8Array(object.buffer, object.byteOffset, object.byteLength))];
  }
  if (object instanceof Map) {
    const out: Array<[EncodedValue, EncodedValue]> = [];
    let i = 0;
    for (const [k, v] of object) { out.push([value(k, `${path}.key(${i})`), value(v, `${path}.get(${String(k)})`)]); i++; }
    return ["map", out];
  }
  if (object instanceof Set) {
    const out: EncodedValue[] = [];
    let i = 0;
    for (const v of object) out.push(value(v, `${path}.item(${i++})`));
    return ["set", out];
  }
  const prototype = Object.getPrototypeOf(object) as object | null;
  const fields = (entry: ClassEntry | null): Record<string, EncodedValue> => {
    const out: Record<string, EncodedValue> = {};
    for (const key of Object.keys(object as object)) {
      if (entry !== null && entry.transient.has(key)) continue;
      const v = (object as Record<string, unknown>)[key];
      if (entry !== null && entry.unmatched.has(key)) {
        out[key] = null; // keeps the key order; filled in the second phase
        defer(out, key, v, `${path}.${key}`);
      }
      else out[key] = value(v, `${path}.${key}`);
    }
    return out;
  };
  if (prototype === Object.prototype || prototype === null) return ["object", fields(null)];
  const entry = byPrototype.get(prototype);
  if (entry === undefined) {
    const name = (object as { constructor?: { name?: string } }).constructor?.name ?? "?";
    throw new AssertionError(`snapshot: class ${name} at ${path} is not registered (add it to engine/model/snapshot-classes.ts)`);
  }
  if (entry.custom !== undefined) return ["custom", entry.name, entry.custom.save(object as object)];
  return ["class", entry.name, fields(entry)];
}

/**
 * Decodes `graph` onto `fresh`, the same graph built again (see the file comment): reuses its
 * objects in place where kinds agree, takes its functions, creates the rest.
 * @returns the decoded root (`fresh` itself when the roots agree).
 * @throws AssertionError naming the path of a function without a counterpart, or of an
 *   unknown class.
 */
export function decodeGraph(graph: EncodedGraph, fresh: unknown): unknown {
  const entries = graph.entries;
  const objects: unknown[] = new Array(entries.length);
  const used = new Set<unknown>();
  const frozen = new Set(graph.frozen);
  // 1. Pair snapshot entries with fresh objects, breadth first from the roots.
  const pairFrom = (rootId: number, root: unknown): void => {
    const queue: Array<[number, unknown]> = [[rootId, root]];
    for (let next = 0; next < queue.length; next++) {
      const [id, candidate] = queue[next]!;
      if (objects[id] !== undefined || !pairs(entries[id]!, candidate) || used.has(candidate)) continue;
      if (frozen.has(id) && !sameFrozen(entries[id]!, candidate)) continue;
      objects[id] = candidate;
      used.add(candidate);
      forEachChild(entries[id]!, candidate, (childId, childFresh) => queue.push([childId, childFresh]));
    }
  };
  pairFrom(0, fresh);
  // 2. Create what has no fresh counterpart. A class instance made by its constructor comes
  // with the objects its constructor made (a record's arrays): they are paired like fresh ones,
  // so they too are what the run would have made.
  for (let id = 0; id < entries.length; id++) {
    if (objects[id] !== undefined) continue;
    const entry = entries[id]!;
    const made = create(entry);
    if (entry[0] === "class" && !frozen.has(id)) pairFrom(id, made);
    else objects[id] = made;
  }
  // 3. Fill every object's fields.
  const value = (v: EncodedValue): unknown => (v !== null && typeof v === "object" && "r" in v ? objects[v.r] : primitive(v));
  for (let id = 0; id < entries.length; id++) if (!Object.isFrozen(objects[id])) fill(entries[id]!, objects[id], value);
  for (const id of frozen) Object.freeze(objects[id]);
  return objects[0];
}

/**
 * Whether a frozen fresh object already holds exactly what a frozen entry saved: the same keys
 * in the same order, every value a primitive and the same. Such an object is reused (the run's
 * own, with its map: a histogram's frozen layout is read on every sample); any other frozen
 * entry is made anew.
 */
function sameFrozen(entry: EncodedEntry, candidate: unknown): boolean {
  if (!Object.isFrozen(candidate)) return false;
  let fields: Record<string, EncodedValue> | EncodedValue[];
  switch (entry[0]) {
    case "object": fields = entry[1]; break;
    case "class": fields = entry[2]; break;
    case "array": fields = entry[1]; break;
    default: return false;
  }
  const keys = Object.keys(fields);
  const target = candidate as Record<string, unknown>;
  const have = Object.keys(target);
  if (have.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (have[i] !== key) return false;
    const saved = (fields as Record<string, EncodedValue>)[key]!;
    if (saved !== null && typeof saved === "object" && "r" in saved) return false;
    if (!Object.is(target[key], primitive(saved))) return false;
  }
  return true;
}

/** The value of an encoded primitive (not a reference). */
function primitive(v: EncodedValue): unknown {
  if (v === null || typeof v !== "object") return v;
  switch ((v as { t: string }).t) {
    case "NaN": return NaN;
    case "Infinity": return Infinity;
    case "-Infinity": return -Infinity;
    case "-0": return -0;
    default: return undefined;
  }
}

/** Whether the fresh `candidate` can stand for `entry` (same kind, same class). */
function pairs(entry: EncodedEntry, candidate: unknown): boolean {
  if (candidate === null || (typeof candidate !== "object" && typeof candidate !== "function")) return false;
  switch (entry[0]) {
    // Paired by place alone: a function's source differs between bundles (a snapshot taken in
    // Node restores in the browser's minified worker), so it cannot be compared.
    case "function":
      return typeof candidate === "function";
    case "object": {
      const prototype = Object.getPrototypeOf(candidate) as unknown;
      return prototype === Object.prototype || prototype === null;
    }
    case "class": case "custom":
      return Object.getPrototypeOf(candidate) === byName.get(entry[1])?.prototype;
    case "array": return Array.isArray(candidate);
    case "map": return candidate instanceof Map;
    case "set": return candidate instanceof Set;
    case "typed": return false; // typed arrays are leaves: always made from the saved bytes
  }
}

function forEachChild(entry: EncodedEntry, fresh: unknown, visit: (id: number, fresh: unknown) => void): void {
  const each = (v: EncodedValue | undefined, f: unknown): void => {
    if (v !== null && typeof v === "object" && "r" in v) visit(v.r, f);
  };
  switch (entry[0]) {
    case "object": case "class": {
      const skip = entry[0] === "class" ? byName.get(entry[1])!.unmatched : null;
      const fields = entry[0] === "object" ? entry[1] : entry[2];
      for (const key of Object.keys(fields)) if (skip === null || !skip.has(key)) each(fields[key], (fresh as Record<string, unknown>)[key]);
      return;
    }
    case "array": entry[1].forEach((v, i) => each(v, (fresh as unknown[])[i])); return;
    case "map":
      for (const [k, v] of entry[1]) if (k === null || typeof k !== "object") each(v, (fresh as Map<unknown, unknown>).get(k));
      return;
    default: return;
  }
}

/**
 * An empty array with no allocation site: every array made at one `[]` in the source shares
 * that literal's allocation site, which remembers the most general elements kind any of them
 * reached (one array of objects, and every later array from the site starts as an array of
 * objects). A copy of this array (never changed) starts packed with small integers, as the
 * run's own `[]` do.
 */
const EMPTY_ARRAY: readonly unknown[] = JSON.parse("[]") as unknown[];

function create(entry: EncodedEntry): unknown {
  switch (entry[0]) {
    case "object": return {};
    case "array": return EMPTY_ARRAY.slice();
    case "map": return new Map();
    case "set": return new Set();
    case "typed": {
      const bytes = bytesFromBase64(entry[2]);
      const Constructor = TYPED_ARRAYS[entry[1]];
      if (Constructor === undefined) throw new AssertionError(`snapshot: unknown typed array ${entry[1]}`);
      return new Constructor(bytes.buffer as ArrayBuffer);
    }
    case "class": case "custom": {
      const known = byName.get(entry[1]);
      if (known === undefined) throw new AssertionError(`snapshot: class "${entry[1]}" is not registered`);
      return known.create();
    }
    case "function":
      throw new AssertionError(
        `snapshot: cannot restore the function at ${entry[1]} (${entry[2]}): it has no counterpart in a freshly built run ` +
        "(a closure made during the run; schedule a method with Simulation.callMethodAt, or keep the function in a field set at construction)",
      );
  }
}

function fill(entry: EncodedEntry, object: unknown, value: (v: EncodedValue) => unknown): void {
  switch (entry[0]) {
    case "object": case "class": {
      const target = object as Record<string, unknown>;
      const fields = entry[0] === "object" ? entry[1] : entry[2];
      const transient = entry[0] === "class" ? byName.get(entry[1])!.transient : null;
      for (const key of Object.keys(target)) if (!(key in fields) && (transient === null || !transient.has(key))) delete target[key];
      for (const key of Object.keys(fields)) target[key] = value(fields[key]!);
      return;
    }
    case "custom": byName.get(entry[1])!.custom!.load(object as object, entry[2]); return;
    case "array": {
      // Filled by push: setting the length first would make a holey array, slower in V8.
      const target = object as unknown[];
      target.length = 0;
      for (let i = 0; i < entry[1].length; i++) target.push(value(entry[1][i]!));
      return;
    }
    case "map": {
      const target = object as Map<unknown, unknown>;
      target.clear();
      for (const [k, v] of entry[1]) target.set(value(k), value(v));
      return;
    }
    case "set": {
      const target = object as Set<unknown>;
      target.clear();
      for (const v of entry[1]) target.add(value(v));
      return;
    }
    default: return;
  }
}
