/**
 * Argument parsing on Node's `util.parseArgs`, with the errors a person can act on.
 *
 * parseArgs runs in its lenient mode (so it never throws its own wordy messages) and returns
 * tokens; we then check every token against the command's option table and report the first
 * problem as one line: `clustersim run: unknown option --sed (did you mean --seed?) (see
 * clustersim run --help)`. The option table also generates the help text, so the two never
 * disagree.
 */
import { parseArgs } from "node:util";
import { didYouMean } from "../engine";
import { usageError } from "./exit-codes";

/** One option of a command. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** One-letter alias, e.g. "q" for -q. */
  short?: string;
  /** May be given several times (values collect in order). */
  multiple?: boolean;
  /** Placeholder in help, e.g. "N" in `--seed N`. */
  valueName?: string;
  /** One line for --help. */
  description: string;
}

/** A command's options by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** How many positional arguments a command takes, and how help names them. */
export interface PositionalSpec {
  min: number;
  max: number;
  /** e.g. "<scenario>" or "<files…>". */
  name: string;
}

/** Parsed arguments with typed getters. */
export class ParsedArgs {
  constructor(
    readonly command: string,
    private readonly values: Readonly<Record<string, string | boolean | string[]>>,
    readonly positionals: readonly string[],
  ) {}

  /** The value of a string option, or undefined when absent (the last one wins if repeated). */
  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === "string" ? value : undefined;
  }

  /** Whether a boolean option was given. */
  flag(name: string): boolean {
    return this.values[name] === true;
  }

  /** Every value of a `multiple` option, in the order given. */
  list(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? [...value] : typeof value === "string" ? [value] : [];
  }

  /**
   * An integer option in [min, max], or `fallback` when absent.
   * @throws CliError (exit 2) when the value is not such an integer.
   */
  integer(name: string, options: { min: number; max?: number; fallback: number }): number {
    const text = this.string(name);
    if (text === undefined) return options.fallback;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const value = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!(Number.isSafeInteger(value) && value >= options.min && value <= max)) {
      const range = options.max === undefined ? `an integer ≥ ${options.min}` : `an integer from ${options.min} to ${max}`;
      throw usageError(this.command, `--${name} must be ${range}, got ${JSON.stringify(text)}`);
    }
    return value;
  }
}

/**
 * Parses `argv` (the words after the command name) against `options` and `positionals`.
 * `--help`/`-h` is always accepted.
 * @throws CliError (exit 2) naming the first unknown option, missing value or surplus argument.
 */
export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpecs, positionals: PositionalSpec): ParsedArgs {
  const all: OptionSpecs = { ...options, help: { type: "boolean", short: "h", description: "Show this help." } };
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(all)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | string[]> = {};
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") words.push(token.value);
    if (token.kind !== "option") continue;
    const spec = Object.hasOwn(all, token.name) ? all[token.name] : undefined;
    if (spec === undefined) throw usageError(command, unknownOptionMessage(token.rawName, Object.keys(all)));
    if (spec.type === "boolean") {
      if (token.value !== undefined) throw usageError(command, `${token.rawName} takes no value, got ${JSON.stringify(token.value)}`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && isKnownOption(value, all))) {
      throw usageError(command, `${token.rawName} needs a value${spec.valueName ? ` (${spec.valueName})` : ""}`);
    }
    if (spec.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), value];
    else values[token.name] = value;
  }
  const parsed = new ParsedArgs(command, values, words);
  if (parsed.flag("help")) return parsed;
  if (words.length < positionals.min) throw usageError(command, `missing ${positionals.name}`);
  if (words.length > positionals.max) {
    const surplus = words.slice(positionals.max).map((w) => JSON.stringify(w)).join(" ");
    throw usageError(command, `unexpected argument${words.length - positionals.max > 1 ? "s" : ""} ${surplus}`);
  }
  return parsed;
}

/** Whether `word` is `--name` or `-x` for an option of the command. */
function isKnownOption(word: string, options: OptionSpecs): boolean {
  if (word.startsWith("--")) return Object.hasOwn(options, word.slice(2).split("=")[0]);
  if (/^-[A-Za-z]$/.test(word)) return Object.values(options).some((spec) => spec.short === word.slice(1));
  return false;
}

/** `unknown option --sed (did you mean --seed?)`. */
function unknownOptionMessage(rawName: string, names: readonly string[]): string {
  const bare = rawName.replace(/^-+/, "");
  const suggestion = didYouMean(bare, names);
  return `unknown option ${rawName}${suggestion === undefined ? "" : ` (did you mean --${suggestion}?)`}`;
}
