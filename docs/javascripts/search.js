// Site search with Pagefind (Japanese, extended build): results with kind, prefecture and status, and filters.
(function () {
  "use strict";
  var root = document.getElementById("chiiki-search");
  if (!root) return;
  var siteRoot = new URL(root.getAttribute("data-chiiki-base"), window.location.href);
  var FILTERS = ["種類", "ブロック", "都道府県", "戦略分野", "状態"];
  var pagefind;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  // Pagefind's excerpt is HTML with <mark>; keep the text and the marks, nothing else.
  function excerptNode(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var p = el("p", undefined, "search-excerpt");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") p.appendChild(el("mark", node.textContent));
      else p.appendChild(document.createTextNode(node.textContent));
    });
    return p;
  }
  function selected() {
    var filters = {};
    root.querySelectorAll("select[data-chiiki-filter]").forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-chiiki-filter")] = select.value;
    });
    return filters;
  }
  async function run() {
    var query = root.querySelector("input").value.trim();
    var filters = selected();
    var list = root.querySelector(".search-results");
    var status = root.querySelector(".search-status");
    if (!query && !Object.keys(filters).length) { list.textContent = ""; status.textContent = ""; return; }
    var search = await pagefind.search(query || null, {filters: filters});
    var results = await Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
    list.textContent = "";
    status.textContent = search.results.length ? search.results.length + " 件" : "見つかりませんでした。";
    results.forEach(function (data) {
      var item = el("li", undefined, "search-result");
      var link = el("a", data.meta.title || data.url);
      link.href = new URL(data.url.replace(/^\//, ""), siteRoot).href;
      item.appendChild(link);
      var badges = el("div", undefined, "search-badges");
      ["種類", "都道府県", "状態", "記載例"].forEach(function (key) {
        if (data.meta[key]) badges.appendChild(el("span", data.meta[key], key === "記載例" ? "badge example" : "badge"));
      });
      item.appendChild(badges);
      item.appendChild(excerptNode(data.excerpt || ""));
      list.appendChild(item);
    });
  }
  async function start() {
    pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await pagefind.options({baseUrl: siteRoot.pathname});
    await pagefind.init();
    var available = await pagefind.filters();
    var bar = root.querySelector(".search-filters");
    FILTERS.forEach(function (name) {
      if (!available[name]) return;
      var label = el("label", name + " ");
      var select = el("select");
      select.setAttribute("data-chiiki-filter", name);
      select.appendChild(el("option", "すべて"));
      select.firstChild.value = "";
      Object.keys(available[name]).sort().forEach(function (value) {
        var option = el("option", value + "（" + available[name][value] + "）");
        option.value = value;
        select.appendChild(option);
      });
      select.addEventListener("change", run);
      label.appendChild(select);
      bar.appendChild(label);
    });
    var timer;
    root.querySelector("input").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
    root.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); run(); });
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { root.querySelector("input").value = params.get("q"); run(); }
    root.hidden = false;
    var noscript = document.getElementById("chiiki-search-noscript");
    if (noscript) noscript.hidden = true;
    root.setAttribute("data-chiiki-ready", "true");
  }
  start();
})();
