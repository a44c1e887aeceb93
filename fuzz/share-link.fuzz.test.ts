/**
 * Share links under fuzzing (issue 20): any scenario round-trips exactly, and any damage to a
 * link (characters changed, cut, added, or arbitrary text) never throws: it either decodes to
 * exactly what was shared or gives a message.
 */
import { describe, it, expect } from "vitest";
import { fc } from "@fast-check/vitest";
import { decodeShareLink, encodeShareLink, type SharedScenario } from "../web/share-link";
import { checkProperty, PROPERTY_TIMEOUT_MS } from "./budget";

const versions = { schemaVersion: 1, engineVersion: "0.1.0" };
const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "toString", "data/a.csv"));
const shared: fc.Arbitrary<SharedScenario> = fc.record({
  schemaVersion: fc.constant(1),
  engineVersion: fc.constant("0.1.0"),
  seed: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  scenarioText: fc.string({ maxLength: 400, unit: "grapheme" }),
  files: fc.dictionary(key, fc.string({ maxLength: 60 }), { maxKeys: 4 }).map((d) => Object.fromEntries(Object.entries(d))),
  overrides: fc.array(fc.string({ maxLength: 30 }), { maxLength: 4 }),
  digest: fc.option(fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 32, maxLength: 32 }), { nil: null }),
});

/** One way to damage a link's text. */
const damage = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 8 }) }),
);

/** `link` with one damage applied. */
function applyDamage(link: string, d: { kind: "replace" | "cut" | "insert"; at: number; char?: string; text?: string }): string {
  const at = d.at % (link.length + 1);
  if (d.kind === "cut") return link.slice(0, at);
  if (d.kind === "insert") return link.slice(0, at) + d.text! + link.slice(at);
  return link.slice(0, at) + d.char! + link.slice(at + 1);
}

describe("share links (fuzz)", () => {
  it("round-trip every scenario and survive any damage", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    const runs = await checkProperty("share links", fc.property(shared, fc.array(damage, { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 80 }), (value, damages, junk) => {
      const link = encodeShareLink(value);
      const decoded = decodeShareLink(link, versions);
      expect(decoded.ok).toBe(true);
      if (decoded.ok) {
        expect(JSON.stringify(decoded.shared)).toBe(JSON.stringify({ ...value, files: Object.fromEntries(Object.keys(value.files).sort().map((k) => [k, value.files[k]])) }));
      }
      let damaged = link;
      for (const d of damages) damaged = applyDamage(damaged, d);
      for (const fragment of [damaged, junk, `share=1.${junk}`]) {
        const outcome = decodeShareLink(fragment, versions);
        if (outcome.ok && decoded.ok) expect(JSON.stringify(outcome.shared)).toBe(JSON.stringify(decoded.shared));
        if (!outcome.ok) expect(outcome.message.length).toBeGreaterThan(0);
      }
    }), 150);
    expect(runs).toBeGreaterThan(0);
  });
});
