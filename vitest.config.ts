// One `vitest run` covers every test in the repository (engine, CLI subprocess tests, browser
// end-to-end tests). Tests assert behaviour, never speed: the generous timeout only keeps a
// loaded 2-core CI machine from failing a long simulation that would pass on an idle one.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    exclude: ["**/node_modules/**", "dist/**", "web/dist/**", "build/out/**"],
  },
});
