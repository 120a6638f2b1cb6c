/** Where workers fetch a model version they lack: the URL the companion advertises, and `score --queue`'s flag. */
import { describe, expect, it } from "vitest";
import { queueRunOptions } from "../../companion/cli/queue-options.ts";
import { UsageError } from "../../companion/cli/options.ts";
import { advertisedUrl, networkHosts, networkOpen } from "../../companion/http/network.ts";

const URL_ = "redis://:pw@127.0.0.1:6390/0";

describe("the model source a companion advertises", () => {
  it("is loopback while the API is closed, a configured name or address once opened, publicUrl above all", () => {
    expect(advertisedUrl({ port: 7613 }, 7613)).toBe("http://127.0.0.1:7613");
    expect(advertisedUrl({ port: 0, listen: "0.0.0.0", allowedHosts: [] }, 4000)).toBe(
      "http://127.0.0.1:4000",
    );
    expect(advertisedUrl({ port: 0, listen: "10.0.0.5", allowedHosts: [] }, 4000)).toBe(
      "http://10.0.0.5:4000",
    );
    expect(advertisedUrl({ port: 0, listen: "0.0.0.0", allowedHosts: ["race-server.local"] }, 4000)).toBe(
      "http://race-server.local:4000",
    );
    expect(advertisedUrl({ port: 0, listen: "::", allowedHosts: ["fd00::5"] }, 4000)).toBe(
      "http://[fd00::5]:4000",
    );
    expect(
      advertisedUrl(
        { port: 0, allowedHosts: ["a.local"], publicUrl: "https://races.example/stridelight" },
        1,
      ),
    ).toBe("https://races.example/stridelight");
  });

  it("counts as open to the network when bound beyond loopback or answering to other names", () => {
    expect(networkOpen({ port: 1 })).toBe(false);
    expect(networkOpen({ port: 1, listen: "127.0.0.1", allowedHosts: [] })).toBe(false);
    expect(networkOpen({ port: 1, listen: "0.0.0.0", allowedHosts: [] })).toBe(true);
    expect(networkOpen({ port: 1, listen: "127.0.0.1", allowedHosts: ["x.local"] })).toBe(true);
    // A reload back to loopback does not close a socket that is still bound to every interface.
    expect(networkOpen({ port: 1, listen: "127.0.0.1", allowedHosts: [] }, "0.0.0.0")).toBe(true);
    expect(networkHosts({ port: 1, listen: "10.0.0.5", allowedHosts: ["A.local"] })).toEqual([
      "a.local",
      "10.0.0.5",
    ]);
  });
});

describe("score --queue --model-source", () => {
  it("passes an http(s) URL through and refuses anything else as a usage mistake", () => {
    expect(queueRunOptions({ queue: URL_, modelSource: "http://race-server.local:7613" }).modelSource).toBe(
      "http://race-server.local:7613",
    );
    expect(queueRunOptions({ queue: URL_ }).modelSource).toBeUndefined();
    expect(() => queueRunOptions({ queue: URL_, modelSource: "ftp://x" })).toThrow(UsageError);
    expect(() => queueRunOptions({ queue: URL_, modelSource: "race-server" })).toThrow(/--model-source/);
  });
});
