import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Model sessions are heavy; two forks match the 2-core machines we test on.
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default", "./test/helpers/closing-line-reporter.ts"],
  },
});
