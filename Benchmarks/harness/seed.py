"""Creates what the ChatCheckout scenarios need through the public API: a shop with ten
products (unlimited stock, like the peers' list) and a shopper session."""
import dataclasses, json, urllib.error, urllib.request


@dataclasses.dataclass
class Shop:
    shop_id: str
    key: str
    product_ids: list
    token: str
    share_code: str  # None while the binary has no share links (POST /v1/share-links 404)


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def bench_shop(base, admin_token, shopper_code="bench-shopper"):
    created = call(base, "POST", "/v1/shops", {"name": "Bench"}, admin_token)
    shop_id, key = created["shop"]["id"], created["secret_key"]
    products = [call(base, "POST", "/v1/products",
                     {"title": f"Bench tea {i}", "description": "A tea for the benchmark", "price": 1000 + i}, key)["id"]
                for i in range(1, 11)]
    token = call(base, "POST", "/v1/sessions", {"platform": "sandbox", "code": shopper_code})["token"]
    try:
        code = call(base, "POST", "/v1/share-links", {"shop_id": shop_id, "product_id": products[0], "channel": "group"},
                    token)["code"]
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise
        code = None
    return Shop(shop_id, key, products, token, code)
