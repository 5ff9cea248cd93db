// The product page, /p/{product_id}?share=CODE&scene=N: shows the product, buys it (the whole
// sandbox flow, or the mini program's hand-over outside sandbox mode) and shares it.
'use strict';
(function () {
  CC.add({
    zh: {
      title: '商品', seller: '商家：{name}', quantity: '数量', buy: '立即购买', pay: '提交订单并支付', share: '分享',
      name: '收货人', phone: '手机号', address: '收货地址', 'in.stock': '有货', 'only.left': '仅剩 {n} 件', 'sold.out': '已售罄',
      'ship.title': '收货信息', 'need.field': '请填写{f}。', working: '正在处理…', placing: '正在下单…', paying: '正在支付…',
      confirming: '正在确认支付结果…', paid: '支付成功', 'paid.detail': '订单 {id}，实付 {amount}。',
      'paid.pending': '已提交支付，结果确认中，请稍后刷新查看。', again: '再买一件',
      'share.copied': '链接已复制，去聊天里粘贴分享吧：', 'share.manual': '长按复制链接分享：',
      'share.failed': '暂时无法生成分享链接，已改为分享本页链接：',
      'handoff.title': '请在小程序中完成购买', 'handoff.text': '此页面没有开启沙箱模式。在微信小程序中打开本商品，由小程序登录（wx.login）、下单，并用服务端返回的参数调起 wx.requestPayment：',
      'handoff.qq': '此页面没有开启沙箱模式。在 QQ 小程序中打开本商品，由小程序登录（qq.login）、下单，并用服务端返回的参数调起 QQ 钱包（qq.requestPayment）或 QQ 内的微信支付（qq.requestWxPayment）：',
      'qty.max': '每单最多 {n} 件。'
    },
    en: {
      title: 'Product', seller: 'Sold by {name}', quantity: 'Quantity', buy: 'Buy now', pay: 'Place order and pay', share: 'Share',
      name: 'Recipient', phone: 'Phone', address: 'Address', 'in.stock': 'In stock', 'only.left': 'Only {n} left',
      'sold.out': 'Sold out', 'ship.title': 'Delivery', 'need.field': 'Please fill in {f}.', working: 'Working…',
      placing: 'Placing the order…', paying: 'Paying…', confirming: 'Confirming the payment…', paid: 'Paid',
      'paid.detail': 'Order {id}, {amount} paid.', 'paid.pending': 'Payment sent; confirmation is on its way. Refresh in a moment.',
      again: 'Buy another', 'share.copied': 'Link copied. Paste it into a chat:', 'share.manual': 'Copy this link to share it:',
      'share.failed': 'No share link right now; sharing this page instead:',
      'handoff.title': 'Finish in the mini program', 'handoff.text': 'Sandbox mode is off here. Open this product in the WeChat mini program: it signs in (wx.login), places the order and calls wx.requestPayment with the parameters the server answers:',
      'handoff.qq': 'Sandbox mode is off here. Open this product in the QQ mini program: it signs in (qq.login), places the order and pays with QQ Wallet (qq.requestPayment) or WeChat Pay in QQ (qq.requestWxPayment) with the parameters the server answers:',
      'qty.max': 'At most {n} per order.'
    }
  });
  var $ = function (id) { return document.getElementById(id); };
  var t = CC.t;
  var productId = decodeURIComponent(location.pathname.split('/')[2] || '');
  var query = new URLSearchParams(location.search);
  var share = (query.get('share') || '').slice(0, 32);
  var scene = /^\d{4}$/.test(query.get('scene') || '') ? Number(query.get('scene')) : null;
  var product = null, attempt = null, busy = false;
  var msg = $('msg');

  function session() {
    try { var s = JSON.parse(sessionStorage.getItem('cc_session') || 'null'); if (s && Date.parse(s.expires_at) > Date.now() + 60000) return s; } catch (e) {}
    return null;
  }
  function visitor() {
    var id = localStorage.getItem('cc_visitor');
    if (!id) { id = 'web-' + CC.newKey().slice(0, 20); localStorage.setItem('cc_visitor', id); }
    return id;
  }
  /** A shopper session: in sandbox mode the visitor's own sandbox login; rejects otherwise. */
  function login() {
    var s = session();
    if (s) return Promise.resolve(s.token);
    return CC.api('POST', '/v1/sessions', { body: { platform: 'sandbox', code: visitor(), shop_id: product.shop_id } }).then(function (s) {
      sessionStorage.setItem('cc_session', JSON.stringify({ token: s.token, expires_at: s.expires_at }));
      return s.token;
    });
  }

  function maxQuantity() { return Math.max(1, Math.min(999, product && product.stock !== null ? product.stock : 999)); }
  function quantity() {
    var n = parseInt($('qty').value, 10);
    n = isNaN(n) ? 1 : Math.min(Math.max(n, 1), maxQuantity());
    $('qty').value = String(n);
    return n;
  }

  function render() {
    document.title = product.title;
    $('title').textContent = product.title;
    $('title').className = '';
    $('price').textContent = CC.money(product.price, product.currency);
    $('desc').textContent = product.description || '';
    var stock = $('stock');
    if (product.stock === null) { stock.textContent = t('in.stock'); stock.className = 'stock'; }
    else if (product.stock <= 0) { stock.textContent = t('sold.out'); stock.className = 'stock out'; }
    else if (product.stock <= 10) { stock.textContent = t('only.left', { n: CC.number(product.stock) }); stock.className = 'stock low'; }
    else { stock.textContent = t('in.stock'); stock.className = 'stock'; }
    if (product.image_url && /^https?:/.test(product.image_url)) {
      var img = new Image();
      img.alt = product.title;
      img.decoding = 'async';
      img.src = product.image_url;
      $('hero').textContent = '';
      $('hero').appendChild(img);
    }
    var soldOut = product.stock !== null && product.stock <= 0;
    $('buy').disabled = soldOut;
    $('buy').textContent = soldOut ? t('sold.out') : t($('ship').hidden ? 'buy' : 'pay');
  }

  function load() {
    CC.api('GET', '/v1/products/' + encodeURIComponent(productId)).then(function (p) {
      product = p;
      render();
      if (window.performance && performance.mark) performance.mark('cc-ready');
      return CC.api('GET', '/v1/shops/' + encodeURIComponent(p.shop_id)).then(function (shop) {
        $('seller').textContent = t('seller', { name: shop.name });
      });
    }).catch(function (e) { CC.note(msg, CC.describe(e), 'error'); });
  }

  function shipping() {
    var fields = ['name', 'phone', 'address'], out = {};
    for (var i = 0; i < fields.length; i++) {
      var value = $('ship-' + fields[i]).value.trim();
      if (!value) { $('ship-' + fields[i]).focus(); throw { code: 'form', field: fields[i] }; }
      out[fields[i]] = value;
      localStorage.setItem('cc_ship_' + fields[i], value);
    }
    return out;
  }

  function waitPaid(order, tries) {
    if (order.status !== 'pending_payment' || tries <= 0) return Promise.resolve(order);
    return new Promise(function (r) { setTimeout(r, 500); }).then(function () {
      return login().then(function (token) { return CC.api('GET', '/v1/orders/' + order.id, { token: token }); });
    }).then(function (o) { return waitPaid(o, tries - 1); });
  }

  function showPaid(order) {
    if (order.status === 'pending_payment') { CC.note(msg, t('paid.pending'), 'info'); return; }
    $('paid').hidden = false;
    $('paid').setAttribute('data-order', order.id);
    $('paid-detail').textContent = t('paid.detail', { id: order.id, amount: CC.money(order.amount_total, order.currency) });
    $('ship').hidden = true;
    $('buy').textContent = t('again');
    CC.note(msg, '', 'info');
    CC.api('GET', '/v1/products/' + encodeURIComponent(productId)).then(function (p) { product = p; render(); $('buy').textContent = t('again'); }, function () {});
  }

  /** One purchase attempt: the same order body keeps its Idempotency-Key, so a retried tap replays. */
  function buy() {
    if (busy || !product) return;
    if ($('ship').hidden) { $('ship').hidden = false; $('paid').hidden = true; $('buy').textContent = t('pay'); $('ship-name').focus(); return; }
    var body;
    try {
      body = { items: [{ product_id: product.id, quantity: quantity() }], shipping: shipping() };
    } catch (e) {
      CC.note(msg, t('need.field', { f: t(e.field) }), 'error');
      return;
    }
    if (share) body.share_code = share;
    if (scene) body.scene = scene;
    var text = JSON.stringify(body);
    if (!attempt || attempt.body !== text) attempt = { key: CC.newKey(), body: text, order: null };
    var current = attempt, token;
    busy = true;
    $('buy').disabled = true;
    CC.note(msg, t('placing'), 'info');
    login().then(function (tk) {
      token = tk;
      if (current.order) return current.order;
      return CC.api('POST', '/v1/shops/' + encodeURIComponent(product.shop_id) + '/orders', { token: token, key: current.key, body: body });
    }).then(function (order) {
      current.order = order;
      CC.note(msg, t('paying'), 'info');
      return CC.api('POST', '/v1/orders/' + order.id + '/payments', { token: token, key: current.key + '-pay', body: { provider: 'sandbox' } });
    }).then(function () {
      return CC.api('POST', '/v1/sandbox/orders/' + current.order.id + '/pay', { token: token, key: current.key + '-confirm', body: {} });
    }).then(function (order) {
      CC.note(msg, t('confirming'), 'info');
      return waitPaid(order, 40);
    }).then(function (order) {
      attempt = null;
      showPaid(order);
    }).catch(function (e) {
      if (e && e.code === 'invalid_request' && e.param === 'platform') { handoff(); return; }
      if (e && e.code === 'unauthenticated') sessionStorage.removeItem('cc_session');
      // A definite refusal ends the attempt; a lost answer (network, 5xx, 429, 409 in progress) keeps its key.
      if (e && e.status >= 400 && e.status < 500 && ['rate_limited', 'conflict', 'idempotency_key_reused'].indexOf(e.code) < 0) attempt = null;
      CC.note(msg, CC.describe(e), 'error');
    }).then(function () {
      busy = false;
      if (product) render();
    });
  }

  /**
   * Outside sandbox mode: how the mini program takes over (no web login is possible here): the
   * order it places and the pay parameters it hands to the chat app's payment sheet.
   */
  function handoff() {
    var qq = /\bQQ\//.test(navigator.userAgent);
    var pay = qq
      ? 'POST /v1/orders/{id}/payments { provider: "qpay" }\nqq.requestPayment({ package: "prepay_id=…", bargainor_id })\n\n' +
        'POST /v1/orders/{id}/payments { provider: "wechatpay_qq" }\nqq.requestWxPayment({ url, referer })'
      : 'POST /v1/orders/{id}/payments { provider: "wechatpay" }\nwx.requestPayment({\n  appId, timeStamp, nonceStr,\n  package: "prepay_id=…",\n  signType: "RSA", paySign\n})';
    $('handoff-text').textContent = t(qq ? 'handoff.qq' : 'handoff.text');
    $('handoff-params').textContent = 'POST /v1/shops/' + product.shop_id + '/orders\n{ items: [{ product_id: "' + product.id +
      '", quantity: ' + quantity() + ' }]' + (share ? ', share_code: "' + share + '"' : '') + (scene ? ', scene: ' + scene : '') +
      ', shipping: {…} }\n\n' + pay;
    CC.note(msg, '', 'info');
    $('handoff').hidden = false;
    $('handoff').scrollIntoView();
  }

  function offer(url, lead) {
    var shareData = { title: product ? product.title : document.title, url: url };
    if (navigator.share && (!navigator.canShare || navigator.canShare(shareData))) {
      return navigator.share(shareData).catch(function () {});
    }
    $('share-url').value = url;
    $('share-box').hidden = false;
    $('share-url').select();
    var copied = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(url) : Promise.reject();
    return copied.then(function () { $('share-lead').textContent = lead || t('share.copied'); },
                       function () { $('share-lead').textContent = lead || t('share.manual'); });
  }

  function shareProduct() {
    if (!product) return;
    login().then(function (token) {
      return CC.api('POST', '/v1/share-links', { token: token, key: CC.newKey(), body: { shop_id: product.shop_id, product_id: product.id, channel: 'other' } });
    }).then(function (link) { return offer(link.url); }, function () {
      return offer(location.origin + '/p/' + encodeURIComponent(product.id), t('share.failed'));
    });
  }

  CC.translate();
  $('buy').addEventListener('click', buy);
  $('share').addEventListener('click', shareProduct);
  $('minus').addEventListener('click', function () { $('qty').value = String(quantity() - 1); quantity(); });
  $('plus').addEventListener('click', function () {
    var before = quantity();
    $('qty').value = String(before + 1);
    if (quantity() === before && before >= maxQuantity()) CC.note(msg, t('qty.max', { n: CC.number(maxQuantity()) }), 'info');
  });
  $('qty').addEventListener('change', quantity);
  ['name', 'phone', 'address'].forEach(function (f) { $('ship-' + f).value = localStorage.getItem('cc_ship_' + f) || ''; });
  load();
})();
