/**
 * The lessons screen in a real browser: a lesson opens from the address, checking the starting
 * scenario explains what is still off, the solution sits behind a deliberate reveal (not beside
 * Check), filling it in passes with exactly the verdict the engine gives in Node, and the
 * progress survives a reload (localStorage). The second course's pictures: lesson 11's chart
 * gains a point (writes lost by replication mode) with every check, its why page carries the
 * run's numbers, lesson 13 draws Che's prediction beside the simulated hit ratio, and lesson
 * 10 draws each tier's utilisation window by window.
 */
import { readFileSync } from "node:fs";

import { beforeAll, describe, expect, it } from "vitest";
import { checkAnswer, lessonScenarioFile, loadLesson, referenceAnswer, simulate, type Lesson, type LessonVerdict } from "../../engine/index";
import { screenshot, useApp } from "./support";

const LESSON_FILE = new URL("../../scenarios/lessons/02-more-or-faster.lesson.yaml", import.meta.url);

let expected: LessonVerdict;

function lesson(): Lesson {
  const text = readFileSync(LESSON_FILE, "utf8");
  const scenarioFile = lessonScenarioFile(text)!;
  const loaded = loadLesson(text, { files: { [scenarioFile]: readFileSync(new URL(scenarioFile, LESSON_FILE), "utf8") } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.lesson;
}

/** Clicks Check and waits until the check has finished; returns the status. */
async function check(): Promise<string> {
  await app.page.click('[data-action="check"]');
  await app.page.waitForSelector('[data-testid="lesson-status"]:not([data-status="running"]):not([data-status="idle"])', { timeout: 60_000 });
  return (await app.page.getAttribute('[data-testid="lesson-status"]', "data-status")) ?? "";
}

const app = useApp({ fragment: () => "#/lessons/more-or-faster" });

beforeAll(async () => {
  const loaded = lesson();
  const checked = checkAnswer(loaded, referenceAnswer(loaded), (text) => simulate(text));
  if (!checked.ok) throw new Error("the reference answer should be a valid scenario");
  expected = checked.verdict;
  await app.page.waitForSelector("article.lesson");
});

describe("the lessons screen", () => {
  it("lists every lesson and opens the one named in the address", async () => {
    const files = (await import("node:fs")).readdirSync(new URL("../../scenarios/lessons/", import.meta.url)).filter((f) => f.endsWith(".lesson.yaml"));
    expect(await app.page.$$eval(".lesson-list li[data-lesson]", (items) => items.length)).toBe(files.length);
    expect(await app.page.textContent("article.lesson h1")).toBe("Lesson 2: More servers or faster servers?");
    expect(await app.page.getAttribute('.lesson-list a[aria-current="page"]', "href")).toBe("#/lessons/more-or-faster");
  });

  it("explains what is still off when the starting scenario is checked", async () => {
    expect(await check()).toBe("failed");
    const failing = await app.page.$$eval('.lesson-conditions li[data-passed="false"]', (items) => items.map((i) => i.textContent ?? ""));
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatch(/Mean latency in your run is [\d.]+ ms, but it must be below [\d.]+ ms \(0\.4 × mean latency in the starting scenario: [\d.]+ ms\)\. Look at what sets the floor/);
    expect(await app.page.getAttribute('.lesson-list li[data-lesson="more-or-faster"]', "data-passed")).toBe("false");
  });

  it("keeps the solution behind a deliberate reveal, apart from the check", async () => {
    expect(await app.page.$$eval('.lesson-answer [data-action="solution"]', (buttons) => buttons.length)).toBe(0);
    expect(await app.page.getAttribute('[data-testid="lesson-solution"]', "data-revealed")).toBe("false");
    expect(await app.page.isVisible('[data-action="solution"]')).toBe(false);
    await app.page.click('[data-testid="lesson-solution"] summary');
    await app.page.waitForSelector('[data-testid="lesson-solution"][data-revealed="true"]');
    expect(await app.page.isVisible('[data-action="solution"]')).toBe(true);
  });

  it("passes with the reference answer, with the same numbers as the engine in Node", async () => {
    await app.page.click('[data-action="solution"]');
    expect(await app.page.$eval('select[data-knob="topology.groups.server"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe("1 server with 1 core, speed 4");
    expect(await check()).toBe("passed");
    expect(await app.page.textContent('[data-testid="lesson-summary"]')).toBe(`✓ ${expected.summary}`);
    const sentences = await app.page.$$eval(".lesson-conditions li", (items) => items.map((i) => i.textContent?.replace(/^✓ /, "") ?? ""));
    expect(sentences).toEqual(expected.conditions.map((c) => c.sentence));
    expect(await app.page.getAttribute('.lesson-list li[data-lesson="more-or-faster"]', "data-passed")).toBe("true");
    await screenshot(app.page, "lessons-passed");
  });

  it("keeps the progress and the knob settings across a reload", async () => {
    const saved = JSON.parse((await app.page.evaluate(() => localStorage.getItem("clustersim:lessons:v1"))) ?? "{}");
    expect(saved["more-or-faster"]).toMatchObject({ passed: true, settings: { "topology.groups.server": { option: 4 } } });
    await app.page.reload();
    await app.page.waitForSelector("article.lesson");
    expect(await app.page.getAttribute('.lesson-list li[data-lesson="more-or-faster"]', "data-passed")).toBe("true");
    expect(await app.page.textContent('[data-testid="lessons-passed"]')).toMatch(/^1 of \d+ passed$/);
    expect(await app.page.$eval('select[data-knob="topology.groups.server"]', (s) => (s as HTMLSelectElement).value)).toBe("4");
  });

  it("lesson 11 draws writes lost by replication mode, a point per check, and explains with the run's numbers", async () => {
    await app.page.goto(`${app.server.url}#/lessons/replication`);
    await app.page.waitForSelector('article.lesson[data-lesson="replication"]');
    expect(await app.page.getAttribute('[data-testid="lesson-chart"]', "data-points")).toBe("0");
    expect(await check()).toBe("failed");
    await app.page.waitForSelector('[data-testid="lesson-chart"][data-points="1"]');
    const lost = await app.page.getAttribute('[data-testid="lesson-chart"] [data-line="y"]', "data-y");
    expect(Number(lost)).toBeGreaterThan(100);
    expect(await app.page.getAttribute('[data-testid="lesson-chart"] [data-line="y"]', "data-x")).toBe("async (wait for no replica)");
    expect(await app.page.textContent('[data-testid="lesson-why"]')).toContain(`Your run lost ${Number(lost).toLocaleString("en-US")} acknowledged writes`);
    await app.page.selectOption('select[data-knob="services.orders.database.replication.mode"]', "1");
    await app.page.fill('input[data-knob="services.orders.database.replication.semiSyncTimeout"]', "10s");
    expect(await check()).toBe("passed");
    await app.page.waitForSelector('[data-testid="lesson-chart"][data-points="2"]');
    const points = await app.page.$$eval('[data-testid="lesson-chart"] [data-line="y"]', (marks) => marks.map((m) => `${m.getAttribute("data-x")}=${m.getAttribute("data-y")}`));
    expect(points).toEqual([`async (wait for no replica)=${lost}`, "semi-sync (wait for one, up to a timeout)=0"]);
    await screenshot(app.page, "lessons-replication-chart");
  });

  it("lesson 13 draws Che's prediction beside the simulated hit ratio", async () => {
    await app.page.goto(`${app.server.url}#/lessons/caching`);
    await app.page.waitForSelector('article.lesson[data-lesson="caching"]');
    expect(await check()).toBe("failed");
    await app.page.waitForSelector('[data-testid="lesson-chart"][data-points="1"]');
    const simulated = Number(await app.page.getAttribute('[data-testid="lesson-chart"] [data-line="y"]', "data-y"));
    const che = Number(await app.page.getAttribute('[data-testid="lesson-chart"] [data-line="also"]', "data-y"));
    expect(Math.abs(simulated - che)).toBeLessThan(0.02);
    expect(await app.page.textContent('[data-testid="lesson-why"]')).toMatch(/Che's approximation predicts [\d.]+% for this size/);
    await screenshot(app.page, "lessons-caching-chart");
  });

  it("lesson 10 draws each tier's utilisation window by window", async () => {
    await app.page.goto(`${app.server.url}#/lessons/black-friday`);
    await app.page.waitForSelector('article.lesson[data-lesson="black-friday"]');
    expect(await app.page.getAttribute('[data-testid="lesson-chart"]', "data-chart-kind")).toBe("series");
    await check();
    await app.page.waitForSelector('[data-testid="lesson-chart"][data-groups]');
    const peaks = await app.page.$$eval('[data-testid="lesson-chart"] path[data-group]', (lines) => Object.fromEntries(lines.map((l) => [l.getAttribute("data-group"), Number(l.getAttribute("data-peak"))])));
    expect(Object.keys(peaks).sort()).toEqual(["app", "db", "web"]);
    // The starting scenario's bottleneck saturates for a while, though whole-run averages (~60 %) hide it.
    expect(Math.max(...Object.values(peaks).map(Number))).toBeGreaterThan(0.9);
    const saturated = await app.page.$$eval('[data-testid="lesson-chart"] path[data-group]', (lines) => lines.map((l) => Number(l.getAttribute("data-saturated-ms"))));
    expect(Math.max(...saturated)).toBeGreaterThanOrEqual(30_000);
    await screenshot(app.page, "lessons-black-friday-series");
  });

  it("raised no page errors", () => {
    expect(app.errors).toEqual([]);
  });
});
