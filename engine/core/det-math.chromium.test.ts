/**
 * The point of det-math: the same bits in Node and in the browser. This test bundles the
 * fixed-sample digest (det-math/test-support/samples.ts) with esbuild, evaluates it in Debian's
 * Chromium (a newer V8 whose Math.log, sin, cos, cbrt, ... come from LLVM's libc) and compares
 * it with Node's. It also checks that the sample exercises what it should: Math itself must
 * disagree between the two engines somewhere on it, or the comparison proves nothing.
 */
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { detMathSampleDigest, mathSampleDigest } from "./det-math/test-support/samples";

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLE = 2000;

async function bundleSampleScript(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { detMathSampleDigest, mathSampleDigest } from "./det-math/test-support/samples";
        globalThis.__digests = { det: detMathSampleDigest(${SAMPLE}), math: mathSampleDigest(${SAMPLE}) };`,
      resolveDir: here,
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("det-math across JavaScript engines", () => {
  it("gives Chromium the same digest of outputs as Node, where Math.* does not", async () => {
    const script = await bundleSampleScript();
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });
    try {
      const page = await browser.newPage();
      const inBrowser = await page.evaluate((code) => {
        (0, eval)(code);
        return (globalThis as unknown as { __digests: { det: string; math: string } }).__digests;
      }, script);
      expect(inBrowser.det).toBe(detMathSampleDigest(SAMPLE));
      expect(inBrowser.math).not.toBe(mathSampleDigest(SAMPLE));
    } finally {
      await browser.close();
    }
  });
});
