/**
 * Issue 20, defect 10: hostile or odd scenario text gets a message in the user's words with a
 * line, never a JavaScript error: alias bombs, deep nesting, CR-only line ends.
 */
import { describe, expect, it } from "vitest";
import { parseScenarioText } from "./source";

function problems(text: string): string[] {
  const parsed = parseScenarioText(text);
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.line ?? "-"}: ${p.message}`);
}

describe("hostile scenario text", () => {
  it("names an alias bomb and its first alias's line", () => {
    const lines = ["version: 1", "a: &a [x,x,x,x,x,x,x,x,x,x]"];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    expect(problems(lines.join("\n"))).toEqual(["3: aliases (*name) expand to more than 10,000 values; write the values out, or use fewer aliases"]);
  });

  it("refuses deep flow nesting with a line, not a stack overflow", () => {
    expect(problems(`version: 1\na: ${"[".repeat(5000)}${"]".repeat(5000)}`)).toEqual(["2: nested too deeply: more than 64 levels of [ and {"]);
  });

  it("refuses deep block nesting without a stack overflow", () => {
    const lines = ["a:"];
    for (let i = 1; i < 3000; i++) lines.push(`${" ".repeat(i)}- `);
    const found = problems(lines.join("\n"));
    expect(found.join("\n")).not.toMatch(/call stack/);
    expect(found.join("\n")).toMatch(/nested too deeply/);
  });

  it("reads CR-only line ends as line ends", () => {
    const parsed = parseScenarioText("version: 1\rname: x\r");
    expect(parsed.ok && parsed.data).toEqual({ version: 1, name: "x" });
  });
});
