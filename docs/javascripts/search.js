// Site search with Pagefind 1.6 (extended build: Japanese indexed by character bigrams), made trustworthy:
// - Pagefind is asked for the query as typed and for its alternates: the other kana (ぶろっく and ブロック), the
//   variant forms of its characters (靭 and 靱, from pagefind/chiiki-search.json) and, for a word typed in kana,
//   the words of the pages read so (はんどうたい → 半導体, pagefind/chiiki-readings/: build_scripts/site/search_index.py);
// - a page is shown only if its text contains every word of the query (or a word it reads as), after
//   normalising width, case, katakana/hiragana and variants, with an excerpt around the first match;
// - a 法人番号, or a name on the 重点支援企業 list, is answered by the company lookup (lookup.js), which
//   company tables are left to (they are not in the search index); a number that is not a 法人番号 (2030)
//   searches the pages;
// - the query and the filters live in the URL (/search/?q=…&prefecture=…), so a search can be shared.
(function () {
  "use strict";
  var root = document.getElementById("chiiki-search");
  if (!root) return;
  var siteRoot = new URL(root.getAttribute("data-chiiki-base"), window.location.href);
  var FILTERS = {"種類": "kind", "ブロック": "block", "都道府県": "prefecture", "戦略分野": "field", "状態": "status"};
  // The page's language picks the words (the English tree is <html lang="en"; its pages are in its own index).
  var SAY = document.documentElement.lang === "en" ? {
    filters: {"種類": "Kind", "ブロック": "Block", "都道府県": "Prefecture", "戦略分野": "Strategic field", "状態": "Status"},
    count: function (shown, done) { return shown + (shown === 1 ? " page" : " pages") + (done ? "" : " (more below)"); },
    none: function (query) { return query ? "No page contains 「" + query + "」. " : "Nothing found. "; },
    companyAbove: "The company lookup's answer is above.",
    tips: "Try a shorter word or another one, or look on these pages:",
    suggestions: [["Plans", "plans/"], ["By prefecture", "prefectures/"], ["The 17 strategic fields", "fields/"]],
    lookup: "Look up a priority-support company", companies: "Priority-support company lookup",
    number: function (number) { return " (corporate number " + number + ")"; }, example: "Example (fictional)",
    details: "See the details in the company lookup", numberShown: "Showing the corporate number's lookup.",
    all: "All", option: function (value, count) { return value + " (" + count + ")"; }, tree: "en/"
  } : {
    filters: {},
    count: function (shown, done) { return shown + " 件" + (done ? "" : "（続きがあります）"); },
    none: function (query) { return query ? "「" + query + "」を含むページは見つかりませんでした。" : "見つかりませんでした。"; },
    companyAbove: "重点支援企業の照会の結果は上に示しています。",
    tips: "言葉を短くするか、別の言葉で検索してください。次のページから探すこともできます：",
    suggestions: [["計画一覧", "plans/"], ["都道府県から探す", "prefectures/"], ["17の戦略分野から探す", "fields/"]],
    lookup: "重点支援企業を照会する", companies: "重点支援企業の照会",
    number: function (number) { return "（法人番号 " + number + "）"; }, example: "記載例（架空）",
    details: "企業の照会で詳しく見る", numberShown: "法人番号の照会結果を表示しています。",
    all: "すべて", option: function (value, count) { return value + "（" + count + "）"; }, tree: ""
  };
  var PAGE = 10;                  // results shown at a time
  var ALTERNATES = 12;            // queries Pagefind is asked at most for one search (the typed one first)
  var HIRAGANA = /^[\u3041-\u309f]+$/;
  var pagefind, state = null;
  var settings = {order: {}, variants: {}}, readingFiles = {};

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function link(text, href) {
    var a = el("a", text);
    a.href = href;
    return a;
  }
  // What "contains the query" compares: NFKC (full/half width), lower case, katakana as hiragana, no spaces.
  // Also returns, for each character of the result, the index of the character of `text` it came from.
  // NFKC, with the spacing sound marks ゛ ゜ read as the combining ones (NFKC alone gives "か ゙", not "が").
  function composed(text) {
    return text.replace(/\u309b/g, "\u3099").replace(/\u309c/g, "\u309a").normalize("NFKC");
  }
  // A character is normalised with the marks that follow it (か + ゛ or か + U+3099 is が), as the query is.
  var WITH_MARKS = /[^]([\u3099-\u309c]|\p{M})*/gu;
  function normaliseMapped(text) {
    var out = "", from = [], index = 0;
    for (var original of (text.match(WITH_MARKS) || [])) {
      for (var c of composed(original)) {
        c = (settings.variants[c] || c).toLowerCase();
        var code = c.codePointAt(0);
        if (/\s/.test(c) || code === 0x200b) continue;
        out += (code >= 0x30a1 && code <= 0x30f6) ? String.fromCodePoint(code - 0x60) : c;
        from.push(index);
      }
      index += original.length;
    }
    return {text: out, from: from};
  }
  function normalise(text) { return normaliseMapped(text).text; }
  function toKatakana(text) {
    return text.replace(/[\u3041-\u3096]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) + 0x60); });
  }
  function toHiragana(text) {
    return text.replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); });
  }
  // Each variant form of a word's characters (靭 → 靱 and back), from the one table the build wrote.
  function variantForms(word) {
    var forms = [word];
    Object.keys(settings.variants).forEach(function (variant) {
      var base = settings.variants[variant];
      forms.slice().forEach(function (form) {
        if (form.indexOf(variant) >= 0) forms.push(form.split(variant).join(base));
        if (form.indexOf(base) >= 0) forms.push(form.split(base).join(variant));
      });
    });
    return forms;
  }
  // The words a kana word reads as on the pages (the readings file of its first character; none on failure).
  async function readingsOf(text) {
    if (!HIRAGANA.test(text)) return [];
    var name = text.codePointAt(0).toString(16);
    if (!readingFiles[name]) {
      readingFiles[name] = fetch(new URL("pagefind/chiiki-readings/" + name + ".json", siteRoot).href)
        .then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    }
    return (await readingFiles[name])[text] || [];
  }
  // The query's words: each as typed (NFKC), normalised for comparing, and the words it reads as.
  async function termsOf(query) {
    var typed = composed(query).split(/\s+/).filter(function (t) { return normalise(t); });
    return Promise.all(typed.map(async function (word) {
      var text = normalise(word);
      var words = await readingsOf(text);
      return {typed: word, text: text, words: words, normalised: words.map(normalise)};
    }));
  }
  // The queries for Pagefind: as typed, then one word at a time replaced by an alternate of it.
  function alternates(terms) {
    var queries = [terms.map(function (t) { return t.typed; }).join(" ")];
    terms.forEach(function (term, i) {
      var options = [toHiragana(term.typed), toKatakana(term.typed)].concat(variantForms(term.typed), term.words);
      options.forEach(function (option) {
        var words = terms.map(function (t) { return t.typed; });
        words[i] = option;
        var query = words.join(" ");
        if (queries.indexOf(query) < 0 && queries.length < ALTERNATES) queries.push(query);
      });
    });
    return queries;
  }
  function found(text, term) {
    var at = text.indexOf(term.text), length = term.text.length;
    term.normalised.forEach(function (word) {
      var where = text.indexOf(word);
      if (where >= 0 && (at < 0 || where < at)) { at = where; length = word.length; }
    });
    return {at: at, length: length};
  }
  function contains(data, terms) {
    var text = normalise((data.meta && data.meta.title || "") + " " + (data.content || ""));
    return terms.every(function (term) { return found(text, term).at >= 0; });
  }
  // An excerpt of the page's text around the first match of the first word, the match marked.
  function excerptNode(data, terms) {
    var p = el("p", undefined, "search-excerpt");
    var text = (data.content || "").replace(/\s+/g, " ").trim();
    var mapped = normaliseMapped(text);
    var match = terms.length ? found(mapped.text, terms[0]) : {at: -1};
    if (match.at < 0) { p.textContent = text.slice(0, 90) + (text.length > 90 ? "…" : ""); return p; }
    var start = mapped.from[match.at], end = mapped.from[match.at + match.length - 1] + 1;
    var from = Math.max(0, start - 40), to = Math.min(text.length, end + 50);
    p.appendChild(document.createTextNode((from ? "…" : "") + text.slice(from, start)));
    p.appendChild(el("mark", text.slice(start, end)));
    p.appendChild(document.createTextNode(text.slice(end, to) + (to < text.length ? "…" : "")));
    return p;
  }
  function selected() {
    var filters = {};
    root.querySelectorAll("select[data-chiiki-filter]").forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-chiiki-filter")] = select.value;
    });
    return filters;
  }
  function remember(query, filters) {
    var url = new URL(window.location.href);
    url.search = "";
    if (query) url.searchParams.set("q", query);
    Object.keys(filters).forEach(function (name) { url.searchParams.set(FILTERS[name], filters[name]); });
    window.history.replaceState(null, "", url);
  }
  function showResult(data, terms) {
    var item = el("li", undefined, "search-result");
    item.appendChild(link(data.meta.title || data.url, new URL(data.url.replace(/^\//, ""), siteRoot).href));
    var badges = el("div", undefined, "search-badges");
    ["種類", "都道府県", "状態", "記載例"].forEach(function (key) {
      if (data.meta[key]) badges.appendChild(el("span", data.meta[key], key === "記載例" ? "badge example" : "badge"));
    });
    item.appendChild(badges);
    item.appendChild(excerptNode(data, terms));
    root.querySelector(".search-results").appendChild(item);
  }
  // Shows the next PAGE results that really contain the query, reading Pagefind's results in order.
  async function showMore(run) {
    var shownBefore = run.shown;
    while (run.shown - shownBefore < PAGE && run.next < run.results.length) {
      var batch = run.results.slice(run.next, run.next + PAGE);
      run.next += batch.length;
      var datas = await Promise.all(batch.map(function (r) { return r.data(); }));
      if (run !== state) return;                       // a newer query has started
      datas.forEach(function (data) {
        if (!run.terms.length || contains(data, run.terms)) { showResult(data, run.terms); run.shown++; }
      });
    }
    var done = run.next >= run.results.length;
    var status = root.querySelector(".search-status");
    var more = root.querySelector(".search-more");
    more.hidden = done;
    if (run.shown) status.textContent = SAY.count(run.shown, done);
    else if (done) noResults(run);
  }
  // A page of this page's tree: the English search leads to English pages (the easy tree has only a few pages
  // of its own, and leads to the Japanese ones).
  function treePage(url) { return SAY.tree + url; }
  function noResults(run) {
    root.querySelector(".search-status").textContent = SAY.none(run.query) + (run.company ? SAY.companyAbove : "");
    var tips = root.querySelector(".search-suggestions");
    tips.textContent = "";
    tips.appendChild(el("p", SAY.tips));
    var list = el("ul");
    SAY.suggestions.concat([[SAY.lookup, "lookup/?q=" + encodeURIComponent(run.query)]]).forEach(function (pair) {
      var item = el("li");
      item.appendChild(link(pair[0], new URL(treePage(pair[1]), siteRoot).href));
      list.appendChild(item);
    });
    tips.appendChild(list);
    tips.hidden = false;
  }
  // A 法人番号 (or several), or a name on the list: the company lookup's answer above the page results. Any
  // other number (2030, 14) is words of the pages.
  async function companies(query, run) {
    var box = root.querySelector(".search-companies");
    var digits = window.chiikiLookup.digitsOf(query);
    if (digits && digits.length % 13 !== 0) return false;
    if (!digits && normalise(query).length < 2) return false;
    var answer;
    try {
      answer = await window.chiikiLookup.find(query, siteRoot);
    } catch (error) {
      return false;  // the lookup's files did not arrive: the pages are still searched (the lookup page says why)
    }
    if (run !== state || (!digits && !answer.records.length)) return false;
    box.textContent = "";
    box.appendChild(el("h2", SAY.companies));
    box.appendChild(el("p", answer.message, "search-companies-status"));
    var list = el("ul");
    answer.records.slice(0, 5).forEach(function (record) {
      var item = el("li");
      item.appendChild(link(record.name, new URL(treePage("lookup/?q=" + encodeURIComponent(record.number)), siteRoot).href));
      item.appendChild(document.createTextNode(SAY.number(record.number)));
      if (record.example_any) item.appendChild(el("span", SAY.example, "badge example"));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(link(SAY.details, new URL(treePage("lookup/?q=" + encodeURIComponent(query)), siteRoot).href));
    box.hidden = false;
    run.company = answer.records.length > 0;
    return Boolean(digits);
  }
  // Pagefind's results for every alternate of the query, the typed query's first, each page once.
  async function pagefindResults(terms, filters) {
    var queries = terms.length ? alternates(terms) : [null];
    var searches = await Promise.all(queries.map(function (query) { return pagefind.search(query, {filters: filters}); }));
    var seen = {}, results = [];
    searches.forEach(function (search) {
      search.results.forEach(function (result) {
        if (!seen[result.id]) { seen[result.id] = true; results.push(result); }
      });
    });
    return results;
  }
  async function run() {
    var query = root.querySelector("input").value.trim();
    var filters = selected();
    remember(query, filters);
    var current = state = {query: query, terms: [], results: [], next: 0, shown: 0};
    root.querySelector(".search-results").textContent = "";
    root.querySelector(".search-status").textContent = "";
    ["search-companies", "search-suggestions", "search-more"].forEach(function (name) { root.querySelector("." + name).hidden = true; });
    if (!query && !Object.keys(filters).length) return;
    var onlyCompany = query ? await companies(query, current) : false;
    if (current !== state) return;
    if (onlyCompany) {                                  // a 法人番号 is not in any page's text
      root.querySelector(".search-status").textContent = SAY.numberShown;
      return;
    }
    current.terms = await termsOf(query);
    var results = await pagefindResults(current.terms, filters);
    if (current !== state) return;
    current.results = results;
    await showMore(current);
  }
  // Every page that contains the query (all of Pagefind's results checked, not a screenful): for tests.
  async function find(query, filters) {
    var terms = await termsOf(query);
    var results = await pagefindResults(terms, filters || {});
    var datas = await Promise.all(results.map(function (r) { return r.data(); }));
    return datas.filter(function (data) { return contains(data, terms); }).map(function (data) { return data.url; });
  }
  // A filter's values as every list of the site orders them (the build's order), unknown ones last.
  function ordered(name, values) {
    var order = settings.order[name] || [];
    function rank(value) { var at = order.indexOf(value); return at < 0 ? order.length : at; }
    return values.sort(function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0); });
  }
  async function start() {
    var loaded = fetch(new URL("pagefind/chiiki-search.json", siteRoot).href)
      .then(function (r) { return r.ok ? r.json() : settings; }).catch(function () { return settings; });
    pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await pagefind.options({baseUrl: siteRoot.pathname});
    await pagefind.init();
    settings = await loaded;
    var available = await pagefind.filters();
    var params = new URLSearchParams(window.location.search);
    var bar = root.querySelector(".search-filters");
    Object.keys(FILTERS).forEach(function (name) {
      if (!available[name]) return;
      var label = el("label", (SAY.filters[name] || name) + " ");
      var select = el("select");
      select.setAttribute("data-chiiki-filter", name);
      select.setAttribute("name", FILTERS[name]);
      select.appendChild(el("option", SAY.all));
      select.firstChild.value = "";
      ordered(name, Object.keys(available[name])).forEach(function (value) {
        var option = el("option", SAY.option(value, available[name][value]));
        option.value = value;
        select.appendChild(option);
      });
      if (params.get(FILTERS[name]) && available[name][params.get(FILTERS[name])] !== undefined) {
        select.value = params.get(FILTERS[name]);
      }
      select.addEventListener("change", run);
      label.appendChild(select);
      bar.appendChild(label);
    });
    var timer;
    var input = root.querySelector("input");
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);                 // the typing that led here must not start the same search again
      run();
    });
    root.querySelector(".search-more").addEventListener("click", function () { showMore(state); });
    input.value = params.get("q") || "";
    root.hidden = false;
    var noscript = document.getElementById("chiiki-search-noscript");
    if (noscript) noscript.hidden = true;
    if (input.value || Object.keys(selected()).length) await run();
    else input.focus();
    root.chiikiFind = find;
    root.setAttribute("data-chiiki-ready", "true");
  }
  start();
})();
