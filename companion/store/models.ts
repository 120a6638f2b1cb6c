/**
 * Model versions: which version of each model (detector, pose, the learned scoring and crop heads) produced the
 * results, which one is active, and the way back to the previous one.
 */
import { type Db, now } from "./database.ts";

export interface ModelVersion {
  readonly id: number;
  readonly model: string;
  readonly version: string;
  readonly params: unknown;
  readonly active: boolean;
  readonly createdAt: number;
}

type Row = Record<string, unknown>;

function toVersion(r: Row): ModelVersion {
  return {
    id: r.id as number,
    model: r.model as string,
    version: r.version as string,
    params: r.params ? (JSON.parse(r.params as string) as unknown) : null,
    active: r.active === 1,
    createdAt: r.created_at as number,
  };
}

export class ModelRepository {
  constructor(private readonly db: Db) {}

  /** Record a version (once) and make it the active one of its model. */
  activate(model: string, version: string, params: unknown = null): ModelVersion {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO model_versions (model, version, params, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(model, version, JSON.stringify(params), now());
      this.db.prepare(`UPDATE model_versions SET active = (version = ?) WHERE model = ?`).run(version, model);
    })();
    return this.active(model)!;
  }

  active(model: string): ModelVersion | null {
    const r = this.db.prepare(`SELECT * FROM model_versions WHERE model = ? AND active = 1`).get(model) as
      Row | undefined;
    return r ? toVersion(r) : null;
  }

  list(): ModelVersion[] {
    return (this.db.prepare(`SELECT * FROM model_versions ORDER BY model, id`).all() as Row[]).map(toVersion);
  }

  /** Make the version recorded before the active one active again; null when there is none to go back to. */
  rollBack(model: string): ModelVersion | null {
    const current = this.active(model);
    if (!current) return null;
    const previous = this.db
      .prepare(`SELECT * FROM model_versions WHERE model = ? AND id < ? ORDER BY id DESC LIMIT 1`)
      .get(model, current.id) as Row | undefined;
    if (!previous) return null;
    this.db.prepare(`UPDATE model_versions SET active = (id = ?) WHERE model = ?`).run(previous.id, model);
    return this.active(model);
  }
}
