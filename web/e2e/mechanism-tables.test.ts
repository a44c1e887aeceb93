/**
 * A mechanism-heavy scenario in the browser: network-partition (two replicated clusters side by
 * side, a partition) runs in the worker and the run view shows the engine's Result tables —
 * acknowledged writes lost and leaders per cluster, one row per cluster, the values the
 * Result in Node has — before the request tiles, which are headed as pooled over classes.
 */
import { readFileSync } from "node:fs";

import { beforeAll, describe, expect, it } from "vitest";
import { resultDigest, simulate, type Result } from "../../engine/index";
import { screenshot, shareFragment, waitForRunStatus, useApp } from "./support";

const scenario = readFileSync(new URL("../../scenarios/network-partition.yaml", import.meta.url), "utf8");

let expected: Result;

const app = useApp({ fragment: async () => { expected = simulate(scenario); return `#${await shareFragment(scenario, { seed: expected.seed, digest: resultDigest(expected) })}`; } });

beforeAll(async () => {
  await waitForRunStatus(app.page);
}, 120_000);

describe("the run view of network-partition", () => {
  it("shows lost acknowledged writes and the most leaders per cluster, a row per cluster", async () => {
    expect(await app.page.getAttribute(".run-status", "data-status")).toBe("done");
    const table = 'table[data-section="replicated"]';
    const header = await app.page.$$eval(`${table} thead th`, (cells) => cells.map((c) => c.textContent));
    const lostColumn = header.indexOf("acknowledged writes lost");
    const leadersColumn = header.indexOf("most leaders");
    expect(lostColumn).toBeGreaterThan(0);
    expect(leadersColumn).toBeGreaterThan(0);
    for (const cluster of expected.replicated) {
      const cells = await app.page.$$eval(`${table} tr[data-row="${cluster.service}"] > *`, (cells) => cells.map((c) => ({ text: c.textContent, value: c.getAttribute("data-value") })));
      expect(cells[0]!.text).toBe(cluster.service);
      expect(Number(cells[lostColumn]!.value)).toBe(cluster.writesLost);
      expect(Number(cells[leadersColumn]!.value)).toBe(cluster.leadersMax);
    }
    // The async cluster lost thousands of acknowledged writes; the quorum one none.
    expect(expected.replicated.map((r) => r.writesLost > 0)).toEqual([false, true]);
    const sentences = await app.page.$$eval(".insights li", (items) => items.map((i) => i.textContent ?? ""));
    expect(sentences).toContain(`orders-async lost ${expected.replicated[1]!.writesLost.toLocaleString("en-US")} acknowledged writes (2 leaders at once for 3.0 min).`);
  });

  it("puts the mechanism's table before the tiles, and heads the request tiles as pooled over its classes", async () => {
    // The numbers are built in parts (run-view.ts): each part's elements sit in a slot of no size of its own.
    const order = await app.page.$$eval(".numbers > .section-part > *", (elements) => elements.map((e) => e.querySelector("[data-section]")?.getAttribute("data-section") ?? e.querySelector("table")?.className ?? e.className));
    // Every table is a Result section's, or the SLO table (the scenario's SLOs judge the clusters' lost writes).
    expect(order.filter((name) => name === "table-scroll")).toEqual([]);
    expect(order[0]).toBe("replicated");
    expect(order).toContain("classes");
    expect(await app.page.getAttribute("dl.tiles", "data-pooled")).toBe("true");
    expect(await app.page.textContent(".numbers .summary h3")).toContain("classes pooled");
    const met = expected.slos.filter((slo) => slo.passed).length;
    expect(expected.slos.length).toBeGreaterThan(met); // orders-async loses acknowledged writes
    expect(await app.page.textContent('.tile[data-metric="slos"] dd')).toBe(`${met} of ${expected.slos.length} met`);
    // Leaders at once per cluster, over time: the async cluster's split brain shows as 2.
    expect(await app.page.$('figure[data-chart="leaders"]')).not.toBeNull();
    await screenshot(app.page, "run-view-network-partition");
  });
});
