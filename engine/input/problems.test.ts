import { describe, expect, it } from "vitest";
import { RandomStreams } from "../core/rng";
import type { PathSegment } from "./problems";
import {
  ScenarioError,
  describeValue,
  didYouMean,
  editDistance,
  formatPath,
  formatProblem,
  listValues,
  parsePath,
  suggestionSuffix,
} from "./problems";

describe("formatPath", () => {
  it("joins identifier keys with dots and indexes with brackets", () => {
    expect(formatPath(["topology", "groups", 1, "cores"])).toBe("topology.groups[1].cores");
  });

  it("quotes keys that are not identifiers", () => {
    expect(formatPath(["a", "x y"])).toBe('a["x y"]');
    expect(formatPath(["services", "checkout-api", "replicas"])).toBe('services["checkout-api"].replicas');
    expect(formatPath(["weird", 'say "hi"'])).toBe('weird["say \\"hi\\""]');
  });

  it("distinguishes a numeric key from a list index", () => {
    expect(formatPath(["codes", "404"])).toBe('codes["404"]');
    expect(formatPath(["codes", 404])).toBe("codes[404]");
  });

  it("formats the root as the empty string and a leading index without a dot", () => {
    expect(formatPath([])).toBe("");
    expect(formatPath([0, "name"])).toBe("[0].name");
  });
});

describe("parsePath", () => {
  it("reads dotted keys, bracket indexes, dotted digits and quoted keys", () => {
    expect(parsePath("a.b[2].c")).toEqual({ ok: true, segments: ["a", "b", 2, "c"] });
    expect(parsePath("phases.2.rate")).toEqual({ ok: true, segments: ["phases", "2", "rate"] });
    expect(parsePath('services["checkout api"].replicas')).toEqual({
      ok: true,
      segments: ["services", "checkout api", "replicas"],
    });
    expect(parsePath("services.checkout-api.replicas")).toEqual({
      ok: true,
      segments: ["services", "checkout-api", "replicas"],
    });
  });

  it("explains malformed paths with the character position", () => {
    expect(parsePath("a..b")).toEqual({ ok: false, message: 'expected a key at character 3 of path "a..b"' });
    expect(parsePath("a[x]")).toEqual({
      ok: false,
      message: 'expected [index] or ["key"] at character 2 of path "a[x]"',
    });
    expect(parsePath("")).toEqual({ ok: false, message: "empty path" });
  });

  it("reads back every path formatPath writes (seeded fuzz)", () => {
    // Seeds: a fixed list, so a failure names the seed that reproduces it.
    for (const seed of [1, 2, 3, 4, 5]) {
      const stream = new RandomStreams(seed).get("scenario/problems/paths");
      const alphabet = ['a', 'Z', '_', '$', '0', '9', '-', ' ', '.', '[', ']', '"', '\\', '=', 'é'];
      for (let trial = 0; trial < 200; trial++) {
        const segments: PathSegment[] = [];
        const length = 1 + Math.floor(stream.next() * 4);
        for (let i = 0; i < length; i++) {
          if (stream.next() < 0.3) {
            segments.push(Math.floor(stream.next() * 20));
          } else {
            let key = "";
            const keyLength = 1 + Math.floor(stream.next() * 5);
            for (let j = 0; j < keyLength; j++) key += alphabet[Math.floor(stream.next() * alphabet.length)];
            segments.push(key);
          }
        }
        const text = formatPath(segments);
        const parsed = parsePath(text);
        expect(parsed, `seed ${seed} trial ${trial}: ${JSON.stringify(segments)} -> ${text}`).toEqual({
          ok: true,
          segments,
        });
      }
    }
  });
});

describe("didYouMean", () => {
  it("suggests the closest key for a typo", () => {
    expect(didYouMean("replcas", ["replicas", "cores", "name"])).toBe("replicas");
    expect(suggestionSuffix("replcas", ["replicas"])).toBe(' (did you mean "replicas"?)');
  });

  it("counts a swap of two adjacent letters as one edit", () => {
    expect(editDistance("recieve", "receive")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(didYouMean("ocres", ["cores"])).toBe("cores");
  });

  it("ignores case when measuring, so a capitalised key still matches", () => {
    expect(didYouMean("Replicas", ["replicas"])).toBe("replicas");
  });

  it("allows one edit per three letters and at least one", () => {
    // "rr" (length 2) allows 1 edit; "round-robin" is 9 away.
    expect(didYouMean("rr", ["round-robin"])).toBeUndefined();
    expect(didYouMean("x", ["y"])).toBe("y");
    // length 6 -> 2 edits allowed: "servce" -> "service" is 1, "srvc" -> "service" is 3 (too far).
    expect(didYouMean("servce", ["service"])).toBe("service");
    expect(didYouMean("srvc", ["service"])).toBeUndefined();
  });

  it("breaks ties the same way whatever the order of the candidates", () => {
    // "cat" is one edit from both "bat" and "car".
    expect(didYouMean("cat", ["car", "bat"])).toBe("bat");
    expect(didYouMean("cat", ["bat", "car"])).toBe("bat");
    // With equal case-blind distance, the case-exact closer one wins ("Web" is 1 from "web",
    // 2 from "WEB").
    expect(didYouMean("Web", ["WEB", "web"])).toBe("web");
    expect(didYouMean("Web", ["web", "WEB"])).toBe("web");
  });

  it("returns nothing when no candidate is close", () => {
    expect(didYouMean("zzz", ["replicas", "cores"])).toBeUndefined();
    expect(suggestionSuffix("zzz", [])).toBe("");
  });
});

describe("describeValue", () => {
  it("names each kind of parsed YAML value the way a message shows it", () => {
    expect(describeValue("abc")).toBe('"abc"');
    expect(describeValue(250)).toBe("250");
    expect(describeValue(true)).toBe("true");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue([1])).toBe("a list");
    expect(describeValue([])).toBe("an empty list");
    expect(describeValue({ a: 1 })).toBe("an object");
    expect(describeValue(Infinity)).toBe(".inf");
    expect(describeValue(Number.NaN)).toBe(".nan");
    expect(describeValue("x".repeat(100))).toBe(`"${"x".repeat(57)}…"`);
  });

  it("lists values with commas and a final or", () => {
    expect(listValues(["a"])).toBe('"a"');
    expect(listValues(["a", "b"])).toBe('"a" or "b"');
    expect(listValues(["a", "b", "c"], "and")).toBe('"a", "b" and "c"');
  });
});

describe("formatProblem and ScenarioError", () => {
  it("prints problems compiler-style with whatever location is known", () => {
    const problem = { path: "services.web.replicas", message: "must be an integer ≥ 1, got 0", line: 42 };
    expect(formatProblem(problem, { fileName: "scenarios/shop.yaml" })).toBe(
      "scenarios/shop.yaml:42: services.web.replicas: must be an integer ≥ 1, got 0",
    );
    expect(formatProblem(problem)).toBe("line 42: services.web.replicas: must be an integer ≥ 1, got 0");
    expect(formatProblem({ path: "", message: "bad indent", line: 3, column: 5 }, { fileName: "a.yaml" })).toBe(
      "a.yaml:3:5: bad indent",
    );
    expect(formatProblem({ path: "a", message: "required" })).toBe("a: required");
  });

  it("carries every problem and lists them one per line in its message", () => {
    const error = new ScenarioError(
      [
        { path: "a", message: "required", line: 1 },
        { path: "b", message: "must be an integer ≥ 1, got 0", line: 2 },
      ],
      { fileName: "x.yaml" },
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ScenarioError");
    expect(error.problems).toHaveLength(2);
    expect(error.message).toBe(
      ["x.yaml has 2 problems:", "  x.yaml:1: a: required", "  x.yaml:2: b: must be an integer ≥ 1, got 0"].join("\n"),
    );
  });

  it("refuses to be built without problems", () => {
    expect(() => new ScenarioError([])).toThrow("a ScenarioError needs at least one problem");
  });
});
