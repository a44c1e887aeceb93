import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinFiles, builtinScenarios, catalogEntry, filesForScenario, parseHeaderComment } from "./scenario-catalog";

const scenariosDir = new URL("../scenarios/", import.meta.url);

describe("the scenario catalog", () => {
  it("holds every scenario file in scenarios/, so new examples reach the gallery untouched", () => {
    const files = readdirSync(scenariosDir).filter((f) => f.endsWith(".yaml")).sort();
    expect(builtinScenarios.map((e) => `${e.id}.yaml`).sort()).toEqual(files);
    for (const entry of builtinScenarios) expect(entry.text).toBe(readFileSync(new URL(`${entry.id}.yaml`, scenariosDir), "utf8"));
  });

  it("gives every built-in scenario a name and something to say on its card", () => {
    for (const entry of builtinScenarios) {
      expect(entry.name, entry.id).not.toBe("");
      expect(entry.description + entry.header.title, entry.id).not.toBe("");
    }
  });

  it("bundles the data files under scenarios/data keyed as scenarios refer to them", () => {
    const names = readdirSync(new URL("data/", scenariosDir)).sort();
    expect(Object.keys(builtinFiles)).toEqual(names.map((n) => `data/${n}`));
  });

  it("reads a header comment into a title and labelled paragraphs", () => {
    const header = parseHeaderComment([
      "# yaml-language-server: $schema=scenario.schema.json",
      "# demo: a small shop",
      "#   under load.",
      "#",
      "# What it teaches: queues grow",
      "# when busy.",
      "# Look at: p99.",
      "#",
      "# Plain text here.",
      "version: 1",
      "# not part of the header",
    ].join("\n"), "demo");
    expect(header).toEqual({
      title: "a small shop under load.",
      paragraphs: [
        { label: "What it teaches", text: "queues grow when busy." },
        { label: "Look at", text: "p99." },
        { label: null, text: "Plain text here." },
      ],
    });
  });

  it("builds an entry from the file name, the scenario's name and its description", () => {
    const entry = catalogEntry("../scenarios/x-y.yaml", "# x: hello\nversion: 1\nname: x\ndescription: Short.\n");
    expect(entry).toMatchObject({ id: "x-y", path: "scenarios/x-y.yaml", name: "x", description: "Short.", header: { title: "hello", paragraphs: [] } });
  });

  it("falls back to the file name when a scenario cannot be parsed", () => {
    expect(catalogEntry("bad.yaml", "a: [").name).toBe("bad");
  });

  it("finds no data files for a scenario that needs none", () => {
    expect(filesForScenario(readFileSync(new URL("three-tier.yaml", scenariosDir), "utf8"))).toEqual({});
  });
});
