#ifndef CHECKOUT_CPOSTGRES_SHIM_H
#define CHECKOUT_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#endif
