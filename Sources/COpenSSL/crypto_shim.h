#ifndef CHECKOUT_COPENSSL_CRYPTO_SHIM_H
#define CHECKOUT_COPENSSL_CRYPTO_SHIM_H
// Wrappers for the libcrypto macros used by CheckoutWeChat.
#endif
