#include "CSQLiteSafety.h"
#include <sqlite3.h>

int nntrace_sqlite_harden(void *connection) {
  sqlite3 *db = (sqlite3 *)connection;
  static const struct { int option; int value; } settings[] = {
    {SQLITE_DBCONFIG_DEFENSIVE, 1},
    {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
    {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0},
    {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0},
    {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0},
  };
  for (unsigned k = 0; k < sizeof settings / sizeof settings[0]; k++) {
    int now = -1;
    int code = sqlite3_db_config(db, settings[k].option, settings[k].value, &now);
    if (code != SQLITE_OK) return code;
    if (now != settings[k].value) return SQLITE_ERROR;
  }
  return SQLITE_OK;
}
