/**
 * Learned head versions on disk, in the companion's data folder:
 *   models/<head>/<version>.onnx        the head
 *   models/<head>/<version>.card.json   its card (metrics, data counts, date, parameters, seed, snapshot hash)
 *   models/snapshots/<sha256>.json      the training snapshot a run used (shared by the heads of that run)
 * Files are written under a temporary name and renamed, so a crash never leaves half a head behind.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, TrainingSnapshot } from "../../core/domain/learning/training-snapshot.ts";
import { TrainedHeadCard, type LearnedHead } from "../../core/models/trained-heads.ts";

export class HeadFiles {
  constructor(readonly dataDir: string) {}

  get root(): string {
    return join(this.dataDir, "models");
  }

  private dirOf(head: LearnedHead): string {
    return join(this.root, head);
  }

  onnxPath(head: LearnedHead, version: string): string {
    return join(this.dirOf(head), `${version}.onnx`);
  }

  cardPath(head: LearnedHead, version: string): string {
    return join(this.dirOf(head), `${version}.card.json`);
  }

  snapshotPath(hash: string): string {
    return join(this.root, "snapshots", `${hash}.json`);
  }

  /** Every version of a head found on disk (promoted or not), oldest first. */
  versions(head: LearnedHead): string[] {
    const dir = this.dirOf(head);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((n) => n.endsWith(".card.json"))
      .map((n) => n.slice(0, -".card.json".length))
      .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  }

  /** The next free version number; the prior is version 1, so the first trained head is 2. */
  nextVersion(head: LearnedHead, known: readonly string[]): string {
    const numbers = [...this.versions(head), ...known, "1"].map(Number).filter(Number.isFinite);
    return String(Math.max(...numbers) + 1);
  }

  readCard(head: LearnedHead, version: string): TrainedHeadCard | null {
    const file = this.cardPath(head, version);
    if (!existsSync(file)) return null;
    const parsed = TrainedHeadCard.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success)
      throw new Error(`${file}: not a trained head card (${parsed.error.issues[0]?.message})`);
    return parsed.data;
  }

  readOnnx(head: LearnedHead, version: string): Uint8Array {
    return new Uint8Array(readFileSync(this.onnxPath(head, version)));
  }

  write(card: TrainedHeadCard, bytes: Uint8Array): void {
    mkdirSync(this.dirOf(card.id), { recursive: true });
    atomicWrite(this.onnxPath(card.id, card.version), bytes);
    atomicWrite(
      this.cardPath(card.id, card.version),
      `${JSON.stringify(TrainedHeadCard.parse(card), null, 2)}\n`,
    );
  }

  writeSnapshot(hash: string, snapshot: TrainingSnapshot): void {
    const file = this.snapshotPath(hash);
    if (existsSync(file)) return;
    mkdirSync(join(this.root, "snapshots"), { recursive: true });
    atomicWrite(file, canonicalJson(snapshot));
  }

  readSnapshot(hash: string): TrainingSnapshot {
    const file = this.snapshotPath(hash);
    if (!existsSync(file)) throw new Error(`${file}: the training snapshot is missing`);
    return TrainingSnapshot.parse(JSON.parse(readFileSync(file, "utf8")));
  }
}

function atomicWrite(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
