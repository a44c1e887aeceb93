/**
 * Scenario text to data, remembering where every value came from.
 *
 * Scenario files are YAML or JSON (JSON is YAML too, so one parser reads both). The `yaml`
 * package parses with the YAML 1.2 core schema, so `no`, `on` and `yes` stay strings and only
 * `true`/`false` are booleans; `<<` merge keys are allowed for sharing blocks. Syntax errors,
 * duplicate keys, unknown anchors, cyclic aliases and non-scalar keys all become problems
 * with a line and column, reported together.
 *
 * Parsing keeps the YAML document so {@link ParsedScenarioText.lineOf} can map a path like
 * `["services", "web", "replicas"]` to its line; {@link attachLines} uses it to give
 * validation problems a line, falling back to the nearest ancestor that exists in the file
 * (a missing `replicas` is reported on the line of `web:`).
 *
 * This is the only module that imports `yaml`; overrides parse their values with
 * {@link parseYamlValue}.
 */

import type { Document, LineCounter as LineCounterType, Node as YamlNode, Pair } from "yaml";
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from "yaml";
import type { PathSegment, Problem } from "./problems";
import { formatPath, parsePath } from "./problems";

/** Options shared by every parse: YAML 1.2 core schema, merge keys, our own duplicate check. */
const YAML_OPTIONS = {
  schema: "core",
  version: "1.2",
  merge: true,
  // Duplicates are found by findStructureProblems, which knows the path and the first line.
  uniqueKeys: false,
  prettyErrors: false,
} as const;

/** How many alias expansions a document may use before it is rejected (a "billion laughs" guard). */
const ALIAS_COUNT_MAX = 10_000;

/** A successfully parsed scenario text. */
export interface ParsedScenarioText {
  ok: true;
  /** The document as plain JavaScript data (objects, arrays, strings, numbers, booleans, null). */
  data: unknown;
  /**
   * The 1-based line where the value at `path` is written (for an object key, the key's line),
   * or `undefined` when the path does not exist in the text. Paths through merge keys and
   * aliases lead to the line where the value is actually written.
   */
  lineOf(path: readonly PathSegment[]): number | undefined;
}

/** The result of {@link parseScenarioText}. */
export type ScenarioTextResult = ParsedScenarioText | { ok: false; problems: Problem[] };

/**
 * Parses YAML or JSON scenario text. On success returns the data and a `lineOf` lookup; on
 * failure every syntax and structure problem, each with `line` and `column`. `fileName` only
 * appears in messages. Never throws.
 */
export function parseScenarioText(rawText: string, options: { fileName?: string } = {}): ScenarioTextResult {
  // Old Mac line ends (CR alone) are line ends too; YAML reads them as spaces, one long line.
  const text = rawText.includes("\r") ? rawText.replace(/\r(?!\n)/g, "\n") : rawText;
  const tooDeep = flowNestingProblem(text);
  if (tooDeep !== null) return { ok: false, problems: [tooDeep] };
  try {
    return parseChecked(text, options);
  } catch (error) {
    // Deep block nesting (indentation) can still overflow the recursive walks: say so.
    if (error instanceof RangeError) return { ok: false, problems: [{ path: "", message: `nested too deeply (a scenario needs at most ${NESTING_MAX} levels)` }] };
    throw error;
  }
}

function parseChecked(text: string, options: { fileName?: string }): ScenarioTextResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((error) => ({
    path: "",
    message: /call stack/i.test(error.message) ? `nested too deeply (a scenario needs at most ${NESTING_MAX} levels)` : shortened(error.message),
    ...positionOf(lineCounter, error.pos[0]),
  }));
  if (problems.length > 0) return { ok: false, problems };
  if (doc.contents === null) {
    const subject = options.fileName === undefined ? "the scenario" : JSON.stringify(options.fileName);
    return { ok: false, problems: [{ path: "", message: `${subject} is empty; expected YAML or JSON content` }] };
  }
  findStructureProblems(doc, doc.contents, [], { lineCounter, problems, ancestors: [] });
  if (problems.length > 0) return { ok: false, problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: ALIAS_COUNT_MAX });
  } catch {
    // toJS throws only for alias abuse once the structure checks passed; report it, do not crash.
    const alias = firstAliasOffset(doc);
    return { ok: false, problems: [{ path: "", message: `aliases (*name) expand to more than ${ALIAS_COUNT_MAX.toLocaleString("en-US")} values; write the values out, or use fewer aliases`, ...(alias === null ? {} : positionOf(lineCounter, alias)) }] };
  }
  return {
    ok: true,
    data,
    lineOf: (path) => {
      const node = findNode(doc, path);
      return node?.range === undefined || node.range === null ? undefined : lineCounter.linePos(node.range[0]).line;
    },
  };
}

/** Deepest nesting of flow collections (`[` and `{`) a scenario may use. */
const NESTING_MAX = 64;

/**
 * A problem when flow brackets nest deeper than {@link NESTING_MAX} (the YAML parser would
 * overflow the stack), with the line; null otherwise. Brackets in quotes and comments are
 * counted too: erring on the safe side costs nothing for a real scenario.
 */
function flowNestingProblem(text: string): Problem | null {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 91 || c === 123) {
      if (++depth > NESTING_MAX) return { path: "", message: `nested too deeply: more than ${NESTING_MAX} levels of [ and {`, line };
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return null;
}

/** A parser message cut to a readable length (it may quote a long line of the file). */
function shortened(message: string): string {
  return message.length <= 200 ? message : `${message.slice(0, 200)}…`;
}

/** Character offset of the first alias in the document, or null. */
function firstAliasOffset(doc: Document): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** `{ line, column }` (1-based) of a character offset. */
function positionOf(lineCounter: LineCounterType, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** State of the structure walk. */
interface WalkState {
  lineCounter: LineCounterType;
  problems: Problem[];
  /** Collections enclosing the current node, to detect an alias that points at one of them. */
  ancestors: YamlNode[];
}

/**
 * Finds what the YAML parser accepts but a scenario must not have: duplicate keys, keys that
 * are lists or objects, aliases to unknown anchors, and aliases that make the data cyclic.
 */
function findStructureProblems(doc: Document, node: unknown, path: PathSegment[], state: WalkState): void {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    const at = { path: formatPath(path), ...positionOf(state.lineCounter, node.range?.[0] ?? 0) };
    if (target === undefined) {
      const anchor = node.source;
      state.problems.push({ ...at, message: `unknown anchor "${anchor}" (define it with &${anchor} before *${anchor})` });
    } else if (state.ancestors.includes(target)) {
      state.problems.push({ ...at, message: `alias *${node.source} is inside the value it refers to (a cycle)` });
    }
    return;
  }
  if (!isMap(node) && !isSeq(node)) return;
  state.ancestors.push(node);
  if (isSeq(node)) {
    node.items.forEach((item, index) => findStructureProblems(doc, item, [...path, index], state));
  } else {
    const firstLines = new Map<string, number>();
    for (const pair of node.items) findPairProblems(doc, pair, path, firstLines, state);
  }
  state.ancestors.pop();
}

/** The checks of {@link findStructureProblems} for one key: value pair of a mapping. */
function findPairProblems(
  doc: Document,
  pair: Pair,
  path: PathSegment[],
  firstLines: Map<string, number>,
  state: WalkState,
): void {
  const key = pair.key;
  if (!isScalar(key)) {
    const offset = isMap(key) || isSeq(key) ? (key.range?.[0] ?? 0) : 0;
    const message = "keys must be plain names, not lists or objects";
    state.problems.push({ path: formatPath(path), message, ...positionOf(state.lineCounter, offset) });
    return;
  }
  const value = pair.value;
  if (typeof key.value === "symbol") {
    // A `<<` merge key: its value is checked like any other, but it may repeat.
    findStructureProblems(doc, value, path, state);
    return;
  }
  const name = String(key.value);
  const position = positionOf(state.lineCounter, key.range?.[0] ?? 0);
  const firstLine = firstLines.get(name);
  if (firstLine !== undefined) {
    const message = `duplicate key ${JSON.stringify(name)} (first defined on line ${firstLine})`;
    state.problems.push({ path: formatPath([...path, name]), message, ...position });
  } else {
    firstLines.set(name, position.line);
  }
  findStructureProblems(doc, value, [...path, name], state);
}

/** Resolves an alias to the node it refers to; other nodes pass through. */
function resolved(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * The node written for `path`: for an object key, the key itself (its line is where a reader
 * looks); for a list item, the item. `undefined` when the path is not in the document.
 */
function findNode(doc: Document, path: readonly PathSegment[]): { range?: readonly number[] | null } | undefined {
  let node: unknown = doc.contents;
  let located = node as { range?: readonly number[] | null } | undefined;
  for (const segment of path) {
    node = resolved(doc, node);
    if (isMap(node)) {
      const pair = findPair(doc, node.items, String(segment), 0);
      if (pair === undefined) return undefined;
      located = (isScalar(pair.key) ? pair.key : pair.value) as typeof located;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      node = node.items[index];
      if (node === undefined || node === null) return undefined;
      located = node as typeof located;
    } else {
      return undefined;
    }
  }
  return located;
}

/** How deep merge keys may nest when searching for a key (merges of merges of ...). */
const MERGE_DEPTH_MAX = 32;

/**
 * The pair that supplies `key` in a mapping: its own last pair with that key (the one the
 * data keeps), else the first merged-in mapping that has it, as YAML's `<<` defines.
 */
function findPair(doc: Document, pairs: readonly Pair[], key: string, depth: number): Pair | undefined {
  for (let i = pairs.length - 1; i >= 0; i--) {
    const pairKey = pairs[i].key;
    if (isScalar(pairKey) && typeof pairKey.value !== "symbol" && String(pairKey.value) === key) return pairs[i];
  }
  if (depth >= MERGE_DEPTH_MAX) return undefined;
  for (const pair of pairs) {
    if (!isScalar(pair.key) || typeof pair.key.value !== "symbol") continue;
    const source = resolved(doc, pair.value);
    const sources = isSeq(source) ? source.items.map((item) => resolved(doc, item)) : [source];
    for (const map of sources) {
      const found = isMap(map) ? findPair(doc, map.items, key, depth + 1) : undefined;
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Returns copies of `problems` with `line` filled in from `lineOf` where it was missing. A
 * path that is not in the file (a required key left out) gets the line of its nearest
 * ancestor that is. Problems whose path cannot be read are returned unchanged.
 */
export function attachLines(
  problems: readonly Problem[],
  lineOf: (path: readonly PathSegment[]) => number | undefined,
): Problem[] {
  return problems.map((problem) => {
    if (problem.line !== undefined) return { ...problem };
    const parsed = problem.path === "" ? { ok: true as const, segments: [] } : parsePath(problem.path);
    if (!parsed.ok) return { ...problem };
    for (let length = parsed.segments.length; length >= 0; length--) {
      const line = lineOf(parsed.segments.slice(0, length));
      if (line !== undefined) return { ...problem, line };
    }
    return { ...problem };
  });
}

/** The result of {@link parseYamlValue}. */
export type YamlValueResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses a one-line value as YAML, for `--set path=value`: `24`, `250ms`, `true`, `[a, b]`,
 * `{x: 1}`, `'quoted text'`. Block collections are refused (`x: y` is almost always a string
 * with a colon, not an intended mapping), as are multiple documents. Never throws.
 */
export function parseYamlValue(text: string): YamlValueResult {
  const fail = (reason: string): YamlValueResult => ({
    ok: false,
    message: `cannot read ${JSON.stringify(text)} as a value: ${reason}`,
  });
  const doc = parseDocument(text, YAML_OPTIONS);
  const error = doc.errors[0] ?? doc.warnings[0];
  if (error !== undefined) return fail(error.message);
  const contents = doc.contents;
  if ((isMap(contents) || isSeq(contents)) && !contents.flow) {
    const kind = isMap(contents) ? "mapping" : "list";
    const fix = `quote it for text ('${text}') or use flow style ({a: 1}, [a, b])`;
    return { ok: false, message: `${JSON.stringify(text)} reads as a YAML block ${kind}; ${fix}` };
  }
  const state: WalkState = { lineCounter: new LineCounter(), problems: [], ancestors: [] };
  if (contents !== null) findStructureProblems(doc, contents, [], state);
  if (state.problems.length > 0) return fail(state.problems[0].message);
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: ALIAS_COUNT_MAX }) };
  } catch (thrown) {
    return fail(thrown instanceof Error ? thrown.message : String(thrown));
  }
}
