// The merchant's live dashboard, /dashboard: the shop key stays in this tab's sessionStorage and
// travels only in the Authorization header of API calls. The live stream is opened with a live
// token (POST /v1/stats/live-tokens) in the Authorization header of a fetch (EventSource could
// carry it only in the URL, which access logs keep), and resumed with Last-Event-ID after a drop.
'use strict';
(function () {
  CC.add({
    zh: {
      connect: '连接', connecting: '连接中…', live: '实时更新中', reconnecting: '连接已断开，{s} 秒后重连…', logout: '退出',
      'key.bad': '店铺密钥无效，请检查后重新粘贴。', 'key.need': '请粘贴以 sk_ 开头的店铺密钥。',
      clicks: '点击', unique_visitors: '访客', orders: '订单', paid_orders: '支付订单', gmv: '成交额', conversion: '转化率',
      today: '今日', last60: '最近 60 秒 {v}', 'feed.empty': '暂无，新订单会实时出现在这里。',
      'feed.item': '{time} · {amount} · {scene} · 分享人 {sharer}', 'none': '无', key: '名称',
      'scene.none': '无场景', 'sharer.none': '无分享人', 'product.none': '无商品'
    },
    en: {
      'key.label': 'Shop secret key (sk_…, kept in this tab only)', connect: 'Connect', connecting: 'Connecting…',
      live: 'Live', reconnecting: 'Disconnected; reconnecting in {s} s…', logout: 'Sign out',
      'key.bad': 'That shop key is not valid. Check it and paste it again.', 'key.need': 'Paste the shop key that starts with sk_.',
      clicks: 'Clicks', unique_visitors: 'Visitors', orders: 'Orders', paid_orders: 'Paid orders', gmv: 'GMV',
      conversion: 'Conversion', today: 'Today', last60: 'Last 60 s: {v}', 'chart.title': 'Last hour (per minute)',
      'feed.title': 'Newly paid orders', 'feed.empty': 'None yet; new orders appear here as they are paid.',
      'feed.item': '{time} · {amount} · {scene} · sharer {sharer}', none: 'none', key: 'Name',
      'by.scene': 'By scene', 'by.channel': 'By channel', 'by.sharer': 'By sharer', 'by.product': 'By product',
      'scene.none': 'No scene', 'sharer.none': 'No sharer', 'product.none': 'No product'
    }
  });
  // Scene values: WeChat's, then mobile QQ's (2xxx, 4xxx); every value ChatScene.known lists has a name here.
  var SCENES = {
    zh: { 1001: '发现栏小程序入口', 1005: '搜索', 1007: '单聊', 1008: '群聊', 1011: '扫码', 1012: '长按识别二维码',
      1013: '相册选取二维码', 1036: 'App 分享', 1044: '群聊(带 shareTicket)', 1047: '扫小程序码', 1048: '长按识别小程序码',
      1089: '下拉最近使用', 1154: '朋友圈单页', 2003: 'QQ空间分享', 2009: 'QQ空间', 2010: 'QQ群资料卡',
      2060: 'QQ空间说说列表', 2062: 'QQ个人资料卡', 2080: 'QQ单聊(加号面板)', 2081: 'QQ群聊(加号面板)',
      4007: 'QQ群左滑面板', 4008: 'QQ群快捷入口' },
    en: { 1001: 'Discover entry', 1005: 'Search', 1007: 'Single chat', 1008: 'Group chat', 1011: 'QR code',
      1012: 'QR code (long press)', 1013: 'QR code (album)', 1036: 'App message', 1044: 'Group chat (shareTicket)',
      1047: 'Mini program code', 1048: 'Mini program code (long press)', 1089: 'Recently used', 1154: 'Moments single page',
      2003: 'Shared into Qzone', 2009: 'Qzone', 2010: 'QQ group profile card', 2060: 'Qzone feed', 2062: 'QQ profile card',
      2080: 'QQ single chat (+ panel)', 2081: 'QQ group chat (+ panel)', 4007: 'QQ group side panel',
      4008: 'QQ group quick entry' }
  };
  var CHANNELS = {
    zh: { chat: '单聊', group: '群聊', moments: '朋友圈', qzone: 'QQ空间', qr: '二维码', other: '其他' },
    en: { chat: 'Single chat', group: 'Group chat', moments: 'Moments', qzone: 'Qzone', qr: 'QR code', other: 'Other' }
  };
  var FIELDS = ['clicks', 'unique_visitors', 'orders', 'paid_orders', 'gmv', 'conversion'];
  var $ = function (id) { return document.getElementById(id); };
  var t = CC.t;
  var msg = $('msg');
  var key = null, live = null, currency = 'CNY', titles = {}, lastEventId = null, controller = null, retry = 1;
  var buckets = [], previous = null, refreshTimer = null, generation = 0;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  /** A long id shortened for a table cell (the whole id is the cell's title). */
  function shortID(id) { return id.length > 16 ? id.slice(0, 9) + '…' + id.slice(-4) : id; }
  function sceneName(k) {
    if (k === null || k === undefined || k === '') return t('scene.none');
    var name = SCENES[CC.lang][k] || SCENES.zh[k];
    return name ? k + ' ' + name : String(k);
  }
  /** A table row's name: scene and channel in words, products by title, sharers by short id. */
  function rowName(group, k) {
    if (group === 'scene') return sceneName(k);
    if (group === 'channel') return k ? CHANNELS[CC.lang][k] || k : t('none');
    if (group === 'product') return k ? titles[k] || k : t('product.none');
    return k ? shortID(k) : t('sharer.none');
  }
  function value(field, v) {
    if (field === 'gmv') return CC.money(v || 0, currency);
    if (field === 'conversion') return CC.percent(v || 0);
    return CC.number(v || 0);
  }

  function buildMetrics() {
    var grid = $('metrics');
    grid.textContent = '';
    FIELDS.forEach(function (f) {
      var card = el('div', undefined, 'metric');
      card.appendChild(el('span', t(f) + ' · ' + t('today')));
      var b = el('b', '0'); b.id = 'm-' + f; card.appendChild(b);
      var s = el('small', t('last60', { v: '0' })); s.id = 'm60-' + f; card.appendChild(s);
      grid.appendChild(card);
    });
  }
  function showCounters(window) {
    FIELDS.forEach(function (f) {
      $('m-' + f).textContent = value(f, window.today && window.today[f]);
      $('m60-' + f).textContent = t('last60', { v: value(f, window.last_60s && window.last_60s[f]) });
    });
    var minute = Math.floor(Date.now() / 60000);
    if (!buckets.length || buckets[buckets.length - 1].minute !== minute) buckets.push({ minute: minute, clicks: 0, paid: 0 });
    buckets = buckets.filter(function (b) { return b.minute > minute - 60; });
    var today = window.today || {};
    if (previous) {
      var bucket = buckets[buckets.length - 1];
      bucket.clicks += Math.max(0, (today.clicks || 0) - previous.clicks);
      bucket.paid += Math.max(0, (today.paid_orders || 0) - previous.paid);
    }
    previous = { clicks: today.clicks || 0, paid: today.paid_orders || 0 };
    drawChart(minute);
  }

  /** 60 one-minute columns: clicks as light bars, paid orders as green bars in front, own SVG. */
  function drawChart(now) {
    var svg = $('chart'), ns = 'http://www.w3.org/2000/svg';
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var max = 1;
    buckets.forEach(function (b) { max = Math.max(max, b.clicks, b.paid); });
    var w = 600 / 60;
    buckets.forEach(function (b) {
      var x = (59 - (now - b.minute)) * w;
      [['clicks', '#93c5fd', 0], ['paid', '#07c160', w * 0.3]].forEach(function (s) {
        var h = (b[s[0]] / max) * 150;
        if (!h) return;
        var r = document.createElementNS(ns, 'rect');
        r.setAttribute('x', String(x + s[2])); r.setAttribute('width', String(w * 0.6));
        r.setAttribute('y', String(155 - h)); r.setAttribute('height', String(h)); r.setAttribute('fill', s[1]);
        r.setAttribute('class', s[0]);
        svg.appendChild(r);
      });
    });
    var axis = document.createElementNS(ns, 'line');
    axis.setAttribute('x1', '0'); axis.setAttribute('x2', '600'); axis.setAttribute('y1', '155'); axis.setAttribute('y2', '155');
    axis.setAttribute('stroke', '#d1d5db');
    svg.appendChild(axis);
  }

  function addPaid(e) {
    var feed = $('feed');
    if (feed.firstChild && feed.firstChild.className === 'muted') feed.textContent = '';
    var li = el('li', t('feed.item', { time: new Date().toLocaleTimeString(CC.locale), amount: CC.money(e.amount_total, currency),
      scene: sceneName(e.scene), sharer: e.sharer ? shortID(e.sharer) : t('none') }));
    li.appendChild(el('div', e.order_id + (e.share_code ? ' · ' + e.share_code : ''), 'muted'));
    li.setAttribute('data-order', e.order_id);
    feed.insertBefore(li, feed.firstChild);
    while (feed.children.length > 30) feed.removeChild(feed.lastChild);
    scheduleTables(800);
  }

  function table(id, group, rows) {
    var tbl = $(id);
    tbl.textContent = '';
    var head = el('tr');
    ['key', 'clicks', 'unique_visitors', 'paid_orders', 'gmv', 'conversion'].forEach(function (f) { head.appendChild(el('th', t(f))); });
    tbl.appendChild(head);
    rows.forEach(function (row) {
      var tr = el('tr');
      var cell = el('td', rowName(group, row.key));
      if (row.key) cell.title = String(row.key);
      tr.appendChild(cell);
      ['clicks', 'unique_visitors', 'paid_orders', 'gmv', 'conversion'].forEach(function (f) { tr.appendChild(el('td', value(f, row[f]))); });
      tbl.appendChild(tr);
    });
  }
  function loadTables() {
    // "Today" is the stream's: from midnight China Standard Time (UTC+8).
    var day = 86400000, cst = 8 * 3600000;
    var from = new Date(Math.floor((Date.now() + cst) / day) * day - cst);
    var since = encodeURIComponent(from.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    return Promise.all(['scene', 'channel', 'sharer', 'product'].map(function (g) {
      return CC.api('GET', '/v1/stats?group_by=' + g + '&from=' + since, { token: key }).then(function (page) { table('t-' + g, g, page.data || []); });
    })).catch(function (e) { CC.note(msg, CC.describe(e), 'error'); });
  }
  function scheduleTables(ms) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () { loadTables().then(function () { scheduleTables(15000); }); }, ms);
  }

  function status(text, on) { $('status').textContent = text; $('live').className = on ? 'live on' : 'live'; }

  function dispatch(event) {
    if (event.id) lastEventId = event.id;
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (event.type === 'counters' && data.window) showCounters(data.window);
    else if (event.type === 'order_paid') addPaid(data);
  }

  /** Reads `text/event-stream` from `body` (WHATWG SSE parsing: fields, blank-line dispatch, comments). */
  function read(body, mine) {
    var reader = body.getReader(), decoder = new TextDecoder(), buffer = '', event = { type: 'message', data: [], id: null };
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done || mine !== generation) return;
        buffer += decoder.decode(chunk.value, { stream: true });
        var lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop();
        lines.forEach(function (line) {
          if (line === '') {
            if (event.data.length) dispatch({ type: event.type, data: event.data.join('\n'), id: event.id });
            event = { type: 'message', data: [], id: null };
            return;
          }
          if (line[0] === ':') return;
          var colon = line.indexOf(':');
          var field = colon < 0 ? line : line.slice(0, colon);
          var v = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.type = v;
          else if (field === 'data') event.data.push(v);
          else if (field === 'id') event.id = v;
        });
        return pump();
      });
    }
    return pump();
  }

  /**
   * A live token for the stream, from POST /v1/stats/live-tokens with the shop key; kept in memory
   * and reused until a minute before it expires. The stream sees only this token, never the key.
   */
  function liveToken() {
    if (live && live.expires - Date.now() > 60000) return Promise.resolve(live.token);
    return CC.api('POST', '/v1/stats/live-tokens', { token: key }).then(function (answer) {
      live = { token: answer.token, expires: Date.parse(answer.expires_at) };
      return live.token;
    });
  }

  /** Opens the stream with a live token (a header, never the URL); after a drop, reopens it with Last-Event-ID. */
  function stream() {
    var mine = ++generation;
    controller = new AbortController();
    liveToken().catch(function (e) {
      if (e.status === 401 || e.status === 403) { signOut(t('key.bad')); return null; }
      throw e;
    }).then(function (token) {
      if (!token || mine !== generation) return 'stop';
      var headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + token };
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      return fetch('/v1/stats/live', { headers: headers, cache: 'no-store', signal: controller.signal }).then(function (res) {
        if (res.status === 401) { live = null; throw new Error('the live token expired'); }
        if (!res.ok || !res.body) throw new Error('status ' + res.status);
        retry = 1;
        status(t('live'), true);
        CC.note(msg, '', 'info');
        return read(res.body, mine);
      });
    }).catch(function () {}).then(function (result) {
      if (result === 'stop' || mine !== generation || !key) return;
      status(t('reconnecting', { s: retry }), false);
      setTimeout(function () { if (mine === generation && key) stream(); }, retry * 1000);
      retry = Math.min(retry * 2, 15);
    });
  }

  function connect() {
    $('key-form').hidden = true;
    $('board').hidden = false;
    status(t('connecting'), false);
    CC.api('GET', '/v1/products?limit=100', { token: key }).then(function (page) {
      (page.data || []).forEach(function (p) { titles[p.id] = p.title; });
      var shopId = page.data && page.data.length ? page.data[0].shop_id : null;
      if (shopId) {
        CC.api('GET', '/v1/shops/' + encodeURIComponent(shopId)).then(function (shop) {
          currency = shop.currency;
          $('shop-name').textContent = shop.name;
        }, function () {});
      }
      buildMetrics();
      drawChart(Math.floor(Date.now() / 60000));
      scheduleTables(0);
      stream();
      if (window.performance && performance.mark) performance.mark('cc-ready');
    }, function (e) {
      if (e.status === 401 || e.status === 403) signOut(t('key.bad'));
      else { CC.note(msg, CC.describe(e), 'error'); $('key-form').hidden = false; }
    });
  }

  function signOut(reason) {
    key = null;
    live = null;
    generation++;
    if (controller) controller.abort();
    clearTimeout(refreshTimer);
    sessionStorage.removeItem('cc_shop_key');
    $('board').hidden = true;
    $('key-form').hidden = false;
    CC.note(msg, reason || '', 'error');
  }

  CC.translate();
  document.title = t('live') + ' · ChatCheckout';
  $('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var value = $('key').value.trim();
    $('key').value = '';
    if (!/^sk_[A-Za-z0-9_-]{8,}$/.test(value)) { CC.note(msg, t('key.need'), 'error'); return; }
    key = value;
    sessionStorage.setItem('cc_shop_key', key);
    CC.note(msg, '', 'info');
    connect();
  });
  $('logout').addEventListener('click', function () { signOut(''); });
  key = sessionStorage.getItem('cc_shop_key');
  if (key) connect();
})();
