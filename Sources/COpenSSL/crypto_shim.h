#ifndef CHECKOUT_COPENSSL_CRYPTO_SHIM_H
#define CHECKOUT_COPENSSL_CRYPTO_SHIM_H
// Wrappers for the libcrypto macros used by CheckoutWeChat.
#include <openssl/decoder.h>
#include <openssl/asn1.h>

/// ASN1_INTEGER is a typedef of ASN1_STRING; this keeps the cast on the C side.
static inline const unsigned char *checkout_ASN1_INTEGER_get0_data(const ASN1_INTEGER *value, int *length) {
    *length = ASN1_STRING_length((const ASN1_STRING *)value);
    return ASN1_STRING_get0_data((const ASN1_STRING *)value);
}
/// EVP_PKEY_PUBLIC_KEY is a composite macro, which Swift does not import.
static inline int checkout_EVP_PKEY_PUBLIC_KEY(void) {
    return EVP_PKEY_PUBLIC_KEY;
}
#endif
