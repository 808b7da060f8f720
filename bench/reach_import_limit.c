/*
 * The limit for `outreach reach import` (issue 14): parse the reach CSV (event,date,metric,count,segment)
 * and insert every row with one prepared statement in one transaction, nothing else.
 *
 *   cc -O2 -o reach_import_limit bench/reach_import_limit.c -lsqlite3
 *   reach_import_limit plain FILE.csv DB.sqlite   # text columns, as `sqlite3 .import` stores them
 *   reach_import_limit keyed FILE.csv DB.sqlite   # outreach's shape: one 63-bit key per record
 *
 * `plain` writes reach_plain (event TEXT, date TEXT, metric TEXT, count INTEGER, segment TEXT).
 * `keyed` gives event, metric and segment small codes in order of first appearance (hash tables), packs
 * day, event, metric and segment into one integer the way outreach does (day << 44 | event << 16 |
 * metric << 8 | segment) and writes reach (key INTEGER PRIMARY KEY, count, batch, note, evidence): the same
 * table outreach writes, without validation, rollups or duplicate handling. Both use the connection
 * settings of outreach's store (WAL, synchronous NORMAL, 64 MiB page cache). The file is read in 4 MiB
 * chunks; quoted fields are not expected (the benchmark's file has none) and are refused.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (4 << 20)

static void die(const char *what, sqlite3 *db) {
    fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    exit(1);
}

/* Open-addressing table of strings to codes, from 1 in order of first appearance. */
typedef struct { char *key; size_t len; int code; } Slot;
typedef struct { Slot *slots; size_t capacity, count; } Table;

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    return h;
}

static void table_init(Table *t, size_t capacity) {
    t->slots = calloc(capacity, sizeof(Slot));
    t->capacity = capacity;
    t->count = 0;
}

static int table_code(Table *t, const char *s, size_t n) {
    if ((t->count + 1) * 2 > t->capacity) {
        Table bigger;
        table_init(&bigger, t->capacity * 2);
        for (size_t i = 0; i < t->capacity; i++) {
            Slot *old = &t->slots[i];
            if (!old->key) continue;
            size_t j = hash(old->key, old->len) & (bigger.capacity - 1);
            while (bigger.slots[j].key) j = (j + 1) & (bigger.capacity - 1);
            bigger.slots[j] = *old;
        }
        bigger.count = t->count;
        free(t->slots);
        *t = bigger;
    }
    size_t j = hash(s, n) & (t->capacity - 1);
    while (t->slots[j].key) {
        if (t->slots[j].len == n && memcmp(t->slots[j].key, s, n) == 0) return t->slots[j].code;
        j = (j + 1) & (t->capacity - 1);
    }
    t->slots[j].key = malloc(n);
    memcpy(t->slots[j].key, s, n);
    t->slots[j].len = n;
    t->slots[j].code = (int)++t->count;
    return t->slots[j].code;
}

/* Days since 1970-01-01 of YYYY-MM-DD (civil calendar). */
static int64_t day_number(const char *s, size_t n) {
    if (n != 10 || s[4] != '-' || s[7] != '-') return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "plain") && strcmp(argv[1], "keyed"))) {
        fprintf(stderr, "usage: %s plain|keyed FILE.csv DB.sqlite\n", argv[0]);
        return 64;
    }
    int keyed = strcmp(argv[1], "keyed") == 0;
    FILE *in = fopen(argv[2], "rb");
    if (!in) { perror(argv[2]); return 1; }
    sqlite3 *db;
    if (sqlite3_open(argv[3], &db) != SQLITE_OK) die("open", db);
    const char *setup = keyed
        ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
          "CREATE TABLE IF NOT EXISTS reach (key INTEGER PRIMARY KEY, count INTEGER NOT NULL, batch INTEGER NOT NULL,"
          " note TEXT, evidence TEXT);"
        : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
          "CREATE TABLE IF NOT EXISTS reach_plain (event TEXT, date TEXT, metric TEXT, count INTEGER, segment TEXT);";
    if (sqlite3_exec(db, setup, 0, 0, 0) != SQLITE_OK) die("setup", db);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0) != SQLITE_OK) die("begin", db);
    sqlite3_stmt *insert;
    const char *sql = keyed ? "INSERT INTO reach (key, count, batch, note, evidence) VALUES (?, ?, 1, NULL, NULL)"
                            : "INSERT INTO reach_plain VALUES (?, ?, ?, ?, ?)";
    if (sqlite3_prepare_v2(db, sql, -1, &insert, 0) != SQLITE_OK) die("prepare", db);
    Table events, metrics, segments;
    table_init(&events, 1 << 17);
    table_init(&metrics, 64);
    table_init(&segments, 64);

    char *buffer = malloc(CHUNK + 4096);
    size_t held = 0;
    long rows = 0, line = 0;
    int eof = 0;
    while (!eof) {
        size_t got = fread(buffer + held, 1, CHUNK, in);
        if (got == 0) eof = 1;
        size_t end = held + got;
        if (eof && end > 0 && buffer[end - 1] != '\n') buffer[end++] = '\n';
        size_t start = 0;
        for (;;) {
            char *nl = memchr(buffer + start, '\n', end - start);
            if (!nl) break;
            size_t stop = (size_t)(nl - buffer);
            size_t record_end = stop > start && buffer[stop - 1] == '\r' ? stop - 1 : stop;
            line++;
            if (line > 1 && record_end > start) {
                const char *field[5];
                size_t length[5];
                int n = 0;
                size_t f = start;
                for (size_t i = start; i <= record_end && n < 5; i++) {
                    if (i == record_end || buffer[i] == ',') {
                        field[n] = buffer + f;
                        length[n] = i - f;
                        n++;
                        f = i + 1;
                    } else if (buffer[i] == '"') {
                        fprintf(stderr, "line %ld: quoted fields are not supported\n", line);
                        return 65;
                    }
                }
                if (n < 4) { fprintf(stderr, "line %ld: %d fields\n", line, n); return 65; }
                if (n == 4) { field[4] = ""; length[4] = 0; }
                long long count = 0;
                for (size_t i = 0; i < length[3]; i++) count = count * 10 + (field[3][i] - '0');
                sqlite3_reset(insert);
                if (keyed) {
                    int64_t day = day_number(field[1], length[1]);
                    if (day < 0) { fprintf(stderr, "line %ld: bad date\n", line); return 65; }
                    int64_t key = (day << 44) | ((int64_t)table_code(&events, field[0], length[0]) << 16)
                        | ((int64_t)table_code(&metrics, field[2], length[2]) << 8)
                        | (length[4] ? table_code(&segments, field[4], length[4]) : 0);
                    sqlite3_bind_int64(insert, 1, key);
                    sqlite3_bind_int64(insert, 2, count);
                } else {
                    sqlite3_bind_text(insert, 1, field[0], (int)length[0], SQLITE_STATIC);
                    sqlite3_bind_text(insert, 2, field[1], (int)length[1], SQLITE_STATIC);
                    sqlite3_bind_text(insert, 3, field[2], (int)length[2], SQLITE_STATIC);
                    sqlite3_bind_int64(insert, 4, count);
                    sqlite3_bind_text(insert, 5, field[4], (int)length[4], SQLITE_STATIC);
                }
                if (sqlite3_step(insert) != SQLITE_DONE) die("insert", db);
                rows++;
            }
            start = stop + 1;
        }
        held = end - start;
        memmove(buffer, buffer + start, held);
    }
    sqlite3_finalize(insert);
    if (sqlite3_exec(db, "COMMIT", 0, 0, 0) != SQLITE_OK) die("commit", db);
    sqlite3_close(db);
    fclose(in);
    printf("%ld rows\n", rows);
    return 0;
}
