// Argument parsing: the option table decides what is accepted, and every mistake is one line.
import { describe, expect, it } from "vitest";
import { parseCommandArgs, type OptionSpecs } from "./args";
import { CliError } from "./exit-codes";

const OPTIONS: OptionSpecs = {
  seed: { type: "string", valueName: "N", description: "seed" },
  set: { type: "string", multiple: true, description: "override" },
  quiet: { type: "boolean", short: "q", description: "quiet" },
};
const ONE = { min: 1, max: 1, name: "<scenario>" };

function errorOf(argv: string[]): string {
  try {
    parseCommandArgs("run", argv, OPTIONS, ONE);
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
  throw new Error("expected a CliError");
}

describe("parseCommandArgs", () => {
  it("reads strings, repeated options in order, booleans, short flags and positionals", () => {
    const args = parseCommandArgs("run", ["a.yaml", "--seed", "7", "--set", "x=1", "--set=y=2", "-q"], OPTIONS, ONE);
    expect(args.positionals).toEqual(["a.yaml"]);
    expect(args.integer("seed", { min: 0, fallback: 1 })).toBe(7);
    expect(args.list("set")).toEqual(["x=1", "y=2"]);
    expect(args.flag("quiet")).toBe(true);
  });

  it("treats everything after -- as positionals", () => {
    expect(parseCommandArgs("run", ["--", "--weird.yaml"], OPTIONS, ONE).positionals).toEqual(["--weird.yaml"]);
  });

  it("names an unknown option with the closest known one", () => {
    expect(errorOf(["a.yaml", "--sed", "4"])).toBe("clustersim run: unknown option --sed (did you mean --seed?) (see clustersim run --help)");
    expect(errorOf(["a.yaml", "--zzz"])).toBe("clustersim run: unknown option --zzz (see clustersim run --help)");
  });

  it("refuses a missing value, a value for a flag, and surplus or missing positionals", () => {
    expect(errorOf(["a.yaml", "--seed"])).toMatch(/^clustersim run: --seed needs a value \(N\)/);
    expect(errorOf(["a.yaml", "--seed", "--quiet"])).toMatch(/^clustersim run: --seed needs a value/);
    expect(errorOf(["a.yaml", "--quiet=yes"])).toMatch(/^clustersim run: --quiet takes no value, got "yes"/);
    expect(errorOf(["a.yaml", "b.yaml"])).toMatch(/^clustersim run: unexpected argument "b.yaml"/);
    expect(errorOf([])).toMatch(/^clustersim run: missing <scenario>/);
  });

  it("checks integer options against their range", () => {
    const args = parseCommandArgs("run", ["a.yaml", "--seed", "-3"], OPTIONS, ONE);
    expect(() => args.integer("seed", { min: 0, fallback: 1 })).toThrow('--seed must be an integer ≥ 0, got "-3"');
    expect(parseCommandArgs("run", ["a.yaml"], OPTIONS, ONE).integer("seed", { min: 0, fallback: 5 })).toBe(5);
  });

  it("accepts --help without the required positionals", () => {
    expect(parseCommandArgs("run", ["--help"], OPTIONS, ONE).flag("help")).toBe(true);
  });
});
