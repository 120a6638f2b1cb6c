/**
 * The store's schema as an ordered list of migrations. Append only: a released migration never changes, a new
 * one follows it. user_version records how far a data folder has come.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,            -- sha256 of the analysed file: identity across renames and moves
    path TEXT NOT NULL,                   -- the file analysed
    folder TEXT NOT NULL,                 -- the watched folder it came from ('' for uploads and API paths)
    pair_key TEXT NOT NULL,               -- folder/stem, lower case: RAW+JPEG of one shot share it
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','analysing','done','failed')),
    revision INTEGER NOT NULL DEFAULT 0,  -- bumped when what must be written changes (a RAW joined the JPEG)
    error TEXT,
    analysis TEXT,                        -- AnyRecord JSON
    scores TEXT,                          -- PhotoScores JSON
    crops TEXT,                           -- CropProposal[] JSON
    keeper REAL,
    stars INTEGER,
    bibs TEXT NOT NULL DEFAULT '[]',
    flags TEXT NOT NULL DEFAULT '[]',
    burst TEXT,
    capture_ms REAL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX photos_folder ON photos (folder, status);
  CREATE INDEX photos_pair ON photos (pair_key);
  CREATE INDEX photos_path ON photos (path);

  CREATE TABLE photo_files (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('analysed','raw','companion'))
  );
  CREATE INDEX photo_files_hash ON photo_files (hash);
  CREATE INDEX photo_files_photo ON photo_files (photo_id);

  CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,             -- idempotency: the same work is queued once
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','dead')),
    priority INTEGER NOT NULL DEFAULT 0,  -- higher first: a photo open in a plugin jumps the queue
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    run_after INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX jobs_ready ON jobs (state, priority DESC, run_after, id);

  CREATE TABLE xmp_writes (
    id INTEGER PRIMARY KEY,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    plan_hash TEXT NOT NULL,
    plan TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('intent','done','skipped','failed')),
    outcome TEXT,
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    UNIQUE (photo_id, target, plan_hash)
  );

  CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT,
    proposal TEXT,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX feedback_photo ON feedback (photo_id);

  CREATE TABLE model_versions (
    id INTEGER PRIMARY KEY,
    model TEXT NOT NULL,
    version TEXT NOT NULL,
    params TEXT,
    active INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (model, version)
  );
  `,
  // 2: the order in which plans were meant for a file (A -> B -> A), which millisecond timestamps cannot tell.
  `
  ALTER TABLE xmp_writes ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  UPDATE xmp_writes SET seq = id;
  `,
  // One spelling (#20): the stored status, file role and task names say "analyze".
  `
  DROP INDEX photos_folder;
  ALTER TABLE photos RENAME COLUMN status TO status_before;
  ALTER TABLE photos ADD COLUMN status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued','analyzing','done','failed'));
  UPDATE photos SET status = CASE status_before WHEN 'analysing' THEN 'analyzing' ELSE status_before END;
  ALTER TABLE photos DROP COLUMN status_before;
  CREATE INDEX photos_folder ON photos (folder, status);
  ALTER TABLE photo_files RENAME COLUMN role TO role_before;
  ALTER TABLE photo_files ADD COLUMN role TEXT NOT NULL DEFAULT 'analyzed'
    CHECK (role IN ('analyzed','raw','companion'));
  UPDATE photo_files SET role = CASE role_before WHEN 'analysed' THEN 'analyzed' ELSE role_before END;
  ALTER TABLE photo_files DROP COLUMN role_before;
  UPDATE jobs SET payload = replace(payload, '"analyse"', '"analyze"'), key = replace(key, 'analyse', 'analyze')
    WHERE state IN ('queued','running');
  `,
  // 4 (#22): one runner across the shoot, kept between scorings. A re-link (queue/jobs/relink-people.ts) names each
  // posed runner's person and what was carried onto it; ids stay the same from one re-link to the next.
  `
  CREATE TABLE people (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    runner INTEGER NOT NULL,              -- index of the runner in the photo's analysis record
    person TEXT NOT NULL,                 -- '<12 hex of a photo>#<runner>': stable within the folder
    carried_bib TEXT,                     -- the bib carried onto this runner (not read here), or NULL
    carried_confidence REAL,
    PRIMARY KEY (photo_id, runner)
  );
  CREATE INDEX people_person ON people (person);
  CREATE TABLE relink_asked (             -- photos scored since their folder's last re-link: the next one's stretch
    photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    folder TEXT NOT NULL,
    asked_at INTEGER NOT NULL
  );
  CREATE INDEX relink_asked_folder ON relink_asked (folder);
  `,
];
