import { resolve } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openObviousStack, type ObviousStack } from "../../companion/cli/obvious-stack.ts";

const PHOTO = resolve(import.meta.dirname, "../fixtures/photos/side-runner-street-kurrasch-unsplash.jpg");

describe("the obvious JavaScript stack the bench measures against", () => {
  let stack: ObviousStack | string | undefined;
  afterAll(() => {
    if (stack && typeof stack !== "string") stack.close();
    vi.unstubAllGlobals();
  });

  it("loads Human's models and the wasm backend from node_modules, never the network, and finds the runner", async () => {
    const fetched: string[] = [];
    vi.stubGlobal("fetch", (url: unknown) => {
      fetched.push(String(url));
      return Promise.reject(new Error("no network in this test"));
    });
    stack = await openObviousStack();
    if (typeof stack === "string") throw new Error(stack);
    const result = await stack.analyze(PHOTO);
    expect(fetched).toEqual([]);
    expect(result.persons).toBeGreaterThanOrEqual(1);
    expect(result.faces).toBeGreaterThanOrEqual(0); // this runner is side-on: Human's face detector passes
    expect(result.decode).toBeGreaterThan(0);
    expect(result.detect).toBeGreaterThan(0);
  }, 60_000);
});
