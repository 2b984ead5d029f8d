// Site search with Pagefind (Japanese, extended build), made trustworthy for Japanese:
// - Pagefind is asked for the query's character bigrams, which every page carries as well as its words
//   (build_scripts/site/search_terms.py): Pagefind segments a query in another context than the page (Pagefind#1237),
//   so 東京 would miss 東京都 and 新幹線 would find pages that only share 新;
// - a page is shown only if its text contains every word of the query as written (after normalising width,
//   case and katakana/hiragana), with an excerpt around the first match;
// - a 法人番号, or a name on the 重点支援企業 list, is answered by the company lookup (lookup.js), which
//   company tables are left to (they are not in the search index);
// - the query and the filters live in the URL (/search/?q=…&prefecture=…), so a search can be shared.
(function () {
  "use strict";
  var root = document.getElementById("chiiki-search");
  if (!root) return;
  var siteRoot = new URL(root.getAttribute("data-chiiki-base"), window.location.href);
  var FILTERS = {"種類": "kind", "ブロック": "block", "都道府県": "prefecture", "戦略分野": "field", "状態": "status"};
  var PAGE = 10;                  // results shown at a time
  var SENTINEL = "chiikisearchterms";   // where a page's own text ends and its bigrams begin
  var JAPANESE = /[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}/g;
  var pagefind, state = null;

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
      for (var c of composed(original).toLowerCase()) {
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
  // The words Pagefind is asked for: each Japanese run as its bigrams, anything else as typed.
  function pagefindQuery(terms) {
    return terms.map(function (term) {
      return term.replace(JAPANESE, function (run) {
        var grams = [];
        for (var i = 0; i + 1 < run.length; i++) grams.push(run.slice(i, i + 2));
        return "。" + grams.join("。") + "。";    // sentences: Pagefind segments each bigram alone
      });
    }).join(" ").trim();
  }
  function ownText(data) {
    var content = data.content || "";
    var cut = content.indexOf(SENTINEL);
    return cut >= 0 ? content.slice(0, cut) : content;
  }
  function termsOf(query) {
    return composed(query).split(/\s+/).map(normalise).filter(function (t) { return t; });
  }
  function contains(data, terms) {
    var text = normalise((data.meta && data.meta.title || "") + " " + ownText(data));
    return terms.every(function (term) { return text.indexOf(term) >= 0; });
  }
  // An excerpt of the page's own text around the first match of the first word, the match marked.
  function excerptNode(data, terms) {
    var p = el("p", undefined, "search-excerpt");
    var text = ownText(data).replace(/\s+/g, " ").trim();
    var mapped = normaliseMapped(text);
    var at = terms.length ? mapped.text.indexOf(terms[0]) : -1;
    if (at < 0) { p.textContent = text.slice(0, 90) + (text.length > 90 ? "…" : ""); return p; }
    var start = mapped.from[at], end = mapped.from[at + terms[0].length - 1] + 1;
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
    if (run.shown) status.textContent = run.shown + " 件" + (done ? "" : "（続きがあります）");
    else if (done) noResults(run);
  }
  function noResults(run) {
    root.querySelector(".search-status").textContent = run.query
      ? "「" + run.query + "」を含むページは見つかりませんでした。" : "見つかりませんでした。";
    var tips = root.querySelector(".search-suggestions");
    tips.textContent = "";
    tips.appendChild(el("p", "言葉を短くするか、別の言葉で検索してください。次のページから探すこともできます："));
    var list = el("ul");
    [["計画一覧", "plans/"], ["都道府県から探す", "prefectures/"], ["17の戦略分野から探す", "fields/"],
     ["重点支援企業を照会する", "lookup/?q=" + encodeURIComponent(run.query)]].forEach(function (pair) {
      var item = el("li");
      item.appendChild(link(pair[0], new URL(pair[1], siteRoot).href));
      list.appendChild(item);
    });
    tips.appendChild(list);
    tips.hidden = false;
  }
  // A 法人番号, or a name on the list: the company lookup's answer above the page results.
  async function companies(query, run) {
    var box = root.querySelector(".search-companies");
    var digits = window.chiikiLookup.digitsOf(query);
    if (!digits && normalise(query).length < 2) return false;
    var answer;
    try {
      answer = await window.chiikiLookup.find(query, siteRoot);
    } catch (error) {
      return false;  // the lookup's files did not arrive: the pages are still searched (the lookup page says why)
    }
    if (run !== state || (!digits && !answer.records.length)) return false;
    box.textContent = "";
    box.appendChild(el("h2", "重点支援企業の照会"));
    box.appendChild(el("p", answer.message, "search-companies-status"));
    var list = el("ul");
    answer.records.slice(0, 5).forEach(function (record) {
      var item = el("li");
      item.appendChild(link(record.name, new URL("lookup/?q=" + encodeURIComponent(record.number), siteRoot).href));
      item.appendChild(document.createTextNode("（法人番号 " + record.number + "）"));
      if (record.example_any) item.appendChild(el("span", "記載例（架空）", "badge example"));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(link("企業の照会で詳しく見る", new URL("lookup/?q=" + encodeURIComponent(query), siteRoot).href));
    box.hidden = false;
    return Boolean(digits);
  }
  async function run() {
    var query = root.querySelector("input").value.trim();
    var filters = selected();
    remember(query, filters);
    var current = state = {query: query, terms: termsOf(query), results: [], next: 0, shown: 0};
    root.querySelector(".search-results").textContent = "";
    root.querySelector(".search-status").textContent = "";
    ["search-companies", "search-suggestions", "search-more"].forEach(function (name) { root.querySelector("." + name).hidden = true; });
    if (!query && !Object.keys(filters).length) return;
    var onlyCompany = query ? await companies(query, current) : false;
    if (current !== state) return;
    if (onlyCompany) {                                  // a 法人番号 is not in any page's text
      root.querySelector(".search-status").textContent = "法人番号の照会結果を表示しています。";
      return;
    }
    var search = await pagefind.search(query ? pagefindQuery(current.terms) : null, {filters: filters});
    if (current !== state) return;
    current.results = search.results;
    await showMore(current);
  }
  async function start() {
    pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await pagefind.options({baseUrl: siteRoot.pathname});
    await pagefind.init();
    var available = await pagefind.filters();
    var params = new URLSearchParams(window.location.search);
    var bar = root.querySelector(".search-filters");
    Object.keys(FILTERS).forEach(function (name) {
      if (!available[name]) return;
      var label = el("label", name + " ");
      var select = el("select");
      select.setAttribute("data-chiiki-filter", name);
      select.setAttribute("name", FILTERS[name]);
      select.appendChild(el("option", "すべて"));
      select.firstChild.value = "";
      Object.keys(available[name]).sort().forEach(function (value) {
        var option = el("option", value + "（" + available[name][value] + "）");
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
    root.setAttribute("data-chiiki-ready", "true");
  }
  start();
})();
