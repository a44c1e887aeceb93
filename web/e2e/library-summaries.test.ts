/**
 * The library scenarios in the browser (shortened as the CLI tests shorten them; the two longest
 * replays are left to the CLI tests): each runs in the worker, and the run view shows the table
 * its header names — every row and every figure, the values the Result in Node has — the serving
 * capacity tile with booting and draining apart, the cost with its currency and period, the SLO
 * count, and the mechanism charts (leaders at once, time at a node by version) where the scenario
 * has those mechanisms. network-partition is covered in mechanism-tables.test.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { capacityShares, ENGINE_VERSION, resultDigest, resultTables, simulate } from "../../engine/index";
import { encodeShareLink } from "../share-link";
import { openPage, useApp, waitForRunStatus } from "./support";

/** Scenario, its shorter duration (none: whole), the tables its header names, the mechanism chart it must draw. */
const CASES: ReadonlyArray<{ name: string; duration?: string; tables: string[]; chart?: string }> = [
  { name: "db-failover", duration: "6m", tables: ["databases", "failovers"] },
  { name: "hpc-batch", tables: ["batch-policies"] },
  { name: "heartbeat-tuning", tables: ["detectors"] },
  { name: "gray-failure", tables: ["classes"] },
  { name: "retry-storm", tables: ["classes"] },
  { name: "rolling-update", tables: ["rolling-updates", "classes"], chart: "versions" },
  { name: "cache-stampede", duration: "4m", tables: ["caches"] },
  { name: "cdn-launch", duration: "7m", tables: ["caches", "classes"] },
  { name: "region-dr-drill", duration: "8m", tables: ["regions", "databases"] },
  { name: "zone-outage-at-peak", duration: "4m", tables: ["health-checks"] },
  { name: "three-tier", duration: "2m", tables: ["classes"] },
];

const app = useApp({ open: false });

describe("library scenarios in the browser show what their headers name", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const text = readFileSync(new URL(`../../scenarios/${c.name}.yaml`, import.meta.url), "utf8");
      const overrides = c.duration === undefined ? [] : [`run.duration=${c.duration}`];
      const expected = simulate(text, { overrides });
      const fragment = encodeShareLink({ schemaVersion: 1, engineVersion: ENGINE_VERSION, seed: expected.seed, scenarioText: text, files: {}, overrides, digest: resultDigest(expected) });
      const { page } = await openPage(app.context, `${app.server.url}#${fragment}`);
      expect(await waitForRunStatus(page, undefined, 240_000)).toBe("done");
      expect(await page.getAttribute('[data-testid="reproduced"]', "data-reproduced")).toBe("true");
      const tables = resultTables(expected);
      for (const id of c.tables) {
        const model = tables.find((t) => t.id === id);
        expect(model, `table ${id}`).toBeDefined();
        const shown = await page.$$eval(`table[data-section="${id}"] tbody tr`, (rows) => rows.map((row) => ({
          key: row.getAttribute("data-row"),
          values: [...row.children].slice(1).map((cell) => cell.getAttribute("data-value")),
        })));
        expect(shown.map((row) => row.key)).toEqual(model!.rows.map((row) => row.key));
        model!.rows.forEach((row, r) => {
          row.cells.slice(1).forEach((cell, i) => expect(shown[r]!.values[i], `${id} ${row.key} ${model!.columns[i + 1]!.label}`).toBe(cell === null ? "null" : String(cell)));
        });
      }
      // Serving capacity (booting and draining apart), cost with currency and period, SLO count.
      const capacity = capacityShares(expected);
      if (capacity === null) {
        expect(await page.$('.tile[data-metric="servingCapacity"]')).toBeNull(); // no nodes (a batch cluster): no tile of dashes
        expect(await page.$('.tile[data-metric="cost"]')).toBeNull(); // and no price: no cost, rather than $0.00
      } else {
        expect(Number(await page.getAttribute('.tile[data-metric="servingCapacity"] dd', "data-value"))).toBe(capacity.serving);
        expect(await page.textContent('.tile[data-metric="servingCapacity"] small')).toContain("booting");
      }
      if (capacity !== null) expect(await page.textContent('.tile[data-metric="cost"] small')).toMatch(/^USD over .+ simulated, warm-up included \(\$[\d.,]+ USD per hour\)$/);
      const met = expected.slos.filter((slo) => slo.passed).length;
      expect(await page.textContent('.tile[data-metric="slos"] dd')).toBe(`${met} of ${expected.slos.length} met`);
      if (c.chart !== undefined) expect(await page.$(`figure[data-chart="${c.chart}"]`)).not.toBeNull();
      await page.close();
    }, 300_000);
  }
});
