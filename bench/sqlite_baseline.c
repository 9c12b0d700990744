/*
 * The write-speed yardstick for nntrace's trace store.
 *
 * Inserts ROWS rows shaped like the `trace` view (run_id, seq, epoch, step,
 * sample, phase, layer, kind, i, j, value) into a fresh SQLite database
 * through ONE prepared statement in ONE transaction: the plain C way of
 * writing that many rows. Phase and kind are bound as the view shows them
 * (short text); the row pattern mimics a full-capture run (mostly weight-like
 * rows with i and j, some per-sample rows with a sample and no j).
 *
 *   cc -O2 -o sqlite_baseline bench/sqlite_baseline.c -lsqlite3
 *   ./sqlite_baseline DB ROWS
 *
 * Prints the rows written, the seconds taken (open to close) and rows per second.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void check(int rc, sqlite3 *db, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "sqlite_baseline: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s DB ROWS\n", argv[0]);
    return 64;
  }
  const char *path = argv[1];
  long long rows = atoll(argv[2]);
  unlink(path);
  double start = now();
  sqlite3 *db;
  check(sqlite3_open(path, &db), db, "open");
  check(sqlite3_exec(db,
                     "CREATE TABLE trace_rows (run_id INTEGER, seq INTEGER, epoch INTEGER, step INTEGER, "
                     "sample INTEGER, phase TEXT, layer INTEGER, kind TEXT, i INTEGER, j INTEGER, value REAL)",
                     0, 0, 0),
        db, "create");
  sqlite3_stmt *insert;
  check(sqlite3_prepare_v2(db, "INSERT INTO trace_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, 0), db,
        "prepare");
  check(sqlite3_exec(db, "BEGIN", 0, 0, 0), db, "begin");
  long long seq = 0;
  for (long long r = 0; r < rows; r++) {
    /* 64 values per recorded vector; every fourth vector is per-sample, the rest weight-shaped. */
    long long k = r % 64;
    int perSample = (r / 64) % 4 == 0;
    if (k == 0) seq++;
    sqlite3_reset(insert);
    sqlite3_bind_int64(insert, 1, 1);
    sqlite3_bind_int64(insert, 2, seq);
    sqlite3_bind_int64(insert, 3, seq / 4000);
    sqlite3_bind_int64(insert, 4, seq / 400);
    if (perSample) {
      sqlite3_bind_int64(insert, 5, seq % 256);
      sqlite3_bind_text(insert, 6, "forward", -1, SQLITE_STATIC);
      sqlite3_bind_int64(insert, 7, 1 + seq % 3);
      sqlite3_bind_text(insert, 8, "a", -1, SQLITE_STATIC);
      sqlite3_bind_int64(insert, 9, k);
      sqlite3_bind_null(insert, 10);
    } else {
      sqlite3_bind_null(insert, 5);
      sqlite3_bind_text(insert, 6, "backward", -1, SQLITE_STATIC);
      sqlite3_bind_int64(insert, 7, 1 + seq % 3);
      sqlite3_bind_text(insert, 8, "grad_w", -1, SQLITE_STATIC);
      sqlite3_bind_int64(insert, 9, k % 8);
      sqlite3_bind_int64(insert, 10, k / 8);
    }
    sqlite3_bind_double(insert, 11, (double)(r % 1000) * 0.001 - 0.5);
    check(sqlite3_step(insert), db, "insert");
  }
  check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
  sqlite3_finalize(insert);
  check(sqlite3_close(db), db, "close");
  double seconds = now() - start;
  printf("%lld rows in %.3f s: %.0f rows/s\n", rows, seconds, rows / seconds);
  return 0;
}
