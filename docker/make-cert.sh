#!/usr/bin/env bash
# Development TLS material for ChatCheckout, made with the openssl CLI:
#   DIR/ca.pem, DIR/ca.key          a local certificate authority (10 years)
#   DIR/server.pem, DIR/server.key  a server certificate for localhost, 127.0.0.1 and ::1,
#                                   signed by that CA (365 days: Mozilla caps leaf lifetimes below 366; server.pem holds the leaf only)
# Keys are ECDSA P-256 and mode 0600. Idempotent: files already present are kept.
# Usage: docker/make-cert.sh [DIR]   (default data/tls)
set -euo pipefail

dir="${1:-data/tls}"
port="${CHECKOUT_HTTPS_PORT:-8443}"
command -v openssl >/dev/null || { echo "make-cert: openssl not found (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
umask 077

ca_pem="$dir/ca.pem" ca_key="$dir/ca.key"
server_pem="$dir/server.pem" server_key="$dir/server.key"

if [[ -f "$server_pem" && -f "$server_key" && -f "$ca_pem" ]]; then
    echo "make-cert: $server_pem and $server_key already exist; keeping them"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT

    if [[ ! -f "$ca_pem" || ! -f "$ca_key" ]]; then
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
            -keyout "$ca_key" -out "$ca_pem" -days 3650 \
            -subj "/O=ChatCheckout Development/CN=ChatCheckout Development CA" \
            -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
        echo "make-cert: created development CA $ca_pem"
    fi

    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
        -keyout "$work/server.key" -out "$work/server.csr" \
        -subj "/O=ChatCheckout Development/CN=localhost" 2>/dev/null
    cat > "$work/server.ext" <<'EXT'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
    openssl x509 -req -in "$work/server.csr" -CA "$ca_pem" -CAkey "$ca_key" -CAcreateserial \
        -CAserial "$work/ca.srl" -days 365 -sha256 -extfile "$work/server.ext" \
        -out "$work/server.pem" 2>/dev/null
    mv "$work/server.key" "$server_key"
    mv "$work/server.pem" "$server_pem"
    echo "make-cert: created $server_pem and $server_key for localhost, 127.0.0.1, ::1"
fi

chmod 600 "$ca_key" "$server_key" 2>/dev/null || true
chmod 644 "$ca_pem" "$server_pem"
echo "curl --cacert $ca_pem https://127.0.0.1:$port/healthz"
