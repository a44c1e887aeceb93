// `clustersim lesson check --class DIR` through the bin: a teacher grades a folder of students'
// answers (DIR/<student>/<lesson>.yaml) into one table. Bad input (an unknown lesson, invalid
// YAML, an empty student folder) is an error row for that student, never a crash; the exit code
// covers the class (0 all pass, 1 one fails, 2 one could not be graded).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshDir, REPO_ROOT, runCliAsync as runCli } from "./test-support/run-cli";

const lessonScenario = (file: string) => readFileSync(path.join(REPO_ROOT, "scenarios/lessons", file), "utf8");
const batch = lessonScenario("15-batch.yaml");
const utilisation = lessonScenario("01-utilisation.yaml");

/** Writes DIR/<student>/<file> and returns DIR. */
function classDir(files: Record<string, string>): string {
  const dir = freshDir("clustersim-class-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const graded = classDir({
  "ada/batch.yaml": batch.replace("policies: [fifo]", "policies: [easy-backfill]"),
  "ada/1.yaml": utilisation.replace("constant: 20/s", "constant: 50/s"),
  "grace/15-batch.yaml": batch,
  "grace/caching.yml": "version: 1\nname: [oops",
  "linus/replicaton.yaml": batch,
  "margaret/notes.txt": "no answers here",
});
const passingOnly = classDir({ "ada/15.yaml": batch.replace("policies: [fifo]", "policies: [easy-backfill]") });

describe.concurrent("clustersim lesson check --class", () => {
  it("grades every student's answers into one CSV table, with error rows, and exits 2 when one could not be graded", async () => {
    const outcome = await runCli(["lesson", "check", "--class", graded, "--format", "csv"]);
    expect(outcome.code).toBe(2);
    const lines = outcome.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("student,lesson,order,file,seed,status,condition,run,passed,measured,measuredText,required,error");
    // ada: lesson 1 (two conditions) and lesson 15 (two conditions) pass.
    expect(lines.filter((l) => l.startsWith("ada,utilisation,1,ada/1.yaml,7,pass,p99 latency,your run,true,"))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("ada,batch,15,ada/batch.yaml,15,pass,"))).toHaveLength(2);
    // grace: FIFO fails the wait condition, with the measured value in ms; invalid YAML is an error row.
    expect(lines.some((l) => /^grace,batch,15,grace\/15-batch\.yaml,15,fail,mean queue wait,your run,false,[\d.]+,2\.8 h,at most /.test(l))).toBe(true);
    expect(lines.find((l) => l.startsWith("grace,caching,13,grace/caching.yml,,error,"))).toMatch(/grace\/caching\.yml:2/);
    // linus named a lesson that does not exist; margaret handed in nothing.
    expect(lines).toContain('linus,replicaton,,linus/replicaton.yaml,,error,,,,,,,"no lesson ""replicaton"" (did you mean ""replication""?)"');
    expect(lines.find((l) => l.startsWith("margaret,"))).toMatch(/no answer files in margaret\//);
    expect(outcome.stderr).toContain("2 of 6 answers pass; 3 could not be graded");
  });

  it("writes JSON with every answer and the counts", async () => {
    const outcome = await runCli(["lesson", "check", "--class", graded, "--format", "json"]);
    const parsed = JSON.parse(outcome.stdout) as { answers: Array<{ student: string; status: string; seed: number | null }>; summary: { students: number; passed: number; failed: number; errors: number } };
    expect(parsed.summary).toMatchObject({ students: 4, passed: 2, failed: 1, errors: 3 });
    expect(parsed.answers.map((a) => `${a.student}:${a.status}`)).toEqual(["ada:pass", "ada:pass", "grace:fail", "grace:error", "linus:error", "margaret:error"]);
  });

  it("prints a summary grid as text, and as a self-contained HTML page", async () => {
    const text = await runCli(["lesson", "check", "--class", graded]);
    expect(text.stdout).toMatch(/^Class results: 4 students, 6 answers: 2 pass, 1 fail, 3 could not be graded\.$/m);
    expect(text.stdout).toMatch(/^ada +PASS +PASS/m);
    expect(text.stdout).toMatch(/^ {2}15 batch +1 of 2$/m);
    const html = await runCli(["lesson", "check", "--class", graded, "--format", "html"]);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).toContain('<td class="pass">PASS</td>');
    expect(html.stdout).not.toMatch(/<script|src=/);
  });

  it("grades only the lesson named, and exits 0 when every answer passes", async () => {
    const only = await runCli(["lesson", "check", "batch", "--class", graded, "--format", "csv"]);
    expect(only.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["ada,batch", "ada,batch", "grace,batch", "grace,batch", "linus,replicaton", "margaret,"]);
    const passing = await runCli(["lesson", "check", "--class", passingOnly, "--format", "csv"]);
    expect(passing.code).toBe(0);
  });

  it("refuses a missing folder and an unknown format with exit 2", async () => {
    const missing = await runCli(["lesson", "check", "--class", path.join(graded, "nobody")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not a folder \(expected one folder per student/);
    const format = await runCli(["lesson", "check", "--class", graded, "--format", "xlsx"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format: expected text, csv, json, html");
  });
});
