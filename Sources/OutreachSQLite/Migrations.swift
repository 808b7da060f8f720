/// One named step of the schema.
struct Migration: Sendable {
    let name: String
    let sql: String
}

/// The schema, one step per version. A database records its version in `PRAGMA user_version` and, from
/// step 4 on, every step it holds in `schema_migrations` (version, name, when it was applied; steps applied
/// before that table existed have no time). `migrate()` applies the missing steps in one transaction each.
enum Migrations {
    /// The first version whose database has `schema_migrations`.
    static let recordedFrom = 4

    static let steps: [Migration] = [
        Migration(name: "reference-data-campaigns-events", sql: """
        CREATE TABLE reference_items (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            definition TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE TABLE reference_meta (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE campaigns (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            title_en TEXT,
            kind TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            owner TEXT NOT NULL,
            branches TEXT NOT NULL,
            segments TEXT NOT NULL,
            channels TEXT NOT NULL,
            notes TEXT,
            source_path TEXT,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE events (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            campaign_key INTEGER NOT NULL REFERENCES campaigns(key),
            title TEXT NOT NULL,
            title_en TEXT,
            channel TEXT NOT NULL,
            venue TEXT NOT NULL,
            branch TEXT NOT NULL,
            all_day INTEGER NOT NULL,
            starts TEXT NOT NULL,
            ends TEXT NOT NULL,
            rrule TEXT,
            except_dates TEXT NOT NULL DEFAULT '',
            staff TEXT NOT NULL DEFAULT '',
            expected_reach INTEGER,
            capacity INTEGER,
            notes TEXT,
            file_status TEXT NOT NULL,
            status TEXT NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0,
            first_date TEXT NOT NULL,
            last_date TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX events_by_campaign ON events (campaign_key);
        CREATE INDEX events_by_dates ON events (first_date, last_date);
        CREATE TABLE event_history (
            event_key INTEGER NOT NULL REFERENCES events(key),
            at TEXT NOT NULL,
            change TEXT NOT NULL,
            old_status TEXT,
            new_status TEXT
        );
        CREATE INDEX event_history_by_event ON event_history (event_key);
        """),
        Migration(name: "reach-batches-audit-rollup-targets-bulletins", sql: """
        CREATE TABLE codes (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            code INTEGER NOT NULL,
            PRIMARY KEY (kind, id),
            UNIQUE (kind, code)
        );
        CREATE TABLE reach_batches (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            file TEXT,
            recorded_by TEXT,
            recorded_at TEXT NOT NULL,
            added INTEGER NOT NULL DEFAULT 0,
            replaced INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            undone_at TEXT
        );
        CREATE TABLE reach (
            key INTEGER PRIMARY KEY,
            count INTEGER NOT NULL,
            batch INTEGER NOT NULL,
            note TEXT,
            evidence TEXT
        );
        CREATE TABLE reach_audit (
            key INTEGER NOT NULL,
            batch INTEGER NOT NULL,
            old_count INTEGER NOT NULL,
            old_batch INTEGER NOT NULL,
            old_note TEXT,
            old_evidence TEXT,
            new_count INTEGER NOT NULL
        );
        CREATE INDEX reach_audit_by_batch ON reach_audit (batch);
        CREATE TABLE reach_cube (
            cuboid INTEGER NOT NULL,
            month INTEGER NOT NULL,
            cells BLOB NOT NULL,
            PRIMARY KEY (cuboid, month)
        );
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            source_path TEXT NOT NULL,
            branch TEXT NOT NULL,
            period TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            events INTEGER,
            person_times TEXT NOT NULL
        );
        CREATE TABLE bulletins (
            month TEXT NOT NULL,
            branch TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            figures TEXT NOT NULL,
            stated TEXT NOT NULL,
            PRIMARY KEY (month, branch)
        );
        """),
        // Times are whole milliseconds since 1970 UTC (BIGINT in PostgreSQL). A key is unique among live
        // rows only, so a cancelled reminder does not block enqueueing the same key again.
        Migration(name: "notice-outbox-delivery-log", sql: """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            bot TEXT NOT NULL,
            notice TEXT NOT NULL,
            urgent INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            parts_sent INTEGER NOT NULL DEFAULT 0,
            first_attempt_at INTEGER,
            lease_owner TEXT,
            lease_expires_at INTEGER,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX outbox_live_key ON outbox (key) WHERE state <> 'cancelled';
        CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state IN ('pending', 'failed');
        CREATE INDEX outbox_leased ON outbox (lease_expires_at) WHERE state = 'in_flight';
        CREATE TABLE delivery_log (
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES outbox(id),
            part INTEGER NOT NULL,
            part_count INTEGER NOT NULL,
            target TEXT NOT NULL,
            bot TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            outcome TEXT,
            http_status INTEGER,
            platform_code TEXT,
            message TEXT,
            latency_ms INTEGER
        );
        CREATE INDEX delivery_log_by_bot ON delivery_log (bot, started_at);
        CREATE INDEX delivery_log_by_delivery ON delivery_log (delivery_id);
        CREATE TABLE bot_pauses (
            bot TEXT PRIMARY KEY,
            paused_until INTEGER NOT NULL
        );
        """),
        Migration(name: "schema-migrations", sql: """
        CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at INTEGER
        );
        """),
        // Who published a bulletin.
        Migration(name: "bulletin-published-by", sql: """
        ALTER TABLE bulletins ADD COLUMN published_by TEXT NOT NULL DEFAULT '';
        """),
        // The web app's users, their server-side sessions, and failed sign-ins for throttling (times in ms since 1970).
        Migration(name: "users-login-sessions", sql: """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL,
            branch TEXT,
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE login_sessions (
            id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL REFERENCES users(name),
            form_token TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX login_sessions_by_user ON login_sessions (user_name);
        CREATE TABLE login_failures (
            account TEXT NOT NULL,
            address TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX login_failures_by_account ON login_failures (account, at);
        CREATE INDEX login_failures_by_address ON login_failures (address, at);
        """),
        Migration(name: "calendar-feeds", sql: """
        CREATE TABLE calendar_feeds (
            id TEXT PRIMARY KEY,
            scope_kind TEXT NOT NULL CHECK (scope_kind IN ('branch', 'user')),
            scope TEXT NOT NULL,
            label TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        """),
        // The audit log: who changed what, when, from where, before → after, and why (times in ms since 1970).
        Migration(name: "audit-log", sql: """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            actor_display_name TEXT NOT NULL,
            source TEXT NOT NULL,
            event_id TEXT NOT NULL,
            campaign_id TEXT NOT NULL,
            what TEXT NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX audit_log_by_event ON audit_log (event_id, id);
        CREATE INDEX audit_log_by_campaign ON audit_log (campaign_id, id);
        """),
        // Photos kept as reach evidence, stored by content hash in the evidence folder; one row per photo, event and day.
        Migration(name: "reach-evidence", sql: """
        CREATE TABLE reach_evidence (
            hash TEXT NOT NULL,
            content_type TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            event_key INTEGER NOT NULL,
            day INTEGER NOT NULL,
            batch INTEGER NOT NULL,
            added_by TEXT,
            added_at TEXT NOT NULL,
            PRIMARY KEY (hash, event_key, day)
        );
        CREATE INDEX reach_evidence_by_event ON reach_evidence (event_key, day);
        """),
        // The last web edit of each event (planning form): when and by whom, and when an import or export of its
        // campaign last settled it; `outreach import` refuses to overwrite an edit newer than that (times in ms since 1970).
        Migration(name: "web-edits", sql: """
        CREATE TABLE web_edits (
            event_id TEXT PRIMARY KEY,
            campaign_id TEXT NOT NULL,
            edited_at INTEGER NOT NULL,
            edited_by TEXT NOT NULL,
            edited_by_display_name TEXT NOT NULL,
            settled_at INTEGER
        );
        CREATE INDEX web_edits_by_campaign ON web_edits (campaign_id);
        """),
        // Four-eyes publishing: who prepared a month's bulletin (制表) and who approved it (审核), and the audit of
        // both steps (times in ms since 1970).
        Migration(name: "bulletin-preparation", sql: """
        CREATE TABLE bulletin_preparations (
            month TEXT NOT NULL,
            branch TEXT NOT NULL,
            prepared_by TEXT NOT NULL,
            prepared_by_display_name TEXT NOT NULL,
            prepared_source TEXT NOT NULL,
            prepared_at INTEGER NOT NULL,
            approved_by TEXT,
            approved_by_display_name TEXT,
            approved_source TEXT,
            approved_at INTEGER,
            PRIMARY KEY (month, branch)
        );
        CREATE TABLE bulletin_audit (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL,
            branch TEXT NOT NULL,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            actor_display_name TEXT NOT NULL,
            source TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX bulletin_audit_by_month ON bulletin_audit (month, branch, id);
        """),
        // Personal API tokens (the SHA-256 of each, never the token) and the first answers of writes sent with an
        // Idempotency-Key (times in ms since 1970).
        Migration(name: "api-tokens", sql: """
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL REFERENCES users (name),
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER,
            revoked_at INTEGER
        );
        CREATE TABLE idempotency_keys (
            principal TEXT NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status INTEGER,
            content_type TEXT,
            body BLOB,
            PRIMARY KEY (principal, key)
        );
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
        """),
        // The rows a worker writes several times per notice (claimed, attempt started, sent), kept small:
        // - A notice's key is unique among the notices not cancelled. The index was partial on `state`, so every
        //   change of state rewrote the notice's entry in it, one page of the key order per notice. `live_key` is
        //   the key while the notice is not cancelled and NULL once it is, so only a cancel touches the index.
        // - The notice's text (about 500 bytes of JSON) moves to `outbox_notices`, written once: SQLite rewrites a
        //   whole row on each update, and five notices filled a page where thirty now fit.
        // Together they halve the pages each of the worker's transactions writes.
        Migration(name: "outbox-narrow-rows", sql: """
        ALTER TABLE outbox ADD COLUMN live_key TEXT;
        UPDATE outbox SET live_key = key WHERE state <> 'cancelled';
        DROP INDEX outbox_live_key;
        CREATE UNIQUE INDEX outbox_live_key ON outbox (live_key);
        CREATE TABLE outbox_notices (
            id INTEGER PRIMARY KEY REFERENCES outbox (id),
            notice TEXT NOT NULL
        );
        INSERT INTO outbox_notices (id, notice) SELECT id, notice FROM outbox;
        ALTER TABLE outbox DROP COLUMN notice;
        """),
        // How far each worker's journal (`SQLiteOutboxJournal`) has been folded into the outbox, written in the
        // transaction that folds it: a journal is never folded twice, whoever folds it.
        Migration(name: "outbox-journals", sql: """
        CREATE TABLE outbox_journals (
            name TEXT PRIMARY KEY,
            folded INTEGER NOT NULL
        );
        """),
    ]
}
