#ifndef CHECKOUT_COPENSSL_SHIM_H
#define CHECKOUT_COPENSSL_SHIM_H
// OpenSSL 3 through one header. Function-like macros do not import into Swift,
// so each one we need is wrapped as a static inline function in the part headers.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>

#include "tls_shim.h"
#include "crypto_shim.h"
#endif
