/** The pure parts of the Redis queue: URLs (and never showing their passwords), path maps, job ids. */
import { describe, expect, it } from "vitest";
import { analysisJobId, settingsKey, type ModelSet } from "../../companion/distributed/analysis-job.ts";
import { PathMap } from "../../companion/distributed/path-map.ts";
import { parseRedisUrl } from "../../companion/distributed/queue-url.ts";
import { redactSecrets, redactUrl } from "../../companion/distributed/redact-url.ts";

const HASH = "a".repeat(64);
const MODELS: ModelSet = { centernet: { version: "1", sha256: "b".repeat(64) } };

describe("redis URLs", () => {
  it("parses host, port, db and password, and shows it with the password redacted", () => {
    const parsed = parseRedisUrl("redis://:s3cret@10.0.0.5:6390/2");
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.target).toMatchObject({ host: "10.0.0.5", port: 6390, db: 2, password: "s3cret" });
    expect(parsed.target.shown).toBe("redis://:***@10.0.0.5:6390/2");
  });

  it("names the problem without the password", () => {
    const bad = parseRedisUrl("http://:s3cret@host:1/0");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).not.toContain("s3cret");
    const db = parseRedisUrl("redis://:s3cret@host:1/x");
    expect(db.ok).toBe(false);
  });

  it("redacts user:password URLs inside any text, leaves other text alone", () => {
    expect(redactUrl("redis://worker:pw@h:1")).toBe("redis://worker:***@h:1");
    expect(redactSecrets("connect ECONNREFUSED redis://:pw@h:1/0 and http://x/y")).toBe(
      "connect ECONNREFUSED redis://:***@h:1/0 and http://x/y",
    );
  });
});

describe("path map", () => {
  it("turns the owner's path into a shared name and the shared name into the worker's path", () => {
    const owner = new PathMap({ "/Volumes/Race": "race", "/Volumes/Race/2024": "race24" });
    const worker = PathMap.fromFlags(["/mnt/nas/race=race", "/mnt/nas/r24/=race24"]);
    expect(owner.toShared("/Volumes/Race/a/IMG_1.CR3")).toBe("race:a/IMG_1.CR3");
    expect(owner.toShared("/Volumes/Race/2024/IMG_2.jpg")).toBe("race24:IMG_2.jpg");
    expect(worker.toLocal("race:a/IMG_1.CR3")).toBe("/mnt/nas/race/a/IMG_1.CR3");
    expect(worker.toLocal("race24:IMG_2.jpg")).toBe("/mnt/nas/r24/IMG_2.jpg");
  });

  it("passes unmapped absolute paths through and refuses a share it does not know", () => {
    const map = new PathMap({ "/mnt/a": "a" });
    expect(map.toShared("/elsewhere/x.jpg")).toBe("/elsewhere/x.jpg");
    expect(map.toLocal("/elsewhere/x.jpg")).toBe("/elsewhere/x.jpg");
    expect(map.toLocal("b:x.jpg")).toBeNull();
    expect(() => PathMap.fromFlags(["no-equals-sign"])).toThrow(/local\/folder=shared-name/);
  });
});

describe("job ids", () => {
  it("are the same for the same content and settings, different when a model or the size changes", () => {
    const job = { sha256: HASH, models: MODELS, maxSide: 1280, bibs: true };
    const id = analysisJobId(job);
    expect(id).toBe(analysisJobId({ ...job, models: { ...MODELS } }));
    expect(id).not.toContain(":");
    expect(id).not.toBe(analysisJobId({ ...job, maxSide: 1536 }));
    expect(id).not.toBe(analysisJobId({ ...job, bibs: false }));
    const newer = { centernet: { version: "2", sha256: "b".repeat(64) } };
    expect(settingsKey(newer, 1280)).not.toBe(settingsKey(MODELS, 1280));
  });
});
