/**
 * The one problem sink of a scenario compile: every step (the core in compile.ts, then
 * compile-faults, compile-cache, compile-operations and compile-data) reports into the same
 * list, in the order the steps run, so a user sees every reference error at once.
 *
 * Besides the list it holds the two checks every step makes: a name that must resolve to an
 * index (`ref`, with a did-you-mean), and a name that must not be declared twice (`unique`).
 */
import { formatPath, unknownNameMessage, type PathSegment, type Problem } from "../input/problems";

/** Names to resolve against: a table being built by {@link CompileContext.unique}, or a list in index order. */
export type NameTable = ReadonlyMap<string, number> | readonly string[];

/** Problems found while compiling one scenario, and the helpers that report them. */
export class CompileContext {
  /** Every problem so far, in the order found. */
  readonly problems: Problem[] = [];
  /** Things the compile fixed or wants the user to know (a recording's NaN samples skipped): not errors. */
  readonly notes: Problem[] = [];

  /** Reports a problem at `path` (segments as in the scenario: `["services", 2, "groups", 0]`). */
  problem(path: readonly PathSegment[], message: string): void {
    this.problems.push({ path: formatPath(path), message });
  }

  /** Records a note at `path` (shown by `validate` and `run`; the scenario still compiles). */
  note(path: readonly PathSegment[], message: string): void {
    this.notes.push({ path: formatPath(path), message });
  }

  /**
   * The index of `name` in `names`, or -1 after reporting `no <what> named "x" (did you mean
   * ...)` at `path`. A list resolves to the first entry with that name.
   */
  ref(names: NameTable, name: string, what: string, path: readonly PathSegment[]): number {
    const index = isList(names) ? names.indexOf(name) : (names.get(name) ?? -1);
    if (index >= 0) return index;
    this.problem(path, unknownNameMessage(name, what, isList(names) ? names : [...names.keys()]));
    return -1;
  }

  /** Adds `name` to `table` with the next index, or reports `duplicate <what> name "x"` at `path`. */
  unique(table: Map<string, number>, name: string, what: string, path: readonly PathSegment[]): void {
    if (table.has(name)) this.problem(path, `duplicate ${what} name "${name}"`);
    else table.set(name, table.size);
  }
}

function isList(names: NameTable): names is readonly string[] {
  return Array.isArray(names);
}
