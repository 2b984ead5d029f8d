// 重点支援企業の照会: fetches only the shards a query needs (see build_scripts/lookup.py).
(function () {
  "use strict";
  var root = document.getElementById("chiiki-lookup");
  if (!root) return;
  var base = new URL(root.getAttribute("data-chiiki-base") + "data/lookup/", window.location.href);
  var siteRoot = new URL(root.getAttribute("data-chiiki-base"), window.location.href);
  var LEGAL = ["株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人", "公益社団法人",
               "公益財団法人", "(株)", "(有)", "(同)"];
  var DROPPED = " \t\u3000・-‐－.,、。()「」『』[]";
  var KINDS = {A: "戦略産業クラスター計画", B: "地域産業クラスター計画", C: "地場産業成長プラン"};
  var STATUSES = {outline: "素案", approved: "策定・公表済", withdrawn: "廃止"};
  var cache = {};

  function normaliseName(name) {
    var text = name.normalize("NFKC");
    LEGAL.forEach(function (form) { text = text.split(form).join(""); });
    var out = "";
    for (var ch of text) { if (DROPPED.indexOf(ch) < 0) out += ch; }
    out = out.toLowerCase();
    var folded = "";
    for (var c of out) {
      var code = c.codePointAt(0);
      folded += (code >= 0x30a1 && code <= 0x30f6) ? String.fromCodePoint(code - 0x60) : c;
    }
    return folded;
  }
  function bigramShard(gram, shards) {
    var value = 0;
    for (var ch of gram) { value = (value * 31 + ch.codePointAt(0)) % shards; }
    return value;
  }
  function corporateCheckDigit(base12) {
    var total = 0;
    for (var n = 1; n <= 12; n++) {
      var digit = Number(base12[12 - n]);
      total += digit * (n % 2 === 0 ? 2 : 1);
    }
    return 9 - (total % 9);
  }
  function fetchJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, base)).then(function (r) { return r.ok ? r.json() : {}; });
    }
    return cache[path];
  }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function render(records, message) {
    var out = root.querySelector(".lookup-results");
    out.textContent = "";
    var status = root.querySelector(".lookup-status");
    status.textContent = message;
    records.forEach(function (record) {
      var item = el("li", undefined, "lookup-result");
      item.setAttribute("data-number", record.number);
      item.appendChild(el("span", record.name, "lookup-name"));
      item.appendChild(el("code", record.number));
      var list = el("ul");
      record.plans.forEach(function (plan) {
        var entry = el("li");
        var link = el("a", plan.title);
        link.href = new URL(plan.url, siteRoot).href;
        entry.appendChild(link);
        entry.appendChild(el("span", "（" + plan.kind + ". " + KINDS[plan.kind] + "・" + STATUSES[plan.status] + "）"));
        if (plan.example) entry.appendChild(el("span", "記載例（架空）", "badge example"));
        list.appendChild(entry);
      });
      item.appendChild(list);
      out.appendChild(item);
    });
  }
  async function byNumber(digits) {
    if (corporateCheckDigit(digits.slice(1)) !== Number(digits[0])) {
      return render([], "法人番号 " + digits + " はチェックディジット（先頭の1桁）が正しくありません。番号を確かめてください。");
    }
    var meta = await fetchJson("meta.json");
    var shard = await fetchJson("number/" + digits.slice(-meta.number_suffix) + ".json");
    var record = shard[digits];
    if (!record) return render([], "法人番号 " + digits + " の企業は、公開されている計画の重点支援企業一覧にありません。");
    render([record], "法人番号 " + digits + " の企業が見つかりました。");
  }
  async function byName(query) {
    var key = normaliseName(query);
    if (key.length < 2) return render([], "企業名は2文字以上で入力してください（株式会社などは除きます）。");
    var meta = await fetchJson("meta.json");
    var grams = [];
    for (var i = 0; i + 1 < key.length; i++) grams.push(key.slice(i, i + 2));
    var lists = await Promise.all(grams.map(function (gram) {
      return fetchJson("bigram/" + bigramShard(gram, meta.bigram_shards) + ".json").then(function (s) { return s[gram] || []; });
    }));
    var ids = lists.reduce(function (acc, list) { return acc.filter(function (id) { return list.indexOf(id) >= 0; }); });
    var shown = ids.slice(0, 50);
    var records = await Promise.all(shown.map(function (id) {
      return fetchJson("records/" + Math.floor(id / meta.records_per_shard) + ".json").then(function (s) { return s[String(id)]; });
    }));
    records = records.filter(function (r) { return r && r.key.indexOf(key) >= 0; });
    var message = records.length ? records.length + " 社が見つかりました。" : "「" + query + "」を名前に含む重点支援企業は見つかりませんでした。";
    render(records, message);
  }
  function lookup(event) {
    if (event) event.preventDefault();
    var query = root.querySelector("input").value.trim();
    var digits = query.normalize("NFKC").replace(/[\s\-‐−ー]/g, "");
    if (/^[0-9]+$/.test(digits)) {
      if (digits.length !== 13) return render([], "法人番号は13桁です（入力は " + digits.length + " 桁）。");
      return byNumber(digits);
    }
    if (!query) return render([], "");
    return byName(query);
  }
  root.querySelector("form").addEventListener("submit", lookup);
  root.hidden = false;
  var noscript = document.getElementById("chiiki-lookup-noscript");
  if (noscript) noscript.hidden = true;
  window.chiikiLookup = {normaliseName: normaliseName, corporateCheckDigit: corporateCheckDigit};
})();
