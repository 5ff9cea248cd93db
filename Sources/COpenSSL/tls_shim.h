#ifndef CHECKOUT_COPENSSL_TLS_SHIM_H
#define CHECKOUT_COPENSSL_TLS_SHIM_H
// Wrappers for the TLS (libssl) macros used by CheckoutHTTP/TLS.
#include <string.h>

// SSL_OP_* are built from SSL_OP_BIT(n), a cast expression Swift cannot import.
static const uint64_t CHECKOUT_SSL_OP_CIPHER_SERVER_PREFERENCE = SSL_OP_CIPHER_SERVER_PREFERENCE;
static const uint64_t CHECKOUT_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t CHECKOUT_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const uint64_t CHECKOUT_SSL_OP_NO_TICKET = SSL_OP_NO_TICKET;

static inline long checkout_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long checkout_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long checkout_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long checkout_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long checkout_SSL_CTX_sess_set_cache_size(SSL_CTX *ctx, long size) {
    return SSL_CTX_sess_set_cache_size(ctx, size);
}
static inline long checkout_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *groups) {
    return SSL_CTX_set1_groups_list(ctx, groups);
}
static inline long checkout_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline long checkout_BIO_get_mem_data(BIO *bio, char **pp) {
    return BIO_get_mem_data(bio, pp);
}
static inline void checkout_BIO_set_retry_read(BIO *bio) {
    BIO_set_retry_read(bio);
}
static inline void checkout_BIO_clear_retry_flags(BIO *bio) {
    BIO_clear_retry_flags(bio);
}
static inline int checkout_ERR_GET_LIB(unsigned long code) {
    return ERR_GET_LIB(code);
}
static inline int checkout_ERR_GET_REASON(unsigned long code) {
    return ERR_GET_REASON(code);
}

// ALPN (RFC 7301 §3.2): choose "http/1.1" from the client's list (else "http/1.0"), or
// refuse the handshake with no_application_protocol when the client offers only other
// protocols (h2, ...). A client that sends no ALPN extension never reaches this callback.
static inline const unsigned char *checkout_alpn_find(const unsigned char *in, unsigned int inlen,
                                                      const char *name) {
    unsigned int i = 0;
    while (i < inlen) {
        unsigned int len = in[i];
        if (len == 0 || i + 1 + len > inlen) return NULL;
        if (len == 8 && memcmp(in + i + 1, name, 8) == 0) return in + i + 1;
        i += 1 + len;
    }
    return NULL;
}
static inline int checkout_alpn_select_http11(SSL *ssl, const unsigned char **out,
                                              unsigned char *outlen, const unsigned char *in,
                                              unsigned int inlen, void *arg) {
    (void)ssl; (void)arg;
    const unsigned char *chosen = checkout_alpn_find(in, inlen, "http/1.1");
    if (chosen == NULL) chosen = checkout_alpn_find(in, inlen, "http/1.0");
    if (chosen == NULL) return SSL_TLSEXT_ERR_ALERT_FATAL;
    *out = chosen;
    *outlen = 8;
    return SSL_TLSEXT_ERR_OK;
}
static inline void checkout_SSL_CTX_select_alpn_http11(SSL_CTX *ctx) {
    SSL_CTX_set_alpn_select_cb(ctx, checkout_alpn_select_http11, NULL);
}

// Encrypted private keys are refused instead of prompting on the terminal.
static inline int checkout_no_password(char *buf, int size, int rwflag, void *u) {
    (void)buf; (void)size; (void)rwflag; (void)u;
    return -1;
}
static inline EVP_PKEY *checkout_PEM_read_bio_PrivateKey_no_password(BIO *bio) {
    return PEM_read_bio_PrivateKey(bio, NULL, checkout_no_password, NULL);
}
#endif
