#!/usr/bin/env python3
"""Seeds pending orders into a migrated ChatCheckout database and writes one signed,
encrypted WeChat Pay v3 TRANSACTION.SUCCESS notification per order, exactly as the sandbox
platform would send it (its keys are read from <db folder>/sandbox/), one request a line:
timestamp TAB nonce TAB signature TAB serial TAB body. Used by bench.py.

Usage: make-notifications.py DB_PATH COUNT OUT_FILE [--same]
  --same: every line is the same notification (measures the duplicate path).
"""
import base64, json, os, secrets, sqlite3, sys, time, uuid
from concurrent.futures import ProcessPoolExecutor
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PRICE = 1500

def seed(db_path, count):
    db = sqlite3.connect(db_path)
    now = int(time.time() * 1000)
    far = now + 30 * 86400 * 1000
    db.execute("INSERT INTO shops VALUES ('shop_bench', 'Bench', 'CNY', ?, ?)", (secrets.token_hex(32), now))
    db.execute("INSERT INTO users VALUES ('usr_bench', 'sandbox', 'o-bench', ?)", (now,))
    db.execute("INSERT INTO products (id, shop_id, title, price, currency, stock, active, created_at, updated_at) "
               "VALUES ('prod_bench', 'shop_bench', 'Oolong', ?, 'CNY', NULL, 1, ?, ?)", (PRICE, now, now))
    shipping = json.dumps({"name": "Li Lei", "phone": "+86 138 0000 0000", "address": "1 Nanjing Rd"})
    ids = ["ord_bench_%07d" % i for i in range(count)]
    db.executemany("INSERT INTO orders (id, shop_id, user_id, status, amount_total, currency, shipping, created_at, expires_at) "
                   "VALUES (?, 'shop_bench', 'usr_bench', 'pending_payment', ?, 'CNY', ?, ?, ?)",
                   [(i, PRICE, shipping, now, far) for i in ids])
    db.executemany("INSERT INTO order_items VALUES (?, 0, 'prod_bench', 'Oolong', ?, 1, ?)", [(i, PRICE, PRICE) for i in ids])
    db.commit()
    db.close()
    return ids

def load_keys(db_path):
    folder = os.path.join(os.path.dirname(os.path.abspath(db_path)), "sandbox")
    identity = json.load(open(os.path.join(folder, "sandbox.json")))
    return identity, open(os.path.join(folder, "platform_key.pem"), "rb").read()

_keys = {}

def notification(args):
    order_id, identity, key_pem = args
    # Loading a PEM key costs far more than a signature: once per worker process.
    key = _keys.get(key_pem) or _keys.setdefault(key_pem, serialization.load_pem_private_key(key_pem, password=None))
    now = time.time()
    wechat_time = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(now + 8 * 3600))
    tx = {"appid": identity["app_id"], "mchid": identity["merchant_id"], "out_trade_no": order_id,
          "transaction_id": "42" + secrets.token_hex(13), "trade_type": "JSAPI", "trade_state": "SUCCESS",
          "trade_state_desc": "ok", "bank_type": "OTHERS", "success_time": wechat_time,
          "payer": {"openid": "o-bench"}, "amount": {"total": PRICE, "payer_total": PRICE, "currency": "CNY"}}
    nonce = secrets.token_hex(6)
    sealed = AESGCM(identity["apiv3_key"].encode()).encrypt(nonce.encode(), json.dumps(tx).encode(), b"transaction")
    body = json.dumps({"id": str(uuid.uuid4()), "create_time": wechat_time, "event_type": "TRANSACTION.SUCCESS",
                       "resource_type": "encrypt-resource", "summary": "ok",
                       "resource": {"algorithm": "AEAD_AES_256_GCM", "ciphertext": base64.b64encode(sealed).decode(),
                                    "associated_data": "transaction", "original_type": "transaction", "nonce": nonce}})
    timestamp, sig_nonce = str(int(now)), secrets.token_hex(16)
    message = f"{timestamp}\n{sig_nonce}\n{body}\n".encode()
    signature = base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()
    return "\t".join([timestamp, sig_nonce, signature, identity["platform_serial"], body])

def main():
    db_path, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    same = "--same" in sys.argv
    ids = seed(db_path, 1 if same else count)
    identity, key_pem = load_keys(db_path)
    with ProcessPoolExecutor() as pool:
        lines = list(pool.map(notification, [(i, identity, key_pem) for i in ids], chunksize=256))
    if same:
        lines = lines * count
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")

if __name__ == "__main__":
    main()
