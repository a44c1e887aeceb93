import { describe, expect, it } from "vitest";
import type { Problem } from "./problems";
import { s, validate } from "./schema";
import type { ParsedScenarioText } from "./source";
import { attachLines, parseScenarioText, parseYamlValue } from "./source";

/** The parsed text; fails the test with the problems otherwise. */
function parsed(text: string): ParsedScenarioText {
  const result = parseScenarioText(text);
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problems)}`);
  return result;
}

/** The problems of text that must not parse. */
function problemsOf(text: string, fileName?: string): Problem[] {
  const result = parseScenarioText(text, { fileName });
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

const SHOP = [
  "# A small shop", //                       1
  "topology:", //                            2
  "  groups:", //                            3
  "    - name: web", //                      4
  "      count: 4", //                       5
  "    - name: db", //                       6
  "      count: 2", //                       7
  "      cores: 16", //                      8
  "services:", //                            9
  "  checkout:", //                          10
  "    replicas: 3", //                      11
  "    timeout: 2s", //                      12
  "  search:", //                            13
  "    replicas:", //                        14
  "    flags: {fast: on, cache: no}", //     15
].join("\n");

describe("parseScenarioText", () => {
  it("reads YAML with the 1.2 core schema, so on/no/yes stay text", () => {
    const { data } = parsed("a: no\nb: on\nc: yes\nd: true\ne: 0o14\nf: ~\n");
    expect(data).toEqual({ a: "no", b: "on", c: "yes", d: true, e: 12, f: null });
  });

  it("reads JSON, including tab-indented JSON, with lines", () => {
    const { data, lineOf } = parsed('{\n\t"a": 1,\n\t"b": [1,\n\t\t2],\n\t"c": {"d": "250ms"}\n}\n');
    expect(data).toEqual({ a: 1, b: [1, 2], c: { d: "250ms" } });
    expect(lineOf(["b", 1])).toBe(4);
    expect(lineOf(["c", "d"])).toBe(5);
  });

  it("finds the line of nested keys and list items", () => {
    const { lineOf } = parsed(SHOP);
    expect(lineOf([])).toBe(2);
    expect(lineOf(["topology"])).toBe(2);
    expect(lineOf(["topology", "groups", 0])).toBe(4);
    expect(lineOf(["topology", "groups", 1])).toBe(6);
    expect(lineOf(["topology", "groups", 1, "cores"])).toBe(8);
    expect(lineOf(["topology", "groups", "1", "count"])).toBe(7);
    expect(lineOf(["services", "checkout", "timeout"])).toBe(12);
    expect(lineOf(["services", "search", "replicas"])).toBe(14);
    expect(lineOf(["services", "search", "flags", "cache"])).toBe(15);
    expect(lineOf(["services", "nope"])).toBeUndefined();
    expect(lineOf(["topology", "groups", 5])).toBeUndefined();
    expect(lineOf(["services", "checkout", "replicas", "deeper"])).toBeUndefined();
  });

  it("follows merge keys and aliases to where a value is written", () => {
    const text = [
      "defaults: &defaults", // 1
      "  replicas: 2", //       2
      "  timeout: 1s", //       3
      "services:", //           4
      "  web:", //              5
      "    <<: *defaults", //   6
      "    timeout: 5s", //     7
      "  api: *defaults", //    8
    ].join("\n");
    const { data, lineOf } = parsed(text);
    expect((data as { services: unknown }).services).toEqual({
      web: { replicas: 2, timeout: "5s" },
      api: { replicas: 2, timeout: "1s" },
    });
    expect(lineOf(["services", "web", "timeout"])).toBe(7);
    expect(lineOf(["services", "web", "replicas"])).toBe(2);
    expect(lineOf(["services", "api", "timeout"])).toBe(3);
  });

  it("turns syntax errors into problems with line and column", () => {
    expect(problemsOf("a:\n  b: 1\n c: 2\n")).toEqual([
      { path: "", message: "All mapping items must start at the same column", line: 3, column: 1 },
    ]);
    expect(problemsOf("a:\n\tb: 1\n")[0]).toMatchObject({ message: "Tabs are not allowed as indentation", line: 2 });
    expect(problemsOf("---\na: 1\n---\nb: 2\n")[0]).toMatchObject({ line: 3, column: 1 });
  });

  it("reports every duplicate key with its path and the first line", () => {
    const text = "services:\n  web:\n    replicas: 1\n    replicas: 2\n  web:\n    replicas: 3\n";
    expect(problemsOf(text)).toEqual([
      { path: "services.web.replicas", message: 'duplicate key "replicas" (first defined on line 3)', line: 4, column: 5 },
      { path: "services.web", message: 'duplicate key "web" (first defined on line 2)', line: 5, column: 3 },
    ]);
  });

  it("rejects unknown anchors, cyclic aliases and keys that are collections", () => {
    expect(problemsOf("a: *nope\n")).toEqual([
      { path: "a", message: 'unknown anchor "nope" (define it with &nope before *nope)', line: 1, column: 4 },
    ]);
    expect(problemsOf("a: &x\n  b: *x\n")).toEqual([
      { path: "a.b", message: "alias *x is inside the value it refers to (a cycle)", line: 2, column: 6 },
    ]);
    expect(problemsOf("? [a, b]\n: 1\n")).toEqual([
      { path: "", message: "keys must be plain names, not lists or objects", line: 1, column: 3 },
    ]);
  });

  it("rejects an empty file, naming it", () => {
    expect(problemsOf("# nothing here\n", "empty.yaml")).toEqual([
      { path: "", message: '"empty.yaml" is empty; expected YAML or JSON content' },
    ]);
  });
});

describe("attachLines", () => {
  it("gives validation problems the line of their path, or of the nearest ancestor", () => {
    const { lineOf } = parsed(SHOP);
    const problems: Problem[] = [
      { path: "topology.groups[0].cores", message: "required" },
      { path: "services.search.replicas", message: "expected an integer, got null" },
      { path: "services.search.flags.fast", message: 'expected true or false, got "on"' },
      { path: "", message: "whole document" },
      { path: "syntax", message: "already placed", line: 99 },
      { path: "a..b", message: "unreadable path" },
    ];
    expect(attachLines(problems, lineOf)).toEqual([
      { path: "topology.groups[0].cores", message: "required", line: 4 },
      { path: "services.search.replicas", message: "expected an integer, got null", line: 14 },
      { path: "services.search.flags.fast", message: 'expected true or false, got "on"', line: 15 },
      { path: "", message: "whole document", line: 2 },
      { path: "syntax", message: "already placed", line: 99 },
      { path: "a..b", message: "unreadable path" },
    ]);
    expect(problems[0].line).toBeUndefined();
  });

  it("places problems under quoted keys and after validation end to end", () => {
    const text = 'services:\n  "checkout api":\n    replicas: 0\n';
    const source = parsed(text);
    const schema = s.object({ services: s.record(s.object({ replicas: s.integer({ min: 1 }) })) });
    const result = validate(schema, source.data);
    if (result.ok) throw new Error("expected problems");
    expect(attachLines(result.problems, source.lineOf)).toEqual([
      { path: 'services["checkout api"].replicas', message: "must be an integer ≥ 1, got 0", line: 3 },
    ]);
  });
});

describe("parseYamlValue", () => {
  it("reads one-line scalars and flow collections", () => {
    expect(parseYamlValue("24")).toEqual({ ok: true, value: 24 });
    expect(parseYamlValue("250ms")).toEqual({ ok: true, value: "250ms" });
    expect(parseYamlValue("true")).toEqual({ ok: true, value: true });
    expect(parseYamlValue("[a, b]")).toEqual({ ok: true, value: ["a", "b"] });
    expect(parseYamlValue("{x: 1}")).toEqual({ ok: true, value: { x: 1 } });
    expect(parseYamlValue("'x: y'")).toEqual({ ok: true, value: "x: y" });
  });

  it("refuses block collections and broken syntax", () => {
    expect(parseYamlValue("x: y")).toEqual({
      ok: false,
      message: `"x: y" reads as a YAML block mapping; quote it for text ('x: y') or use flow style ({a: 1}, [a, b])`,
    });
    const broken = parseYamlValue("[1, 2");
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.message).toMatch(/^cannot read "\[1, 2" as a value: /);
  });
});
