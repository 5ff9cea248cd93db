#ifndef CHECKOUT_CSQLITE_SHIM_H
#define CHECKOUT_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type checkout_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// sqlite3_db_config is variadic; this wraps the integer-flag form (e.g. SQLITE_DBCONFIG_DEFENSIVE).
static inline int checkout_sqlite_db_config_flag(sqlite3 *db, int op, int value) {
    return sqlite3_db_config(db, op, value, (int *)0);
}
/// sqlite3_config is variadic; this turns off SQLite's memory statistics, which take a
/// process-wide mutex on every allocation and free of every connection. Only allowed before
/// the library initializes (the first open); later it answers SQLITE_MISUSE and changes nothing.
static inline int checkout_sqlite_disable_memory_status(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
