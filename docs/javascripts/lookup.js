// 重点支援企業の照会: fetches only the files a query needs (see build_scripts/downloads/lookup.py).
// window.chiikiLookup.find(query, siteRoot) is shared by the lookup page and the site search.
window.chiikiLookup = (function () {
  "use strict";
  var LEGAL = ["株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人", "公益社団法人",
               "公益財団法人", "(株)", "(有)", "(同)"];
  var DROPPED = " \t\u3000・-‐－.,、。()「」『』[]";
  var SHOWN = 20;                 // matches shown (and whose records are fetched) for a name query
  var LISTED = 5000;              // a bigram shared by more companies is too broad to list: only its count is said
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
  // A query that is a 法人番号: digits once hyphens, spaces and full width are taken away.
  function digitsOf(query) {
    var digits = query.normalize("NFKC").replace(/[\s\-‐−ー]/g, "");
    return /^[0-9]+$/.test(digits) ? digits : null;
  }
  // A shard that is not there (no company's number ends so) is empty; a failed request is an error, and is
  // forgotten so that trying again asks again.
  function fetchJson(base, path) {
    var url = new URL("data/lookup/" + path, base).href;
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (r.status === 404) return {};
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).catch(function (error) { delete cache[url]; throw error; });
    }
    return cache[url];
  }
  // What every answer searched: the published lists and the data's date (meta.json, lookup.py's searched()).
  function searchedWords(meta) {
    if (!meta.lists) {
      return "重点支援企業一覧を公開した計画はまだありません（" + meta.as_of + " 時点）。一覧に載っていないことの確認にはなりません。";
    }
    return "公開されている " + meta.lists + " 件の計画の重点支援企業一覧（" + meta.as_of + " 時点）を照会しました。";
  }
  function ungap(list) {
    var ids = [], id = 0;
    (list || []).forEach(function (gap) { id += gap; ids.push(id); });
    return ids;
  }
  async function byNumber(digits, base) {
    if (digits.length > 13 && digits.length % 13 === 0) {  // a pasted column: the box keeps one line
      return {records: [], message: "法人番号は13桁です（入力は " + digits.length + " 桁で、" + digits.length / 13 +
              " 件の番号がつながったもののようです）。複数の法人番号は「まとめて照会する」のページで一度に照合できます。", many: true};
    }
    if (digits.length !== 13) return {records: [], message: "法人番号は13桁です（入力は " + digits.length + " 桁）。"};
    if (corporateCheckDigit(digits.slice(1)) !== Number(digits[0])) {
      return {records: [], message: "法人番号 " + digits + " はチェックディジット（先頭の1桁）が正しくありません。番号を確かめてください。"};
    }
    var meta = await fetchJson(base, "meta.json");
    var shard = await fetchJson(base, "number/" + digits.slice(-meta.number_suffix) + ".json");
    var record = shard[digits];
    if (!record) {
      var none = meta.lists ? "法人番号 " + digits + " の企業は、どの一覧にもありません。" : "法人番号 " + digits + " の企業は見つかりませんでした。";
      return {records: [], message: none + searchedWords(meta)};
    }
    return {records: [record], message: "法人番号 " + digits + " の企業が見つかりました。" + searchedWords(meta)};
  }
  // Candidates: the ids of every rare bigram of the key, intersected; with none, the one common list (if listable).
  async function candidates(key, base, meta) {
    // By characters (code points), as the index is made: 𠮷 is one character but two UTF-16 units.
    var chars = Array.from(key), grams = [];
    for (var i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
    var common = await fetchJson(base, "common.json");
    var rare = grams.filter(function (gram) { return !common[gram]; });
    if (rare.length) {
      var lists = await Promise.all(rare.map(function (gram) {
        return fetchJson(base, "bigram/" + bigramShard(gram, meta.bigram_shards) + ".json").then(function (s) { return ungap(s[gram]); });
      }));
      return {ids: lists.reduce(function (acc, list) { return acc.filter(function (id) { return list.indexOf(id) >= 0; }); })};
    }
    var narrowest = grams.map(function (gram) { return common[gram]; }).sort(function (a, b) { return a[0] - b[0]; })[0];
    if (narrowest[0] > LISTED) return {ids: [], tooMany: narrowest[0]};
    return {ids: ungap(await fetchJson(base, "common/" + narrowest[1] + ".json"))};
  }
  async function byName(query, base) {
    var key = normaliseName(query);
    if (Array.from(key).length < 2) return {records: [], message: "企業名は2文字以上で入力してください（株式会社などは除きます）。"};
    var meta = await fetchJson(base, "meta.json");
    var found = await candidates(key, base, meta);
    if (found.tooMany) {
      return {records: [], message: "「" + query + "」を含む名前の企業は多すぎて表示できません（約 " + found.tooMany +
              " 社）。名前をもっと詳しく入力するか、法人番号で照会してください。"};
    }
    var records = [], next = 0;
    while (records.length < SHOWN && next < found.ids.length) {   // only the records shown are fetched
      var batch = found.ids.slice(next, next + SHOWN - records.length);
      next += batch.length;
      var fetched = await Promise.all(batch.map(function (id) {
        return fetchJson(base, "records/" + Math.floor(id / meta.records_per_shard) + ".json").then(function (s) { return s[String(id)]; });
      }));
      records = records.concat(fetched.filter(function (r) { return r && r.key.indexOf(key) >= 0; }));
    }
    var rest = found.ids.length - next;
    var message = records.length ? records.length + " 社が見つかりました。" : "「" + query + "」を名前に含む重点支援企業は見つかりませんでした。";
    if (rest > 0) message += "ほかに該当する可能性のある企業が " + rest + " 社あります。名前をもっと詳しく入力すると絞り込めます。";
    message += searchedWords(meta);
    return {records: records, message: message, more: rest};
  }
  function find(query, base) {
    var numbers = query.normalize("NFKC").match(/[0-9][0-9\-‐−]{11,15}[0-9]/g);
    if (numbers && numbers.length > 1) {
      return Promise.resolve({records: [], many: true, message: "法人番号が " + numbers.length +
        " 件入力されています。ここでは1件ずつ照会します。複数の法人番号は「まとめて照会する」のページで一度に照合できます。"});
    }
    var digits = digitsOf(query);
    if (digits) return byNumber(digits, base);
    if (!query.trim()) return Promise.resolve({records: [], message: ""});
    return byName(query.trim(), base);
  }
  return {normaliseName: normaliseName, corporateCheckDigit: corporateCheckDigit, digitsOf: digitsOf,
          searchedWords: searchedWords, find: find};
})();

// The lookup page: a form, results with each plan and, for real companies, their official records.
(function () {
  "use strict";
  var root = document.getElementById("chiiki-lookup");
  if (!root) return;
  var siteRoot = new URL(root.getAttribute("data-chiiki-base"), window.location.href);
  var KINDS = {A: "戦略産業クラスター計画", B: "地域産業クラスター計画", C: "地場産業成長プラン"};

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  // The official records' links come with the record (build_scripts/urls.py); fictional companies have none.
  function officialLinks(links) {
    var box = el("p", undefined, "company-links");
    links.forEach(function (pair, index) {
      if (index) box.appendChild(document.createTextNode("・"));
      var link = el("a", pair[0] + "で確認");
      link.href = pair[1];
      link.rel = "noopener";
      box.appendChild(link);
    });
    return box;
  }
  function render(result) {
    var out = root.querySelector(".lookup-results");
    out.textContent = "";
    root.querySelector(".lookup-status").textContent = result.message;
    if (result.many) {
      var bulk = el("a", "まとめて照会する", "lookup-bulk");
      bulk.href = new URL("lookup/bulk/", siteRoot).href;
      out.appendChild(el("li")).appendChild(bulk);
    }
    result.records.forEach(function (record) {
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
        entry.appendChild(el("span", "（" + plan.kind + ". " + KINDS[plan.kind] + "・" + plan.status_label + "）"));
        if (plan.example) entry.appendChild(el("span", "記載例（架空）", "badge example"));
        var said = [["所在地", plan.municipality], ["業種", plan.industry], ["役割", plan.role]]
          .filter(function (pair) { return pair[1]; })
          .map(function (pair) { return pair[0] + "：" + pair[1]; });
        if (said.length) entry.appendChild(el("span", said.join("・"), "lookup-listing"));
        list.appendChild(entry);
      });
      item.appendChild(list);
      if (record.official && record.official.length) item.appendChild(officialLinks(record.official));
      out.appendChild(item);
    });
  }
  // The connection dropped (or the server failed): say so, and offer to ask again.
  function failed() {
    render({records: [], message: "照会のデータを読み込めませんでした。通信が切れた可能性があります。"});
    var again = el("button", "もう一度照会する", "lookup-retry");
    again.type = "button";
    again.addEventListener("click", function () { lookup(); });
    root.querySelector(".lookup-results").appendChild(el("li")).appendChild(again);
  }
  async function lookup(event) {
    if (event) event.preventDefault();
    var query = root.querySelector("input").value.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);          // a deep link that restores this lookup
    try {
      render(await window.chiikiLookup.find(query, siteRoot));
    } catch (error) {
      failed();
    }
  }
  root.querySelector("form").addEventListener("submit", lookup);
  root.hidden = false;
  var noscript = document.getElementById("chiiki-lookup-noscript");
  if (noscript) noscript.hidden = true;
  var asked = new URLSearchParams(window.location.search).get("q");
  function ready() { root.setAttribute("data-chiiki-ready", "true"); }  // a deep link's answer is shown first
  if (asked) { root.querySelector("input").value = asked; lookup().finally(ready); } else ready();
})();
