/**
 * The XMP service on the XMP engineer's XmpStore: one exiftool process (with our namespace) shared by one store per
 * folder policy, and one write queue per photo shared by all of them: after a config edit changes a folder's policy,
 * the old and the new store never write one photo at once. XmpStore.update reads, plans under the ownership rule
 * and writes only what changed.
 */
import { ExifTool } from "exiftool-vendored";
import { planXmpWrite } from "../../core/domain/xmp/plan.ts";
import type { XmpIntent } from "../../core/domain/xmp/intent.ts";
import type { XmpPolicy } from "../../core/domain/xmp/policy.ts";
import { PhotoWriteQueues, XmpStore, xmpExifToolArgs } from "../../core/adapters/xmp-store.ts";
import type { XmpService, XmpWriteReport } from "../queue/services.ts";

/** Worth another attempt later; everything else is a fact about the file that a retry does not change. */
const TRANSIENT = new Set(["concurrent-change", "write-failed"]);

export class XmpStoreService implements XmpService {
  private readonly stores = new Map<string, XmpStore>();
  private readonly queues = new PhotoWriteQueues();
  private readonly exiftool = new ExifTool({
    exiftoolArgs: xmpExifToolArgs(),
    maxProcs: 1,
    taskTimeoutMillis: 30_000,
  });

  private storeFor(policy: XmpPolicy): XmpStore {
    const key = JSON.stringify(policy);
    let store = this.stores.get(key);
    if (!store) this.stores.set(key, (store = new XmpStore(this.exiftool, policy, this.queues)));
    return store;
  }

  async write(target: string, intent: XmpIntent, policy: XmpPolicy): Promise<XmpWriteReport> {
    const result = await this.storeFor(policy).update(target, intent);
    if (result.ok) {
      const skipped = result.value.plan.skipped.map((s) => `${s.field}: ${s.code}`);
      return { written: result.value.outcome.written, skipped };
    }
    if (TRANSIENT.has(result.error.code)) throw result.error;
    return { written: false, skipped: [], problem: `${result.error.code}: ${result.error.message}` };
  }

  async holds(target: string, intent: XmpIntent, policy: XmpPolicy): Promise<boolean> {
    const store = this.storeFor(policy);
    const read = await store.readXmp(target);
    return read.ok && !planXmpWrite(read.value.snapshot, intent, store.policy).changed;
  }

  close(): Promise<void> {
    return this.exiftool.end();
  }
}
