/** The companion's store: one database, one repository per concept. */
import { dirname } from "node:path";
import { openDatabase, type Db } from "./database.ts";
import { FeedbackRepository } from "./feedback.ts";
import { JobRepository } from "./jobs.ts";
import { ModelRepository } from "./models.ts";
import { PeopleRepository } from "./people.ts";
import { PhotoRepository } from "./photos.ts";
import { XmpWriteRepository } from "./xmp-writes.ts";

export class Store {
  readonly photos: PhotoRepository;
  readonly jobs: JobRepository;
  readonly writes: XmpWriteRepository;
  readonly feedback: FeedbackRepository;
  readonly models: ModelRepository;
  readonly people: PeopleRepository;

  private constructor(readonly db: Db) {
    this.photos = new PhotoRepository(db);
    this.jobs = new JobRepository(db);
    this.writes = new XmpWriteRepository(db);
    this.feedback = new FeedbackRepository(db);
    this.models = new ModelRepository(db);
    this.people = new PeopleRepository(db);
  }

  /** The data folder the store lives in (the SQLite file's folder). */
  get dataDir(): string {
    return dirname(this.db.name);
  }

  /** False once closed (work still finishing after a stop must not touch it). */
  get isOpen(): boolean {
    return this.db.open;
  }

  /** Runs `work` in one transaction: all of it lands or none. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  static open(dataDir: string): Store {
    return new Store(openDatabase(dataDir));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
