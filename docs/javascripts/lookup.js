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
  // The page's language picks the words (the English tree is <html lang="en">; the others read Japanese).
  var ENGLISH = document.documentElement.lang === "en";
  var SAY = ENGLISH ? {
    noLists: function (asOf) { return "No plan has published its list of priority-support companies yet (as of " + asOf + "). Not being found does not confirm that a company is not on one."; },
    searched: function (lists, asOf) { return "Searched the lists of priority-support companies of " + lists + (lists === 1 ? " published plan" : " published plans") + " (as of " + asOf + ")."; },
    joined: function (length) { return "A corporate number has 13 digits (this has " + length + ", which looks like " + length / 13 + " numbers run together). Check many numbers at once on the bulk check page."; },
    digits: function (length) { return "A corporate number has 13 digits (this has " + length + ")."; },
    checkDigit: function (digits) { return "The check digit (the first digit) of corporate number " + digits + " is wrong. Please check the number."; },
    notListed: function (digits) { return "The company with corporate number " + digits + " is on none of the lists. "; },
    notFound: function (digits) { return "No company with corporate number " + digits + " was found. "; },
    found: function (digits) { return "Found the company with corporate number " + digits + ". "; },
    short: "Type at least 2 characters of the name (株式会社 and the like aside).",
    tooMany: function (query, count) { return "Too many companies have 「" + query + "」 in their name to list (about " + count + "). Type more of the name, or look it up by corporate number."; },
    foundNames: function (count) { return count + (count === 1 ? " company found. " : " companies found. "); },
    noName: function (query) { return "No priority-support company has 「" + query + "」 in its name. "; },
    rest: function (count) { return count + " more companies may match: type more of the name to narrow it down. "; },
    several: function (count) { return count + " corporate numbers were typed. This page looks up one at a time: check many at once on the bulk check page."; }
  } : {
    noLists: function (asOf) { return "重点支援企業一覧を公開した計画はまだありません（" + asOf + " 時点）。一覧に載っていないことの確認にはなりません。"; },
    searched: function (lists, asOf) { return "公開されている " + lists + " 件の計画の重点支援企業一覧（" + asOf + " 時点）を照会しました。"; },
    joined: function (length) { return "法人番号は13桁です（入力は " + length + " 桁で、" + length / 13 + " 件の番号がつながったもののようです）。複数の法人番号は「まとめて照会する」のページで一度に照合できます。"; },
    digits: function (length) { return "法人番号は13桁です（入力は " + length + " 桁）。"; },
    checkDigit: function (digits) { return "法人番号 " + digits + " はチェックディジット（先頭の1桁）が正しくありません。番号を確かめてください。"; },
    notListed: function (digits) { return "法人番号 " + digits + " の企業は、どの一覧にもありません。"; },
    notFound: function (digits) { return "法人番号 " + digits + " の企業は見つかりませんでした。"; },
    found: function (digits) { return "法人番号 " + digits + " の企業が見つかりました。"; },
    short: "企業名は2文字以上で入力してください（株式会社などは除きます）。",
    tooMany: function (query, count) { return "「" + query + "」を含む名前の企業は多すぎて表示できません（約 " + count + " 社）。名前をもっと詳しく入力するか、法人番号で照会してください。"; },
    foundNames: function (count) { return count + " 社が見つかりました。"; },
    noName: function (query) { return "「" + query + "」を名前に含む重点支援企業は見つかりませんでした。"; },
    rest: function (count) { return "ほかに該当する可能性のある企業が " + count + " 社あります。名前をもっと詳しく入力すると絞り込めます。"; },
    several: function (count) { return "法人番号が " + count + " 件入力されています。ここでは1件ずつ照会します。複数の法人番号は「まとめて照会する」のページで一度に照合できます。"; }
  };

  // A plan's status in the page's words (the indexes carry the site's Japanese word, labels.STATUSES).
  var STATUSES = {draft: "Draft (not published)", outline: "Outline", approved: "Adopted and published", withdrawn: "Withdrawn"};
  function statusWord(plan) { return ENGLISH ? STATUSES[plan.status] || plan.status_label : plan.status_label; }

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
    return meta.lists ? SAY.searched(meta.lists, meta.as_of) : SAY.noLists(meta.as_of);
  }
  function ungap(list) {
    var ids = [], id = 0;
    (list || []).forEach(function (gap) { id += gap; ids.push(id); });
    return ids;
  }
  async function byNumber(digits, base) {
    if (digits.length > 13 && digits.length % 13 === 0) {  // a pasted column: the box keeps one line
      return {records: [], message: SAY.joined(digits.length), many: true};
    }
    if (digits.length !== 13) return {records: [], message: SAY.digits(digits.length)};
    if (corporateCheckDigit(digits.slice(1)) !== Number(digits[0])) {
      return {records: [], message: SAY.checkDigit(digits)};
    }
    var meta = await fetchJson(base, "meta.json");
    var shard = await fetchJson(base, "number/" + digits.slice(-meta.number_suffix) + ".json");
    var record = shard[digits];
    if (!record) {
      var none = meta.lists ? SAY.notListed(digits) : SAY.notFound(digits);
      return {records: [], message: none + searchedWords(meta)};
    }
    return {records: [record], message: SAY.found(digits) + searchedWords(meta)};
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
    if (Array.from(key).length < 2) return {records: [], message: SAY.short};
    var meta = await fetchJson(base, "meta.json");
    var found = await candidates(key, base, meta);
    if (found.tooMany) {
      return {records: [], message: SAY.tooMany(query, found.tooMany)};
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
    var message = records.length ? SAY.foundNames(records.length) : SAY.noName(query);
    if (rest > 0) message += SAY.rest(rest);
    message += searchedWords(meta);
    return {records: records, message: message, more: rest};
  }
  function find(query, base) {
    var numbers = query.normalize("NFKC").match(/[0-9][0-9\-‐−]{11,15}[0-9]/g);
    if (numbers && numbers.length > 1) {
      return Promise.resolve({records: [], many: true, message: SAY.several(numbers.length)});
    }
    var digits = digitsOf(query);
    if (digits) return byNumber(digits, base);
    if (!query.trim()) return Promise.resolve({records: [], message: ""});
    return byName(query.trim(), base);
  }
  return {normaliseName: normaliseName, corporateCheckDigit: corporateCheckDigit, digitsOf: digitsOf,
          searchedWords: searchedWords, find: find, english: ENGLISH, statusWord: statusWord};
})();

// The lookup page: a form, results with each plan and, for real companies, their official records.
(function () {
  "use strict";
  var root = document.getElementById("chiiki-lookup");
  if (!root) return;
  var siteRoot = new URL(root.getAttribute("data-chiiki-base"), window.location.href);
  var ENGLISH = window.chiikiLookup.english;
  var KINDS = ENGLISH
    ? {A: "Strategic Industry Cluster Plan* (戦略産業クラスター計画)", B: "Regional Industry Cluster Plan* (地域産業クラスター計画)",
       C: "Local Industry Growth Plan* (地場産業成長プラン)"}
    : {A: "戦略産業クラスター計画", B: "地域産業クラスター計画", C: "地場産業成長プラン"};
  var WORDS = ENGLISH
    ? {check: function (where) { return "Check on " + where; }, bulk: "Check many at once", example: "Example (fictional)",
       location: "Location", industry: "Industry", role: "Role", separator: "; ", colon: ": ",
       status: function (plan) { return " (" + plan.kind + ". " + KINDS[plan.kind] + " · " + window.chiikiLookup.statusWord(plan) + ")"; },
       failed: "The lookup's data could not be loaded. The connection may have dropped.", again: "Look up again",
       tree: "en/"}
    : {check: function (where) { return where + "で確認"; }, bulk: "まとめて照会する", example: "記載例（架空）",
       location: "所在地", industry: "業種", role: "役割", separator: "・", colon: "：",
       status: function (plan) { return "（" + plan.kind + ". " + KINDS[plan.kind] + "・" + plan.status_label + "）"; },
       failed: "照会のデータを読み込めませんでした。通信が切れた可能性があります。", again: "もう一度照会する",
       tree: ""};

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
      if (index) box.appendChild(document.createTextNode(WORDS.separator));
      var link = el("a", WORDS.check(pair[0]));
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
      var bulk = el("a", WORDS.bulk, "lookup-bulk");
      bulk.href = new URL(WORDS.tree + "lookup/bulk/", siteRoot).href;
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
        link.href = new URL(WORDS.tree + plan.url, siteRoot).href;  // the plan's page in this page's tree
        entry.appendChild(link);
        entry.appendChild(el("span", WORDS.status(plan)));
        if (plan.example) entry.appendChild(el("span", WORDS.example, "badge example"));
        var said = [[WORDS.location, plan.municipality], [WORDS.industry, plan.industry], [WORDS.role, plan.role]]
          .filter(function (pair) { return pair[1]; })
          .map(function (pair) { return pair[0] + WORDS.colon + pair[1]; });
        if (said.length) entry.appendChild(el("span", said.join(WORDS.separator), "lookup-listing"));
        list.appendChild(entry);
      });
      item.appendChild(list);
      if (record.official && record.official.length) item.appendChild(officialLinks(record.official));
      out.appendChild(item);
    });
  }
  // The connection dropped (or the server failed): say so, and offer to ask again.
  function failed() {
    render({records: [], message: WORDS.failed});
    var again = el("button", WORDS.again, "lookup-retry");
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
