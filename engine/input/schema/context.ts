/**
 * The parse context: where in the document a schema node is looking, and where its problems go.
 *
 * Validation never stops at the first mistake. Every node reports what is wrong into one shared
 * list, at the path where it occurs, and carries on; the caller gets every problem at once. A
 * context is a path plus that list: `ctx.child(key)` goes one level down, `fork`/`adopt` let a
 * node try a parse on the side (how `s.oneOf` picks the best-matching alternative).
 */
import type { PathSegment, Problem } from "../problems";
import { formatPath } from "../problems";

/** A problem as recorded, with its path still in segments. */
interface RecordedProblem {
  path: readonly PathSegment[];
  message: string;
}

/**
 * Where a value sits in the document, and where its problems go. Nodes pass `ctx.child(key)`
 * to the nodes of their parts; every context made from one root shares the root's problem list.
 */
export class ParseContext {
  /** Segments from the document root to the value being parsed. */
  readonly path: readonly PathSegment[];
  readonly #sink: RecordedProblem[];

  private constructor(path: readonly PathSegment[], sink: RecordedProblem[]) {
    this.path = path;
    this.#sink = sink;
  }

  /** A context for the document root with an empty problem list. */
  static root(): ParseContext {
    return new ParseContext([], []);
  }

  /** The context of a part of this value (an object key or a list index). */
  child(segment: PathSegment): ParseContext {
    return new ParseContext([...this.path, segment], this.#sink);
  }

  /**
   * Records a problem with this value, or with a part of it when `at` is given (a key, an
   * index, or a path of them relative to this value): `ctx.addProblem("must be ≥ min", "max")`.
   */
  addProblem(message: string, at: PathSegment | readonly PathSegment[] = []): void {
    const relative = typeof at === "object" ? at : [at];
    this.#sink.push({ path: [...this.path, ...relative], message });
  }

  /** How many problems have been recorded so far (by every context sharing this list). */
  get problemCount(): number {
    return this.#sink.length;
  }

  /** The problems recorded so far, with formatted paths, in the order reported. */
  problems(): Problem[] {
    return this.#sink.map((problem) => ({ path: formatPath(problem.path), message: problem.message }));
  }

  /** A context at the same path with its own empty problem list, to try a parse on the side. */
  fork(): ParseContext {
    return new ParseContext(this.path, []);
  }

  /** Copies the problems of a forked context into this context's list. */
  adopt(fork: ParseContext): void {
    this.#sink.push(...fork.#sink);
  }
}
