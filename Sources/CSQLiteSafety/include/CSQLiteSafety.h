#ifndef CSQLITESAFETY_H
#define CSQLITESAFETY_H

/// Hardens an open SQLite connection (a `sqlite3 *`) against a database file written by someone else.
///
/// `sqlite3_db_config` is variadic, which Swift cannot call; this wrapper sets, in order:
/// SQLITE_DBCONFIG_DEFENSIVE on (no writable schema, no shadow-table writes, no page writes
/// through dbpage), SQLITE_DBCONFIG_TRUSTED_SCHEMA off (functions and virtual tables in views
/// and triggers only if innocuous), SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER off (the two-argument
/// `fts3_tokenizer()` that installs a tokenizer from a pointer), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION
/// off, and SQLITE_DBCONFIG_ENABLE_TRIGGER off (nntrace creates no trigger, so none may fire).
///
/// Returns 0 when every setting took effect, else the SQLite result code of the first that failed.
int nntrace_sqlite_harden(void *connection);

#endif
