/// One named step of the PostgreSQL schema: statements run in one transaction, and the tables it creates, each of
/// which gets the statement trigger that moves the data version on commit.
struct PostgresMigration: Sendable {
    let name: String
    let statements: [String]
    /// Tables whose writes move the data version (`DataVersionStore`).
    let versionedTables: [String]

    /// Every statement of the step, the data-version triggers of its tables included.
    var allStatements: [String] {
        statements
            + versionedTables.map {
                "CREATE TRIGGER \($0)_touches_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \($0) FOR EACH STATEMENT EXECUTE FUNCTION outreach_touch()"
            }
    }
}

/// The schema, one named step per version, recorded in `schema_migrations` (version, name, when applied).
///
/// In PostgreSQL's terms rather than a copy of the SQLite schema: instants are `timestamptz` (written and read as
/// whole milliseconds through `outreach_ts`/`outreach_ms`, so a `Date` comes back equal), calendar days `date`,
/// lists `jsonb` or arrays, identifiers `text COLLATE "C"` (byte order, as keys are compared and prefixed),
/// keys identity columns. Steps are append-only once released.
enum PostgresMigrations {
    static let steps: [PostgresMigration] = [
        // The data's version: a counter moved once per committing transaction that wrote any table with the
        // `outreach_touch` trigger. The first write of a transaction inserts a row into `data_version_bumps`,
        // whose deferred constraint trigger moves the counter at commit, so the counter row is locked only while
        // a transaction commits, and a reader never sees the new number before the data it stands for. The
        // triggers name their tables by the schema of the table written, so a session with any `search_path`
        // (psql, another tool) moves the version too.
        PostgresMigration(name: "data-version", statements: [
            """
            CREATE FUNCTION outreach_ts(ms bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT to_timestamp(ms / 1000.0) $$
            """,
            """
            CREATE FUNCTION outreach_ms(at timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT (extract(epoch FROM at) * 1000)::bigint $$
            """,
            "CREATE TABLE data_version (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), counter bigint NOT NULL)",
            "INSERT INTO data_version (counter) VALUES (0)",
            "CREATE TABLE data_version_bumps (txid xid8 PRIMARY KEY DEFAULT pg_current_xact_id())",
            """
            CREATE FUNCTION outreach_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                EXECUTE format('UPDATE %I.data_version SET counter = counter + 1', TG_TABLE_SCHEMA);
                EXECUTE format('DELETE FROM %I.data_version_bumps WHERE txid = $1', TG_TABLE_SCHEMA) USING NEW.txid;
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE CONSTRAINT TRIGGER bump_version_at_commit AFTER INSERT ON data_version_bumps
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION outreach_bump_version()
            """,
            """
            CREATE FUNCTION outreach_touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('outreach.version_touched', true) IS DISTINCT FROM TG_TABLE_SCHEMA THEN
                    PERFORM set_config('outreach.version_touched', TG_TABLE_SCHEMA, true);
                    EXECUTE format('INSERT INTO %I.data_version_bumps DEFAULT VALUES ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA);
                END IF;
                RETURN NULL;
            END
            $$
            """,
        ], versionedTables: []),

        PostgresMigration(name: "reference-data-campaigns-events", statements: [
            """
            CREATE TABLE reference_items (
                kind text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                position integer NOT NULL,
                definition jsonb NOT NULL,
                PRIMARY KEY (kind, id)
            )
            """,
            "CREATE TABLE reference_meta (name text PRIMARY KEY, value text NOT NULL)",
            """
            CREATE TABLE campaigns (
                key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text COLLATE "C" NOT NULL UNIQUE,
                title text NOT NULL,
                title_en text,
                kind text NOT NULL,
                start_date date NOT NULL,
                end_date date NOT NULL,
                owner text NOT NULL,
                branches jsonb NOT NULL,
                segments jsonb NOT NULL,
                channels jsonb NOT NULL,
                notes text,
                source_path text,
                imported_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text COLLATE "C" NOT NULL UNIQUE,
                campaign_key bigint NOT NULL REFERENCES campaigns (key),
                title text NOT NULL,
                title_en text,
                channel text NOT NULL,
                venue text NOT NULL,
                branch text NOT NULL,
                all_day boolean NOT NULL,
                starts timestamp NOT NULL,
                ends timestamp NOT NULL,
                rrule text,
                except_dates date[] NOT NULL DEFAULT '{}',
                staff text[] NOT NULL DEFAULT '{}',
                expected_reach integer,
                capacity integer,
                notes text,
                file_status text NOT NULL CHECK (file_status IN ('planned', 'confirmed', 'done', 'cancelled')),
                status text NOT NULL CHECK (status IN ('planned', 'confirmed', 'done', 'cancelled')),
                removed boolean NOT NULL DEFAULT false,
                first_date date NOT NULL,
                last_date date NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX events_by_campaign ON events (campaign_key)",
            "CREATE INDEX events_by_dates ON events (first_date, last_date)",
            """
            CREATE TABLE event_history (
                event_key bigint NOT NULL REFERENCES events (key),
                at timestamptz NOT NULL,
                change text NOT NULL CHECK (change IN ('added', 'updated', 'removed', 'status', 'web')),
                old_status text,
                new_status text
            )
            """,
            "CREATE INDEX event_history_by_event ON event_history (event_key)",
        ], versionedTables: ["reference_items", "reference_meta", "campaigns", "events", "event_history"]),

        // A key is unique among live rows only, so a cancelled reminder does not block enqueueing the same key again.
        PostgresMigration(name: "notice-outbox-delivery-log", statements: [
            """
            CREATE TABLE outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key text COLLATE "C" NOT NULL,
                kind text NOT NULL,
                target text NOT NULL,
                bot text NOT NULL,
                notice jsonb NOT NULL,
                urgent boolean NOT NULL DEFAULT false,
                state text NOT NULL CHECK (state IN ('pending', 'in_flight', 'sent', 'failed', 'dead', 'cancelled')),
                due_at timestamptz NOT NULL,
                next_attempt_at timestamptz NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                failures integer NOT NULL DEFAULT 0,
                parts_sent integer NOT NULL DEFAULT 0,
                first_attempt_at timestamptz,
                lease_owner text,
                lease_expires_at timestamptz,
                last_error text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX outbox_live_key ON outbox (key) WHERE state <> 'cancelled'",
            "CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state IN ('pending', 'failed')",
            "CREATE INDEX outbox_leased ON outbox (lease_expires_at) WHERE state = 'in_flight'",
            """
            CREATE TABLE delivery_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                delivery_id bigint NOT NULL REFERENCES outbox (id),
                part integer NOT NULL,
                part_count integer NOT NULL,
                target text NOT NULL,
                bot text NOT NULL,
                started_at timestamptz NOT NULL,
                finished_at timestamptz,
                outcome text CHECK (outcome IN ('sent', 'transient', 'permanent', 'unknown')),
                http_status integer,
                platform_code text,
                message text,
                latency_ms integer
            )
            """,
            "CREATE INDEX delivery_log_by_bot ON delivery_log (bot, started_at)",
            "CREATE INDEX delivery_log_by_delivery ON delivery_log (delivery_id)",
            "CREATE TABLE bot_pauses (bot text PRIMARY KEY, paused_until timestamptz NOT NULL)",
        ], versionedTables: ["outbox", "delivery_log", "bot_pauses"]),

        PostgresMigration(name: "users-login-sessions", statements: [
            """
            CREATE TABLE users (
                name text COLLATE "C" PRIMARY KEY,
                display_name text NOT NULL,
                role text NOT NULL,
                branch text,
                password_hash text NOT NULL,
                disabled boolean NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE login_sessions (
                id text PRIMARY KEY,
                user_name text NOT NULL REFERENCES users (name),
                form_token text NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX login_sessions_by_user ON login_sessions (user_name)",
            "CREATE TABLE login_failures (account text NOT NULL, address text NOT NULL, at timestamptz NOT NULL)",
            "CREATE INDEX login_failures_by_account ON login_failures (account, at)",
            "CREATE INDEX login_failures_by_address ON login_failures (address, at)",
        ], versionedTables: ["users", "login_sessions", "login_failures"]),

        // The last web edit of each event (planning form); an import of its campaign settles it.
        PostgresMigration(name: "web-edits", statements: [
            """
            CREATE TABLE web_edits (
                event_id text COLLATE "C" PRIMARY KEY,
                campaign_id text COLLATE "C" NOT NULL,
                edited_at timestamptz NOT NULL,
                edited_by text NOT NULL,
                edited_by_display_name text NOT NULL,
                settled_at timestamptz
            )
            """,
            "CREATE INDEX web_edits_by_campaign ON web_edits (campaign_id)",
        ], versionedTables: ["web_edits"]),
    
        // The audit log: who changed what, when, from where, before → after, and why.
        PostgresMigration(name: "audit-log", statements: [
            """
            CREATE TABLE audit_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL,
                actor text NOT NULL,
                actor_display_name text NOT NULL,
                source text NOT NULL,
                event_id text COLLATE "C" NOT NULL,
                campaign_id text COLLATE "C" NOT NULL,
                what text NOT NULL,
                before text NOT NULL,
                after text NOT NULL,
                reason text
            )
            """,
            "CREATE INDEX audit_log_by_event ON audit_log (event_id, id)",
            "CREATE INDEX audit_log_by_campaign ON audit_log (campaign_id, id)",
        ], versionedTables: ["audit_log"]),
    
        // Reach: codes of the rollup's dimensions, batches, records keyed by `ReachKey`, the records a batch
        // replaced (for undo), the rollup (one `bytea` of encoded cells per cuboid and month), targets, published
        // bulletins. Texts that may hold NUL (notes, evidence, who recorded a batch) are `bytea` of their UTF-8.
        PostgresMigration(name: "reach-batches-audit-rollup-targets-bulletins", statements: [
            """
            CREATE TABLE codes (
                kind text NOT NULL,
                id text COLLATE "C" NOT NULL,
                code integer NOT NULL,
                PRIMARY KEY (kind, id),
                UNIQUE (kind, code)
            )
            """,
            """
            CREATE TABLE reach_batches (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                source text NOT NULL CHECK (source IN ('manual', 'import')),
                file text,
                recorded_by bytea,
                recorded_at timestamptz NOT NULL,
                added integer NOT NULL DEFAULT 0,
                replaced integer NOT NULL DEFAULT 0,
                unchanged integer NOT NULL DEFAULT 0,
                undone_at timestamptz
            )
            """,
            """
            CREATE TABLE reach (
                key bigint PRIMARY KEY,
                count bigint NOT NULL,
                batch bigint NOT NULL REFERENCES reach_batches (id),
                note bytea,
                evidence bytea
            )
            """,
            "CREATE INDEX reach_by_batch ON reach (batch)",
            "CREATE INDEX reach_by_event ON reach (((key >> 16) & 268435455))",
            """
            CREATE TABLE reach_audit (
                key bigint NOT NULL,
                batch bigint NOT NULL REFERENCES reach_batches (id),
                old_count bigint NOT NULL,
                old_batch bigint NOT NULL,
                old_note bytea,
                old_evidence bytea,
                new_count bigint NOT NULL
            )
            """,
            "CREATE INDEX reach_audit_by_batch ON reach_audit (batch)",
            """
            CREATE TABLE reach_cube (
                cuboid integer NOT NULL,
                month integer NOT NULL,
                cells bytea NOT NULL,
                PRIMARY KEY (cuboid, month)
            )
            """,
            """
            CREATE TABLE targets (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                source_path text NOT NULL,
                branch text NOT NULL,
                period text NOT NULL,
                start_date date NOT NULL,
                end_date date NOT NULL,
                events integer,
                person_times jsonb NOT NULL
            )
            """,
            """
            CREATE TABLE bulletins (
                month text NOT NULL,
                branch text NOT NULL,
                issued_at timestamptz NOT NULL,
                figures text NOT NULL,
                stated text NOT NULL,
                published_by text NOT NULL DEFAULT '',
                PRIMARY KEY (month, branch)
            )
            """,
        ], versionedTables: ["codes", "reach_batches", "reach", "reach_audit", "reach_cube", "targets", "bulletins"]),
    
        // Photos kept as reach evidence (by content hash), one row per photo, event and day.
        PostgresMigration(name: "reach-evidence", statements: [
            """
            CREATE TABLE reach_evidence (
                hash text NOT NULL,
                content_type text NOT NULL,
                bytes integer NOT NULL,
                width integer NOT NULL,
                height integer NOT NULL,
                event_key bigint NOT NULL,
                day date NOT NULL,
                batch bigint NOT NULL,
                added_by text,
                added_at timestamptz NOT NULL,
                PRIMARY KEY (hash, event_key, day)
            )
            """,
            "CREATE INDEX reach_evidence_by_event ON reach_evidence (event_key, day)",
        ], versionedTables: ["reach_evidence"]),

        // Four-eyes publishing: who prepared a month's bulletin and who approved it, and the audit of both steps.
        PostgresMigration(name: "bulletin-preparation", statements: [
            """
            CREATE TABLE bulletin_preparations (
                month text NOT NULL,
                branch text NOT NULL,
                prepared_by text NOT NULL,
                prepared_by_display_name text NOT NULL,
                prepared_source text NOT NULL,
                prepared_at timestamptz NOT NULL,
                approved_by text,
                approved_by_display_name text,
                approved_source text,
                approved_at timestamptz,
                PRIMARY KEY (month, branch)
            )
            """,
            """
            CREATE TABLE bulletin_audit (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                month text NOT NULL,
                branch text NOT NULL,
                action text NOT NULL,
                actor text NOT NULL,
                actor_display_name text NOT NULL,
                source text NOT NULL,
                at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX bulletin_audit_by_month ON bulletin_audit (month, branch, id)",
        ], versionedTables: ["bulletin_preparations", "bulletin_audit"]),

        // Calendar feeds, personal API tokens (the SHA-256 of each, never the token) and the first answers of
        // writes sent with an Idempotency-Key.
        PostgresMigration(name: "calendar-feeds-api-tokens", statements: [
            """
            CREATE TABLE calendar_feeds (
                id text PRIMARY KEY,
                scope_kind text NOT NULL CHECK (scope_kind IN ('branch', 'user')),
                scope text NOT NULL,
                label text NOT NULL,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz
            )
            """,
            """
            CREATE TABLE api_tokens (
                id text COLLATE "C" PRIMARY KEY,
                user_name text NOT NULL REFERENCES users (name),
                name text NOT NULL,
                created_at timestamptz NOT NULL,
                last_used_at timestamptz,
                revoked_at timestamptz
            )
            """,
            """
            CREATE TABLE idempotency_keys (
                principal text NOT NULL,
                key text NOT NULL,
                fingerprint text NOT NULL,
                created_at timestamptz NOT NULL,
                status integer,
                content_type text,
                body bytea,
                PRIMARY KEY (principal, key)
            )
            """,
            "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at)",
        ], versionedTables: ["calendar_feeds", "api_tokens", "idempotency_keys"]),

        // The rollup's cells (a month of a cuboid: up to megabytes of encoded cells, rewritten at every merge)
        // compressed with lz4 instead of pglz, where the server has it (PostgreSQL 14 and later built with lz4, as
        // Debian's is): pglz took 7–8 s to store the 108 MB of cells a 1,000,000-row import writes, lz4 under 1 s,
        // for 17 % more space. Values stored before keep pglz until their month is merged again. Elsewhere the step
        // changes nothing.
        PostgresMigration(name: "reach-cube-lz4", statements: [
            """
            DO $$
            BEGIN
                IF current_setting('server_version_num')::integer >= 140000 THEN
                    EXECUTE 'ALTER TABLE reach_cube ALTER COLUMN cells SET COMPRESSION lz4';
                END IF;
            EXCEPTION WHEN feature_not_supported THEN
                NULL;
            END
            $$
            """,
        ], versionedTables: []),

        // A record's batch is checked by nothing but the store, as on SQLite: the store writes records only inside
        // their batch's transaction, with the id that transaction's insert returned, and batches are never deleted.
        // The foreign key's check ran once for every record a COPY wrote: 1,000,000 records took three times as long.
        PostgresMigration(name: "reach-batch-unchecked", statements: [
            "ALTER TABLE reach DROP CONSTRAINT IF EXISTS reach_batch_fkey",
        ], versionedTables: []),

        // A batch keeps the smallest and largest key it wrote, and undo reads its records as that range of the
        // primary key, instead of through an index on `reach.batch`: every record a COPY wrote was also entered
        // there, a quarter of the COPY's time. Records come back to a batch only by undoing a later one, and only
        // with keys that batch wrote, so the range holds them all. Existing batches get the range of their records
        // and of the records later batches replaced.
        PostgresMigration(name: "reach-batch-key-range", statements: [
            "ALTER TABLE reach_batches ADD COLUMN first_key bigint, ADD COLUMN last_key bigint",
            PostgresMigrations.batchKeyRanges,
            "DROP INDEX reach_by_batch",
        ], versionedTables: []),
    ]

    /// Sets every batch's key range from the records it holds and those later batches replaced (after a migration
    /// step or `outreach migrate` wrote the records without it).
    static let batchKeyRanges = """
        UPDATE reach_batches b SET first_key = r.first_key, last_key = r.last_key
        FROM (
            SELECT batch, min(key) AS first_key, max(key) AS last_key
            FROM (SELECT batch, key FROM reach UNION ALL SELECT old_batch, key FROM reach_audit) AS written
            GROUP BY batch
        ) AS r
        WHERE b.id = r.batch
        """
}
