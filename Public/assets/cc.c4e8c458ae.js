// ChatCheckout pages: what the product page and the dashboard share (language, money, the API,
// errors in words). API text is only ever set as text (textContent), never parsed as HTML.
'use strict';
var CC = (function () {
  var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
  var lang = 'zh';
  for (var i = 0; i < prefs.length; i++) {
    var p = String(prefs[i]).toLowerCase();
    if (p.indexOf('zh') === 0) break;
    if (p.indexOf('en') === 0) { lang = 'en'; break; }
  }
  var locale = lang === 'en' ? 'en-US' : 'zh-CN';
  var words = { zh: {}, en: {} };

  /** Adds page strings: `add({zh: {...}, en: {...}})`. */
  function add(table) {
    for (var l in table) for (var k in table[l]) words[l][k] = table[l][k];
  }

  /** The string `key` in the page's language, `{name}` replaced from `vars`. */
  function t(key, vars) {
    var text = words[lang][key];
    if (text === undefined) text = words.zh[key] !== undefined ? words.zh[key] : key;
    return text.replace(/\{(\w+)\}/g, function (_, name) { return vars && vars[name] !== undefined ? vars[name] : ''; });
  }

  /** Puts the page's language on `<html>` and every `[data-t]` element. */
  function translate(root) {
    document.documentElement.lang = locale;
    var nodes = (root || document).querySelectorAll('[data-t]');
    // The page's own text is the Chinese default; only a translation available replaces it.
    for (var i = 0; i < nodes.length; i++) {
      var key = nodes[i].getAttribute('data-t');
      if (words[lang][key] !== undefined) nodes[i].textContent = t(key);
    }
    var holders = (root || document).querySelectorAll('[data-tp]');
    for (var j = 0; j < holders.length; j++) {
      if (words[lang][holders[j].getAttribute('data-tp')] !== undefined) holders[j].setAttribute('placeholder', t(holders[j].getAttribute('data-tp')));
    }
  }

  /** An amount in minor units (fen) as the locale writes it: 3800 CNY → ¥38.00. */
  function money(minor, currency) {
    var format;
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency || 'CNY', currencyDisplay: 'narrowSymbol' });
    } catch (e) {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency || 'CNY' });
    }
    var digits = format.resolvedOptions().maximumFractionDigits;
    return format.format(Number(minor) / Math.pow(10, digits));
  }

  /** A count as the locale writes it (12,345). */
  function number(n) { return new Intl.NumberFormat(locale).format(n); }

  /** A ratio as a percentage (0.125 → 12.5%). */
  function percent(r) { return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(r || 0); }

  /** A random Idempotency-Key (128 bits, hex). */
  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  /**
   * Calls the API; resolves with the JSON answer, rejects with `{status, code, message, param, retryAfter}`
   * (`code: 'network'` when nothing came back). Credentials go in headers, never in the URL.
   */
  function api(method, path, options) {
    options = options || {};
    var headers = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.token) headers.Authorization = 'Bearer ' + options.token;
    if (options.key) headers['Idempotency-Key'] = options.key;
    return fetch(path, {
      method: method, headers: headers, credentials: 'same-origin', cache: 'no-store',
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined
    }).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (res.ok) return data;
        var error = (data && data.error) || {};
        throw { status: res.status, code: error.code || (res.status >= 500 ? 'internal' : 'http'),
                message: error.message || '', param: error.param || '', retryAfter: res.headers.get('Retry-After') };
      });
    }, function () { throw { status: 0, code: 'network', message: '' }; });
  }

  add({
    zh: {
      'err.network': '网络不给力，请检查网络后重试。', 'err.internal': '服务暂时不可用，请稍后重试。',
      'err.rate_limited': '操作太频繁，请 {s} 秒后再试。', 'err.out_of_stock': '库存不足，请减少数量或稍后再来。',
      'err.invalid_state': '订单已过期或状态已变化，请重新下单。', 'err.not_found': '没有找到，可能已下架。',
      'err.unauthenticated': '登录已失效，请重试。', 'err.forbidden': '没有权限执行此操作。',
      'err.conflict': '上一次提交仍在处理中，请稍候再试。', 'err.idempotency_key_reused': '上一次提交仍在处理中，请稍候再试。',
      'err.invalid_request': '请求有误：{m}', 'err.unknown': '出错了（{c}）：{m}'
    },
    en: {
      'err.network': 'The network is not answering. Check your connection and try again.',
      'err.internal': 'The service is unavailable for a moment. Please try again shortly.',
      'err.rate_limited': 'Too many attempts. Please try again in {s} seconds.',
      'err.out_of_stock': 'Not enough stock left. Lower the quantity or come back later.',
      'err.invalid_state': 'The order expired or changed. Please place it again.',
      'err.not_found': 'Not found: it may have been taken down.',
      'err.unauthenticated': 'Your sign-in expired. Please try again.', 'err.forbidden': 'You may not do that.',
      'err.conflict': 'The previous attempt is still being processed. Please wait a moment.',
      'err.idempotency_key_reused': 'The previous attempt is still being processed. Please wait a moment.',
      'err.invalid_request': 'Something in the request is wrong: {m}', 'err.unknown': 'Something went wrong ({c}): {m}'
    }
  });

  /** An API error in words for people. */
  function describe(error) {
    var code = (error && error.code) || 'unknown';
    if (code === 'rate_limited') return t('err.rate_limited', { s: error.retryAfter || '10' });
    if (words.zh['err.' + code] !== undefined) return t('err.' + code, { m: error.message || '', c: code });
    if (error && error.status >= 500) return t('err.internal');
    return t('err.unknown', { c: code, m: (error && error.message) || '' });
  }

  /** Shows `text` in the note element `el` (kind: error | ok | info), or hides it for ''. */
  function note(el, text, kind) {
    el.textContent = text || '';
    el.className = 'note ' + (kind || 'info');
    el.hidden = !text;
  }

  return { lang: lang, locale: locale, add: add, t: t, translate: translate, money: money, number: number,
           percent: percent, newKey: newKey, api: api, describe: describe, note: note };
})();
