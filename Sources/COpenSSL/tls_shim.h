#ifndef CHECKOUT_COPENSSL_TLS_SHIM_H
#define CHECKOUT_COPENSSL_TLS_SHIM_H
// Wrappers for the TLS (libssl) macros used by CheckoutHTTP/TLS.
static inline long checkout_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long checkout_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long checkout_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long checkout_BIO_get_mem_data(BIO *bio, char **pp) {
    return BIO_get_mem_data(bio, pp);
}
#endif
