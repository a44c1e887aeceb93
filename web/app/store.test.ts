/**
 * Issue 20, defect 11: the browser keeps the user's work. A share link no longer overwrites
 * the user's own draft without a copy (it is kept and can be restored, and restoring again
 * goes back), and a reload restores every saved field of the draft (overrides and the
 * sender's digest included), so it runs the same scenario it ran before.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppStore, type Draft } from "./store";

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  setItem(key: string, value: string): void { this.items.set(key, value); }
  removeItem(key: string): void { this.items.delete(key); }
}

const fallback: Draft = { sourceId: "three-tier", text: "built-in", seed: null };
const mine: Draft = { sourceId: null, text: "name: mine\n", seed: 7 };
const shared: Draft = { sourceId: null, text: "name: shared\n", seed: 42, files: { "data/a.csv": "x" }, overrides: ["run.duration=1s"], expectedDigest: "abc123" };

describe("the draft store", () => {
  beforeEach(() => { (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage(); });
  afterEach(() => { delete (globalThis as { localStorage?: unknown }).localStorage; });

  it("restores every saved field on reload", () => {
    new AppStore(fallback).setDraft(shared);
    expect(new AppStore(fallback).draft).toEqual(shared);
  });

  it("keeps the user's draft when a share link replaces it, and restores it (both ways)", () => {
    const store = new AppStore(fallback);
    store.setDraft(mine);
    expect(store.previousDraft()).toBeNull();
    expect(store.replaceDraftKeepingPrevious(shared)).toBe(true);
    expect(store.draft).toEqual(shared);
    const reloaded = new AppStore(fallback); // the kept draft survives a reload
    expect(reloaded.previousDraft()).toEqual(mine);
    expect(reloaded.restorePreviousDraft()).toBe(true);
    expect(reloaded.draft).toEqual(mine);
    expect(reloaded.previousDraft()).toEqual(shared);
  });

  it("keeps nothing when the link holds the same draft", () => {
    const store = new AppStore(fallback);
    store.setDraft(shared);
    expect(store.replaceDraftKeepingPrevious({ ...shared })).toBe(false);
    expect(store.restorePreviousDraft()).toBe(false);
  });
});
