import { deflateSync, inflateSync, strToU8 } from "fflate";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeShareLink, encodeShareLink, fromBase64Url, isShareFragment, toBase64Url, type SharedScenario } from "./share-link";

const threeTier = readFileSync(new URL("../scenarios/three-tier.yaml", import.meta.url), "utf8");
const versions = { schemaVersion: 1, engineVersion: "0.1.0" };
const shared: SharedScenario = {
  schemaVersion: 1,
  engineVersion: "0.1.0",
  seed: 42,
  scenarioText: threeTier,
  files: { "data/b.csv": "t,rate\n0,1\n", "data/a.csv": "x" },
  overrides: ["topology.groups.web.count=8"],
  digest: "c43a9f19f4e7c9cd422ec2f1a7448b82",
};

function expectFailure(fragment: string, pattern: RegExp): void {
  const decoded = decodeShareLink(fragment, versions);
  expect(decoded.ok).toBe(false);
  if (!decoded.ok) expect(decoded.message).toMatch(pattern);
}

describe("share links", () => {
  it("round-trips a scenario with its seed, files, overrides and digest", () => {
    const fragment = encodeShareLink(shared);
    expect(isShareFragment(`#${fragment}`)).toBe(true);
    const decoded = decodeShareLink(`#${fragment}`, versions);
    expect(decoded).toEqual({ ok: true, shared: { ...shared, files: { "data/a.csv": "x", "data/b.csv": "t,rate\n0,1\n" } }, warnings: [] });
  });

  it("compresses a real scenario to a link well under common URL limits", () => {
    const fragment = encodeShareLink(shared);
    expect(fragment.length).toBeLessThan(threeTier.length);
    expect(fragment.length).toBeLessThan(8000);
    expect(fragment).toMatch(/^share=1\.[A-Za-z0-9_-]+$/);
  });

  it("gives the same link for the same scenario whatever the order of its files", () => {
    const reordered = { ...shared, files: { "data/a.csv": "x", "data/b.csv": "t,rate\n0,1\n" } };
    expect(encodeShareLink(reordered)).toBe(encodeShareLink(shared));
  });

  it("warns, but opens, a link made with another engine version", () => {
    const decoded = decodeShareLink(encodeShareLink({ ...shared, engineVersion: "0.0.9" }), versions);
    expect(decoded.ok && decoded.warnings[0]).toMatch(/engine 0\.0\.9; this is engine 0\.1\.0/);
  });

  it("refuses a scenario in another language version with a readable reason", () => {
    expectFailure(encodeShareLink({ ...shared, schemaVersion: 2 }), /language version 2; this app reads version 1/);
  });

  it("says a link from a newer app needs the newer app", () => {
    expectFailure(encodeShareLink(shared).replace("share=1.", "share=7."), /newer clustersim \(link format 7/);
  });

  it("explains a link cut short when copied", () => {
    const fragment = encodeShareLink(shared);
    expectFailure(fragment.slice(0, Math.floor(fragment.length / 2)), /damaged|cut short/);
  });

  it("explains a link with characters no link has", () => {
    expectFailure(`${encodeShareLink(shared)}%20`, /characters a share link never has/);
    expectFailure("share=1.", /ends early/);
    expectFailure("share=abc", /link format number/);
    expectFailure("gallery", /no shared scenario/);
  });

  it("detects contents edited after the link was made (the checksum no longer matches)", () => {
    const json = JSON.stringify({ ...shared, seed: 43, check: "0".repeat(32) });
    const forged = `share=1.${toBase64Url(deflateSync(strToU8(json)))}`;
    expectFailure(forged, /changed after it was made/);
  });

  it("reports every single-character corruption as a friendly failure, never an exception", () => {
    const fragment = encodeShareLink({ ...shared, scenarioText: "version: 1\nname: tiny\n" });
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let failures = 0;
    for (let i = "share=1.".length; i < fragment.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(fragment[i]!) + 17) % alphabet.length]!;
      const decoded = decodeShareLink(fragment.slice(0, i) + replacement + fragment.slice(i + 1), versions);
      if (!decoded.ok) failures++;
      else expect(decoded.shared.scenarioText).toBe("version: 1\nname: tiny\n"); // a change in padding bits only
    }
    expect(failures).toBeGreaterThan(0);
  });

  it("refuses a decompression bomb without inflating it whole", () => {
    const bomb = deflateSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
    expectFailure(`share=1.${toBase64Url(bomb)}`, /more than 4 MB/);
  });

  it("refuses well-formed JSON that is not a shared scenario, naming what is missing", () => {
    const encode = (value: unknown) => `share=1.${toBase64Url(deflateSync(strToU8(JSON.stringify(value))))}`;
    expectFailure(encode([1, 2]), /holds no scenario/);
    expectFailure(encode({ ...shared, seed: -1 }), /seed is not a whole number/);
    expectFailure(encode({ ...shared, files: { a: 1 } }), /data files are unreadable/);
    expectFailure(encode({ ...shared, scenarioText: undefined }), /scenario text is missing/);
  });

  it("converts base64url both ways and rejects impossible lengths", () => {
    const bytes = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(fromBase64Url("A")).toBeNull();
    expect(fromBase64Url("ab+c")).toBeNull();
  });
});

describe("share-link strictness (issue 20, defect 12)", () => {
  const body = (fragment: string) => fragment.slice("share=1.".length);

  it("covers a data file named __proto__ by the checksum", () => {
    const files = Object.fromEntries([["__proto__", "evil"], ["data/a.csv", "x"]]) as Record<string, string>;
    const fragment = encodeShareLink({ ...shared, files });
    const decoded = decodeShareLink(fragment, versions);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(Object.entries(decoded.shared.files)).toEqual([["__proto__", "evil"], ["data/a.csv", "x"]]);
    // Editing that file's content after the link was made is caught.
    const bytes = fromBase64Url(body(fragment))!;
    const json = JSON.parse(new TextDecoder().decode(inflateSync(bytes)));
    json.files.__proto__ = "changed";
    const forged = `share=1.${toBase64Url(deflateSync(strToU8(JSON.stringify(json))))}`;
    expectFailure(forged, /checksum does not match/);
  });

  it("accepts padded base64, as documented, and refuses wrong padding", () => {
    const fragment = encodeShareLink(shared);
    const text = body(fragment);
    const padded = text + "=".repeat((4 - (text.length % 4)) % 4);
    expect(decodeShareLink(`share=1.${padded}`, versions).ok).toBe(true);
    expect(fromBase64Url("QQ==")).toEqual(new Uint8Array([65]));
    expect(fromBase64Url("QQ=")).toBeNull();
    expect(fromBase64Url("QUI==")).toBeNull();
  });

  it("refuses bytes added after the compressed payload", () => {
    const bytes = fromBase64Url(body(encodeShareLink(shared)))!;
    for (const extra of [[0], [1, 2, 3], [255]]) {
      const longer = new Uint8Array([...bytes, ...extra]);
      expectFailure(`share=1.${toBase64Url(longer)}`, /extra characters after its data/);
    }
  });
});
