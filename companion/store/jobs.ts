/**
 * Durable jobs. A worker claims a job with a lease; the lease is renewed while it runs. A job whose lease ran
 * out (its process was killed) is claimable again, so nothing is lost; the idempotency key keeps the same work
 * from being queued twice.
 */
import { type Db, now } from "./database.ts";

export type JobState = "queued" | "running" | "done" | "dead";

export interface Job {
  readonly id: number;
  readonly type: string;
  readonly key: string;
  readonly payload: unknown;
  readonly state: JobState;
  readonly priority: number;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastError: string | null;
}

export interface NewJob {
  readonly type: string;
  readonly key: string;
  readonly payload: unknown;
  readonly priority?: number;
  readonly maxAttempts?: number;
  /** Not before this time (epoch ms): a debounced job waits for its inputs to settle. */
  readonly runAfter?: number;
}

export interface JobCounts {
  readonly queued: number;
  readonly running: number;
  readonly done: number;
  readonly dead: number;
}

type Row = Record<string, unknown>;

function toJob(r: Row): Job {
  return {
    id: r.id as number,
    type: r.type as string,
    key: r.key as string,
    payload: JSON.parse(r.payload as string) as unknown,
    state: r.state as JobState,
    priority: r.priority as number,
    attempts: r.attempts as number,
    maxAttempts: r.max_attempts as number,
    lastError: (r.last_error as string | null) ?? null,
  };
}

export class JobRepository {
  constructor(private readonly db: Db) {}

  /** Queue work once per key; queuing it again only raises its priority. Returns whether it is new. */
  enqueue(job: NewJob): { id: number; created: boolean } {
    const t = now();
    const priority = job.priority ?? 0;
    const info = this.db
      .prepare(
        `INSERT INTO jobs (type, key, payload, priority, max_attempts, run_after, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
      )
      .run(
        job.type,
        job.key,
        JSON.stringify(job.payload),
        priority,
        job.maxAttempts ?? 5,
        job.runAfter ?? 0,
        t,
        t,
      );
    if (info.changes > 0) return { id: Number(info.lastInsertRowid), created: true };
    this.db
      .prepare(`UPDATE jobs SET priority = MAX(priority, ?) WHERE key = ? AND state = 'queued'`)
      .run(priority, job.key);
    const row = this.db.prepare(`SELECT id FROM jobs WHERE key = ?`).get(job.key) as { id: number };
    return { id: row.id, created: false };
  }

  /** Take up to `limit` ready jobs, highest priority first, leased to `owner` for `leaseMs`. */
  claim(owner: string, leaseMs: number, limit: number): Job[] {
    return this.db.transaction(() => {
      const t = now();
      const rows = this.db
        .prepare(
          `SELECT * FROM jobs
           WHERE (state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_until < ?)
           ORDER BY priority DESC, id LIMIT ?`,
        )
        .all(t, t, limit) as Row[];
      const take = this.db.prepare(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ?
         WHERE id = ?`,
      );
      for (const r of rows) take.run(owner, t + leaseMs, t, r.id);
      return rows.map((r) => ({
        ...toJob(r),
        state: "running" as const,
        attempts: (r.attempts as number) + 1,
      }));
    })();
  }

  renew(owner: string, ids: readonly number[], leaseMs: number): void {
    const stmt = this.db.prepare(
      `UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`,
    );
    const until = now() + leaseMs;
    this.db.transaction(() => ids.forEach((id) => stmt.run(until, id, owner)))();
  }

  complete(id: number, owner: string): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?`,
      )
      .run(now(), id, owner);
  }

  /** A failed attempt: retried after `retryInMs`, or dead once its attempts are spent. */
  fail(id: number, owner: string, error: string, retryInMs: number): JobState {
    const row = this.db.prepare(`SELECT attempts, max_attempts FROM jobs WHERE id = ?`).get(id) as
      Row | undefined;
    if (!row) return "dead";
    const state: JobState = (row.attempts as number) >= (row.max_attempts as number) ? "dead" : "queued";
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, last_error = ?, run_after = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE id = ? AND lease_owner = ?`,
      )
      .run(state, error.slice(0, 2000), now() + retryInMs, now(), id, owner);
    return state;
  }

  /** Hand an unfinished job back without counting the attempt (graceful shutdown). */
  release(id: number, owner: string): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', attempts = MAX(attempts - 1, 0), lease_owner = NULL, lease_until = NULL,
         updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`,
      )
      .run(now(), id, owner);
  }

  /** At start-up, holding the data folder's lock: whatever a dead process was running is queued again. */
  recoverAbandoned(owner: string): number {
    return this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE state = 'running' AND (lease_owner IS NULL OR lease_owner != ?)`,
      )
      .run(now(), owner).changes;
  }

  prioritise(key: string, priority: number): boolean {
    const info = this.db
      .prepare(
        `UPDATE jobs SET priority = MAX(priority, ?), run_after = MIN(run_after, ?) WHERE key = ? AND state = 'queued'`,
      )
      .run(priority, now(), key);
    return info.changes > 0;
  }

  /** Jobs of one type still waiting to be claimed (a debounced job can still take more work). */
  queuedOfType(type: string): Job[] {
    return (
      this.db.prepare(`SELECT * FROM jobs WHERE type = ? AND state = 'queued' ORDER BY id`).all(type) as Row[]
    ).map(toJob);
  }

  /** Widen a job that is still queued and push it back; false when it was claimed meanwhile. */
  postpone(id: number, payload: unknown, runAfter: number): boolean {
    const info = this.db
      .prepare(`UPDATE jobs SET payload = ?, run_after = ?, updated_at = ? WHERE id = ? AND state = 'queued'`)
      .run(JSON.stringify(payload), runAfter, now(), id);
    return info.changes > 0;
  }

  get(id: number): Job | null {
    const r = this.db.prepare(`SELECT * FROM jobs WHERE id = ?`).get(id) as Row | undefined;
    return r ? toJob(r) : null;
  }

  byKey(key: string): Job | null {
    const r = this.db.prepare(`SELECT * FROM jobs WHERE key = ?`).get(key) as Row | undefined;
    return r ? toJob(r) : null;
  }

  /** Milliseconds until the next queued job becomes ready, or null when none waits. */
  nextReadyIn(): number | null {
    const r = this.db.prepare(`SELECT MIN(run_after) AS at FROM jobs WHERE state = 'queued'`).get() as {
      at: number | null;
    };
    return r.at === null ? null : Math.max(0, r.at - now());
  }

  counts(): JobCounts {
    const rows = this.db.prepare(`SELECT state, COUNT(*) AS n FROM jobs GROUP BY state`).all() as {
      state: JobState;
      n: number;
    }[];
    const by = Object.fromEntries(rows.map((r) => [r.state, r.n])) as Partial<Record<JobState, number>>;
    return { queued: by.queued ?? 0, running: by.running ?? 0, done: by.done ?? 0, dead: by.dead ?? 0 };
  }

  /** The types of the jobs still to do (a start checks that the catalogue handles every one). */
  unfinishedTypes(): string[] {
    const rows = this.db
      .prepare(`SELECT DISTINCT type FROM jobs WHERE state IN ('queued','running')`)
      .all() as { type: string }[];
    return rows.map((r) => r.type);
  }

  dead(limit = 50): Job[] {
    return (
      this.db.prepare(`SELECT * FROM jobs WHERE state = 'dead' ORDER BY id DESC LIMIT ?`).all(limit) as Row[]
    ).map(toJob);
  }
}
