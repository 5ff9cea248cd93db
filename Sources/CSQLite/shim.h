#ifndef CHECKOUT_CSQLITE_SHIM_H
#define CHECKOUT_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
