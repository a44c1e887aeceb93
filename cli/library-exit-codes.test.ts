/**
 * Every library scenario through the real CLI (shortened where its lesson allows): the exit code
 * follows its SLOs (0 when every one passes, 1 otherwise), and the table, the HTML report and the
 * JUnit file agree with the Result it wrote — each SLO's verdict, the badge only when true, a
 * windowed SLO's two figures and rule, the cost's currency and period, the serving capacity,
 * and each JUnit test case's simulated and wall time. No report claims "Nothing happened".
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Result } from "../engine/index";
import { LIBRARY_DURATION, libraryScenarios } from "./test-support/library";
import { freshDir, runCliAsync } from "./test-support/run-cli";

/** Escapes a literal for a RegExp. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe.concurrent("library scenarios: the exit code follows the SLOs, and every output agrees", () => {
  for (const name of libraryScenarios()) {
    it(name, async () => {
      const dir = freshDir();
      const files = { html: path.join(dir, "report.html"), junit: path.join(dir, "junit.xml") };
      const duration = LIBRARY_DURATION[name] === undefined ? [] : ["--set", `run.duration=${LIBRARY_DURATION[name]}`];
      const run = await runCliAsync(["run", `scenarios/${name}.yaml`, ...duration, "-q", "--json"]);
      expect(run.stderr).toBe("");
      const result = JSON.parse(run.stdout) as Result;
      const table = await runCliAsync(["run", `scenarios/${name}.yaml`, ...duration, "-q", "--report", files.html, "--junit", files.junit]);
      // The library declares the SLOs of each lesson; the exit code is their verdict.
      expect(result.slos.length).toBeGreaterThan(0);
      const failing = result.slos.filter((slo) => !slo.passed);
      expect(result.slosPassed).toBe(failing.length === 0);
      expect(run.code).toBe(result.slosPassed ? 0 : 1);
      expect(table.code).toBe(run.code);
      // The table: each SLO's verdict on its line, the count, the cost's currency and period.
      for (const slo of result.slos) expect(table.stdout).toMatch(new RegExp(`^${literal(slo.name)}\\s.*${slo.passed ? "PASS" : "FAIL"}$`, "m"));
      expect(table.stdout).toContain(`SLOs: ${result.slos.length - failing.length} of ${result.slos.length} pass`);
      // The cost with currency and period; none without node groups (a batch cluster is not priced).
      if (result.cost.groups.length > 0) expect(table.stdout).toMatch(/^cost\s+\$[\d.,]+ USD over .+ simulated, warm-up included \(\$[\d.,]+ USD per hour\)$/m);
      else expect(table.stdout).not.toMatch(/^cost\s/m);
      if (result.groups.some((g) => g.capacity !== null)) expect(table.stdout).toMatch(/^capacity\s+serving [\d.]+% of provisioned node-time/m);
      // The report: the badge only when true, never "Nothing happened".
      const html = readFileSync(files.html, "utf8");
      expect(html).toContain(result.slosPassed ? "SLOs PASS" : "SLOs FAIL");
      expect(html).not.toContain(result.slosPassed ? "SLOs FAIL" : "SLOs PASS");
      expect(html).not.toContain("Nothing happened");
      expect(html.includes(" USD over ")).toBe(result.cost.groups.length > 0);
      // A windowed latency SLO: both figures and the rule, in the table and the report.
      for (const slo of result.slos.filter((s) => s.windowsMeetingShare !== null)) {
        for (const text of [table.stdout, html]) {
          expect(text).toContain("of windows met it");
          expect(text).toMatch(/[Rr]ule: \S+ passes only if both hold: p\d+ (<|&lt;) [\d.]+ m?s over the whole run, and in at least [\d.]+% of the windows with requests\./);
        }
        expect(slo.windowsShareMin).toBeGreaterThan(0);
      }
      // JUnit: a test case per SLO, a failure per missed one, each with its simulated and wall time.
      const junit = readFileSync(files.junit, "utf8");
      expect(junit.match(/<testcase /g)?.length).toBe(result.slos.length);
      expect(junit.match(/<failure /g)?.length ?? 0).toBe(failing.length);
      expect(junit.match(/<testcase [^>]* time="\d+\.\d{3}"/g)?.length).toBe(result.slos.length);
      expect(junit.match(new RegExp(`<property name="simulated-seconds" value="${result.durationMs / 1000}"/>`, "g"))?.length).toBe(result.slos.length);
    }, 300_000);
  }
});
