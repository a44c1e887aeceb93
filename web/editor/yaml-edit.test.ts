import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { appendItem, fieldText, parseFieldValue, parseScenarioDocument, removeItem, scalarText, setFieldText, valueAt } from "./yaml-edit";

const threeTier = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8");

function doc(text: string) {
  const parsed = parseScenarioDocument(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.doc;
}

describe("editing scenario YAML through paths", () => {
  it("reads field text as the CLI's --set does", () => {
    expect(parseFieldValue("12")).toBe(12);
    expect(parseFieldValue(" 250ms ")).toBe("250ms");
    expect(parseFieldValue("true")).toBe(true);
    expect(parseFieldValue("-5")).toBe(-5);
    expect(parseFieldValue("")).toBeUndefined();
    expect(parseFieldValue("[a, b]")).toEqual(["a", "b"]);
    expect(parseFieldValue("a: b")).toBe("a: b");
    expect(parseFieldValue("{")).toBe("{");
  });

  it("changes one value and keeps every comment and the rest of the text", () => {
    const path = ["topology", "groups", 0, "count"];
    const before = fieldText(doc(threeTier), path);
    const text = setFieldText(threeTier, path, "9");
    expect(valueAt(doc(text), path)).toBe(9);
    expect(before).not.toBe("9");
    for (const line of threeTier.split("\n").filter((l) => l.trim().startsWith("#"))) expect(text).toContain(line.trim());
    const changed = text.split("\n").filter((line, i) => line !== threeTier.split("\n")[i]);
    expect(changed).toEqual([threeTier.split("\n").find((l) => l.includes("count:"))!.replace(/count: \d+/, "count: 9")]);
  });

  it("creates missing parents when a field is set, and removes a key when the field is blanked", () => {
    const created = setFieldText("version: 1\nservices:\n  - name: web\n", ["services", 0, "balancer", "healthCheck", "interval"], "5s");
    expect(valueAt(doc(created), ["services", 0, "balancer", "healthCheck", "interval"])).toBe("5s");
    const removed = setFieldText(created, ["services", 0, "balancer", "healthCheck", "interval"], "");
    expect(valueAt(doc(removed), ["services", 0, "balancer", "healthCheck", "interval"])).toBeUndefined();
  });

  it("appends and removes list items", () => {
    const added = appendItem("faults: []\n", ["faults"], { type: "crash", node: "web-0", at: "1m" });
    expect(valueAt(doc(added), ["faults"])).toEqual([{ type: "crash", node: "web-0", at: "1m" }]);
    const fresh = appendItem("version: 1\n", ["faults"], { type: "crash" });
    expect(valueAt(doc(fresh), ["faults", 0, "type"])).toBe("crash");
    expect(valueAt(doc(removeItem(added, ["faults"], 0)), ["faults"])).toEqual([]);
  });

  it("writes strings that would be misread (flow indicators, numbers as text) quoted", () => {
    expect(scalarText("250ms")).toBe("250ms");
    expect(scalarText("a, b")).toBe('"a, b"');
    expect(scalarText("12")).toBe('"12"');
    expect(scalarText("x: y")).toBe('"x: y"');
    expect(scalarText(-5)).toBe("-5");
    const text = setFieldText("a: { b: 1 }\n", ["a", "b"], "p, q");
    expect(valueAt(doc(text), ["a", "b"])).toBe("p, q");
  });

  it("reports a YAML syntax error instead of a document", () => {
    expect(parseScenarioDocument("a: [1, 2").ok).toBe(false);
  });
});
