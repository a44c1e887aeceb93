/**
 * Problems: what the scenario layer reports instead of throwing.
 *
 * A scenario is written by a person, so every mistake in it is expected input, not a bug. Each
 * stage (YAML parsing, `--set` overrides, schema validation) collects all the problems it finds
 * as plain `{ path, message, line? }` records and hands them back together, so the user fixes
 * everything in one round. `path` is the field's address in the form users write it
 * (`topology.groups[1].cores`, `services["checkout-api"].replicas`); {@link formatPath} and
 * {@link parsePath} convert between that text and an array of segments. Messages say what was
 * expected, what was found and, when a near miss exists, the likely fix ({@link didYouMean}).
 */

import { assert } from "../core/assert";

/** One step of a path: an object key (string) or a list index (number). */
export type PathSegment = string | number;

/**
 * One thing wrong with a scenario. Plain data, so it crosses the worker boundary unchanged.
 *
 * `path` is the {@link formatPath} form of the field's segments; `""` means the whole document
 * (for example a YAML syntax error). `line` and `column` are 1-based positions in the source
 * text, present when the problem could be located.
 */
export interface Problem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** A key written without quotes in a path: a JavaScript identifier. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats path segments the way a user reads them: `["topology", "groups", 1, "cores"]` ->
 * `topology.groups[1].cores`. Keys that are not identifiers are quoted with JSON escapes
 * (`services["checkout-api"]`, `a["x y"]`), so the text never becomes ambiguous and
 * {@link parsePath} reads it back exactly. The empty path formats as `""`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** The result of {@link parsePath}: segments, or a message saying what is wrong. */
export type PathParseResult =
  | { ok: true; segments: PathSegment[] }
  | { ok: false; message: string };

/**
 * Reads a path written by a user or produced by {@link formatPath}. Accepted forms:
 * `a.b.c`, `a[2]`, `a.2` (the string `"2"`; an override resolves it against a list),
 * `a["x y"]` (JSON string inside brackets), and dotted keys with dashes (`services.checkout-api`).
 * Never throws.
 */
export function parsePath(text: string): PathParseResult {
  const segments: PathSegment[] = [];
  let index = 0;
  const fail = (what: string): PathParseResult => ({
    ok: false,
    message: `${what} at character ${index + 1} of path "${text}"`,
  });
  if (text.trim() === "") return { ok: false, message: "empty path" };
  while (index < text.length) {
    const char = text[index];
    if (char === "[") {
      const read = readBracket(text, index);
      if (!read.ok) return fail(read.message);
      segments.push(read.segment);
      index = read.end;
    } else {
      if (segments.length > 0) {
        if (char !== ".") return fail(`expected "." or "["`);
        index += 1;
      }
      const match = /^[^.[\]"=\s]+/.exec(text.slice(index));
      if (match === null) return fail("expected a key");
      segments.push(match[0]);
      index += match[0].length;
    }
  }
  return { ok: true, segments };
}

/** Reads `[12]` or `["key"]` starting at `start` (the `[`). Helper of {@link parsePath}. */
function readBracket(
  text: string,
  start: number,
): { ok: true; segment: PathSegment; end: number } | { ok: false; message: string } {
  const rest = text.slice(start);
  const indexMatch = /^\[(\d+)\]/.exec(rest);
  if (indexMatch !== null) {
    return { ok: true, segment: Number(indexMatch[1]), end: start + indexMatch[0].length };
  }
  // A JSON string: quote, then escaped characters or anything but quote/backslash, then quote.
  const keyMatch = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
  if (keyMatch === null) return { ok: false, message: `expected [index] or ["key"]` };
  try {
    const key = JSON.parse(`"${keyMatch[1]}"`) as string;
    return { ok: true, segment: key, end: start + keyMatch[0].length };
  } catch {
    return { ok: false, message: "invalid escape in quoted key" };
  }
}

/**
 * Describes a parsed YAML/JSON value for a message's "got ..." part: strings quoted
 * (`"abc"`, long ones shortened with `…`), numbers and booleans as written, `null`, a list,
 * an object. YAML's `.inf` and `.nan` read back in YAML spelling since only YAML produces them.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  switch (typeof value) {
    case "string": {
      const shortened = value.length > 60 ? `${value.slice(0, 57)}…` : value;
      return JSON.stringify(shortened);
    }
    case "number":
      if (Number.isNaN(value)) return ".nan";
      if (value === Infinity) return ".inf";
      if (value === -Infinity) return "-.inf";
      return String(value);
    case "boolean":
      return String(value);
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Quotes and lists values for a message: `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
 * `conjunction` replaces the final "or" (e.g. "and").
 */
export function listValues(values: readonly unknown[], conjunction = "or"): string {
  const quoted = values.map((value) => JSON.stringify(value));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/**
 * Edit distance between two strings counting insertions, deletions, substitutions and swaps
 * of two adjacent characters, each as 1 (the "optimal string alignment" form of
 * Damerau–Levenshtein: a substring is edited at most once, which is all a typo needs).
 * Compares UTF-16 code units.
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j] = distance between the first i characters of a and the first j of b.
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    rows.push(row);
  }
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      }
      rows[i][j] = best;
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate `word` was most likely meant to be, or `undefined` when none is close.
 *
 * Distances ignore case (`Replicas` -> `replicas` is distance 0). A candidate qualifies when
 * its {@link editDistance} to `word` is at most `max(1, floor(word.length / 3))`: one typo in a
 * short word, about one per three characters in a long one. Ties go to the smaller distance
 * with case kept, then to the candidate that sorts first by code unit, so the answer never
 * depends on the order of `candidates`.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number; exactDistance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > limit) continue;
    const exactDistance = editDistance(word, candidate);
    const better =
      best === undefined ||
      distance < best.distance ||
      (distance === best.distance &&
        (exactDistance < best.exactDistance ||
          (exactDistance === best.exactDistance && candidate < best.candidate)));
    if (better) best = { candidate, distance, exactDistance };
  }
  return best?.candidate;
}

/**
 * `" (did you mean "x"?)"` when {@link didYouMean} finds a candidate, else `""`; ready to
 * append to a message.
 */
export function suggestionSuffix(word: string, candidates: Iterable<string>): string {
  const suggestion = didYouMean(word, candidates);
  return suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`;
}

/**
 * Formats one problem as a line of compiler-style output:
 * `scenarios/shop.yaml:42: services.web.replicas: must be an integer ≥ 1, got 0`. The file
 * name, line, column and path each appear only when known.
 */
export function formatProblem(problem: Problem, options: { fileName?: string } = {}): string {
  let location = options.fileName ?? "";
  if (problem.line !== undefined) {
    location += location === "" ? `line ${problem.line}` : `:${problem.line}`;
    if (problem.column !== undefined) location += `:${problem.column}`;
  }
  const parts = [location, problem.path, problem.message].filter((part) => part !== "");
  return parts.join(": ");
}

/**
 * Thrown by callers that want an exception once a scenario has been judged invalid (the
 * scenario layer itself returns problems instead). `problems` holds every problem; the message
 * lists them one per line in {@link formatProblem} form.
 * @throws AssertionError when `problems` is empty (a caller bug).
 */
export class ScenarioError extends Error {
  /** Every problem found, in the order reported. Never empty. */
  readonly problems: readonly Problem[];
  /** The scenario's file name when known, used as the prefix of each message line. */
  readonly fileName: string | undefined;

  constructor(problems: readonly Problem[], options: { fileName?: string } = {}) {
    assert(problems.length > 0, "a ScenarioError needs at least one problem");
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const subject = options.fileName === undefined ? "scenario" : options.fileName;
    const lines = problems.map((problem) => `  ${formatProblem(problem, options)}`);
    super([`${subject} has ${count}:`, ...lines].join("\n"));
    this.name = "ScenarioError";
    this.problems = problems;
    this.fileName = options.fileName;
  }
}

/** Known names are listed in full up to this many; beyond it only a suggestion is given. */
const KNOWN_NAMES_LISTED_MAX = 12;

/**
 * The message for a reference to a name that does not exist, shared by every compile step:
 * `no group named "ap" (did you mean "app"?)`, or with no close match the known names
 * (`; known: "web", "app"`, when there are at most 12).
 */
export function unknownNameMessage(name: string, what: string, names: readonly string[]): string {
  const suggestion = didYouMean(name, names);
  if (suggestion) return `no ${what} named "${name}" (did you mean "${suggestion}"?)`;
  const known = names.length > 0 && names.length <= KNOWN_NAMES_LISTED_MAX ? `; known: ${names.map((n) => `"${n}"`).join(", ")}` : "";
  return `no ${what} named "${name}"${known}`;
}
