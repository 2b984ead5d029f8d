// The bulk check (/lookup/bulk/): many 法人番号 (or names) at once against the published 重点支援企業一覧, in the
// browser. The whole index is one file, data/lookup/bulk.json (build_scripts/downloads/lookup.py bulk_index);
// the rows come back as they were given, with the match columns added, on screen and as CSV and xlsx.
(function () {
  "use strict";
  var root = document.getElementById("chiiki-bulk");
  if (!root || !window.chiikiLookup || !window.chiikiSheets) return;
  var lookup = window.chiikiLookup, sheets = window.chiikiSheets;
  var siteRoot = new URL(root.getAttribute("data-chiiki-base"), window.location.href);
  var SHOWN = 500;  // rows drawn on screen; the files always hold every row
  // The page's language picks the words, on screen and in the files it returns (the English tree is lang="en").
  var SAY = lookup.english ? {
    titles: ["Result", "Name in the list", "Corporate number in the list", "Prefecture", "Location", "Plan ID",
             "Plan title", "Plan status", "Date of the data"],
    result: {listed: "Listed", unlisted: "Not listed", withdrawn: "Listed by withdrawn plans only",
             example: "Listed by examples (fictional) only", checkDigit: "Wrong corporate number (check digit)",
             notNumber: "Not a corporate number (not 13 digits)", empty: "Empty", short: "Name too short (2 characters or more)"},
    byName: " (name match)", example: " (example, fictional)", rows: function (n) { return " " + n + (n === 1 ? " row" : " rows"); },
    byNumber: "by corporate number", byLooseName: "by company name (a loose match: confirm each company found by its corporate number)",
    checked: function (what, n, how, parts) { return "Checked " + n + (n === 1 ? " row" : " rows") + " of " + what + " (" + how + "): " + parts.join(", ") + ". "; },
    named: function (name, what) { return "「" + name + "」 (" + what + ")"; }, pasted: "the pasted text",
    column: "Column checked ", columnN: function (c) { return "column " + c; }, titled: function (t) { return " 「" + t + "」"; },
    eg: function (v) { return " (e.g. " + v + ")"; }, header: function (n) { return n > 1 ? " The first " + n + " rows are headings" : " Row 1 is a heading"; },
    inputColumn: function (c) { return "Input column " + c; }, table: "Table of results", stem: "check", suffix: "-results", sheet: "Results",
    files: [["CSV (opens in Excel)", ".csv"], ["Excel (.xlsx)", ".xlsx"]], download: "Download the results: ", or: " · ",
    shown: function (n) { return "The first " + n + " rows are shown here. Every row is in the downloaded files."; },
    working: "Checking…", unreadable: "The file could not be read. Choose a CSV (UTF-8 or Shift_JIS) or an Excel workbook (.xlsx).",
    nothing: "There are no rows to check. Paste corporate numbers or choose a file.",
    noIndex: "The data to check against could not be loaded: the connection may have dropped. Press “Check” again."
  } : {
    titles: ["照合結果", "一覧の企業名", "一覧の法人番号", "都道府県", "所在地", "計画ID", "計画名", "計画の状況", "データの日付"],
    result: {listed: "掲載あり", unlisted: "掲載なし", withdrawn: "廃止された計画にのみ掲載", example: "記載例（架空）にのみ掲載",
             checkDigit: "法人番号の誤り（チェックディジット）", notNumber: "法人番号ではありません（13桁の数字でない）",
             empty: "空欄", short: "名前が短すぎます（2文字以上）"},
    byName: "（名前の一致）", example: "（記載例・架空）", rows: function (n) { return " " + n + " 行"; },
    byNumber: "法人番号で照合", byLooseName: "企業名で照合（ゆるい照合：見つかった企業は法人番号で確かめてください）",
    checked: function (what, n, how, parts) { return what + "の " + n + " 行を照合しました（" + how + "）：" + parts.join("・") + "。"; },
    named: function (name, what) { return "「" + name + "」（" + what + "）"; }, pasted: "貼り付け",
    column: "照合した列 ", columnN: function (c) { return "列" + c; }, titled: function (t) { return "「" + t + "」"; },
    eg: function (v) { return "（例：" + v + "）"; }, header: function (n) { return n > 1 ? " 先頭の " + n + " 行は見出し" : " 1行目は見出し"; },
    inputColumn: function (c) { return "入力の列" + c; }, table: "照合結果の表", stem: "照合", suffix: "-照合結果", sheet: "照合結果",
    files: [["CSV（Excel で開けます）", ".csv"], ["Excel（.xlsx）", ".xlsx"]], download: "結果をダウンロード：", or: "・",
    shown: function (n) { return "画面には最初の " + n + " 行を示しています。すべての行はダウンロードしたファイルにあります。"; },
    working: "照合しています…", unreadable: "ファイルを読めませんでした。CSV（UTF-8 または Shift_JIS）か Excel のブック（.xlsx）を選んでください。",
    nothing: "照合する行がありません。法人番号を貼り付けるか、ファイルを選んでください。",
    noIndex: "照合のデータを読み込めませんでした。通信が切れた可能性があります。もう一度「照合する」を押してください。"
  };
  var TITLES = SAY.titles, RESULT = SAY.result;
  var index = null, input = null, answer = null;
  var status = root.querySelector(".bulk-status"), result = root.querySelector(".bulk-result");

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function loadIndex() {
    if (!index) {
      index = fetch(new URL("data/lookup/bulk.json", siteRoot).href).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(prepare).catch(function (error) { index = null; throw error; });
    }
    return index;
  }
  // Maps by number and by normalised name (the lookup's own normalisation), made once.
  function prepare(data) {
    data.byNumber = new Map();
    data.byName = new Map();
    data.numbers.forEach(function (number, i) {
      data.byNumber.set(number, i);
      var key = lookup.normaliseName(data.names[i]);
      if (!data.byName.has(key)) data.byName.set(key, []);
      data.byName.get(key).push(i);
    });
    return data;
  }
  function plansOf(data, i) {
    var listing = data.listings[i];
    return (Array.isArray(listing) ? listing : [listing]).map(function (p) { return data.plans[p]; });
  }
  // What a company's listings amount to: a real plan in force lists it, or only withdrawn plans, or only examples.
  function standing(plans) {
    if (plans.some(function (p) { return !p.example && p.status !== "withdrawn"; })) return "listed";
    if (plans.some(function (p) { return !p.example; })) return "withdrawn";
    return "example";
  }
  function companyCells(data, companies) {
    var plans = [], seen = {};
    companies.forEach(function (i) {
      plansOf(data, i).forEach(function (p) { if (!seen[p.id]) { seen[p.id] = true; plans.push(p); } });
    });
    function joined(values) { return values.filter(function (v, k) { return values.indexOf(v) === k; }).join("；"); }
    var places = companies.map(function (i) { return data.place_names[data.places[i]]; });
    return [joined(companies.map(function (i) { return data.names[i]; })),
            joined(companies.map(function (i) { return data.numbers[i]; })),
            joined(places.map(function (place) { return place.split(" ")[0]; })), joined(places),
            joined(plans.map(function (p) { return p.id; })),
            joined(plans.map(function (p) { return p.title + (p.example && p.title.indexOf("記載例") < 0 ? SAY.example : ""); })),
            joined(plans.map(lookup.statusWord))];
  }
  // One row's match: [result key, the match columns].
  function matchNumber(data, cell) {
    if (!cell.trim()) return ["empty", []];
    var digits = lookup.digitsOf(cell);
    if (!digits || digits.length !== 13) return ["notNumber", []];
    if (lookup.corporateCheckDigit(digits.slice(1)) !== Number(digits[0])) return ["checkDigit", []];
    var i = data.byNumber.get(digits);
    if (i === undefined) return ["unlisted", []];
    return [standing(plansOf(data, i)), companyCells(data, [i])];
  }
  function matchName(data, cell) {
    if (!cell.trim()) return ["empty", []];
    var key = lookup.normaliseName(cell);
    if (Array.from(key).length < 2) return ["short", []];
    var companies = data.byName.get(key);
    if (!companies) return ["unlisted", []];
    var plans = [];
    companies.forEach(function (i) { plans = plans.concat(plansOf(data, i)); });
    return [standing(plans), companyCells(data, companies)];
  }
  // The column to match: the one with the most 13-digit numbers (or, by name, the most cells of text).
  function guessColumn(rows, mode) {
    var width = Math.max.apply(null, rows.map(function (r) { return r.length; }).concat([1]));
    var best = 0, bestScore = -1;
    for (var c = 0; c < width; c++) {
      var score = rows.filter(function (r) {
        var cell = r[c] || "", digits = lookup.digitsOf(cell);
        return mode === "number" ? digits && digits.length === 13 : cell.trim().length >= 2 && !digits;
      }).length;
      if (score > bestScore) { best = c; bestScore = score; }
    }
    return best;
  }
  // How many rows head the sheet: a title row (merged across, as Excel sheets often start) and the column
  // headers above the first row whose cell holds what the column holds below it (up to HEADS rows).
  var HEADS = 5;
  function isHeading(cell, mode) {
    var digits = lookup.digitsOf(cell);
    if (mode === "number") return !(digits && digits.length === 13) && !/^[0-9０-９\s-]+$/.test(cell);
    return !cell.trim() || (/(名|称|name)/i.test(cell) && cell.length <= 20);
  }
  function guessHeader(rows, column, mode) {
    var count = 0;
    while (count < Math.min(HEADS, rows.length - 1) && isHeading(rows[count][column] || "", mode)) count++;
    if (mode === "name" && count && !/(名|称|name)/i.test(rows[count - 1][column] || "")) return 0;
    return count;
  }
  function check(data, settings) {
    var rows = input.rows, width = Math.max.apply(null, rows.map(function (r) { return r.length; }).concat([1]));
    var match = settings.mode === "number" ? matchNumber : matchName;
    var counts = {}, out = [];
    rows.forEach(function (row, r) {
      var cells = row.slice();
      while (cells.length < width) cells.push("");
      if (r < settings.header) {  // the column headers get the match columns' titles; a title row above, none
        out.push(cells.concat(r === settings.header - 1 ? TITLES : TITLES.map(function () { return ""; })));
        return;
      }
      var found = match(data, row[settings.column] || "");
      counts[found[0]] = (counts[found[0]] || 0) + 1;
      var words = RESULT[found[0]] + (settings.mode === "name" && found[1].length ? SAY.byName : "");
      var columns = found[1].length ? found[1] : ["", "", "", "", "", "", ""];
      out.push(cells.concat([words], columns, [data.as_of]));
    });
    if (!settings.header) out.unshift(columnTitles(width).concat(TITLES));
    return {rows: out, counts: counts, checked: rows.length - settings.header, settings: settings};
  }
  function columnTitles(width) {
    var titles = [];
    for (var c = 0; c < width; c++) titles.push(SAY.inputColumn(c + 1));
    return titles;
  }

  // ---- on screen ----

  function summary(data, done) {
    var order = ["listed", "withdrawn", "example", "unlisted", "checkDigit", "notNumber", "short", "empty"];
    var parts = order.filter(function (k) { return done.counts[k]; }).map(function (k) { return RESULT[k] + SAY.rows(done.counts[k]); });
    var how = done.settings.mode === "number" ? SAY.byNumber : SAY.byLooseName;
    var what = input.name ? SAY.named(input.name, input.what) : input.what;
    return SAY.checked(what, done.checked, how, parts) + lookup.searchedWords(data);
  }
  function settingsForm(done) {
    var box = el("div", undefined, "bulk-settings");
    var label = el("label", SAY.column);
    label.setAttribute("for", "bulk-column");
    var select = el("select");
    select.id = "bulk-column";
    var first = input.rows[done.settings.header] || [], titles = input.rows[done.settings.header - 1] || [];
    var width = Math.max.apply(null, input.rows.map(function (r) { return r.length; }));
    for (var c = 0; c < width; c++) {
      var title = done.settings.header ? titles[c] || "" : "";
      var option = el("option", SAY.columnN(c + 1) + (title ? SAY.titled(title) : "") + (first[c] ? SAY.eg(first[c].slice(0, 20)) : ""));
      option.value = String(c);
      option.selected = c === done.settings.column;
      select.appendChild(option);
    }
    select.addEventListener("change", function () { rerun({column: Number(select.value)}); });
    label.appendChild(select);
    var header = el("label");
    var headerBox = el("input");
    headerBox.type = "checkbox";
    headerBox.id = "bulk-header";
    headerBox.checked = done.settings.header > 0;
    headerBox.addEventListener("change", function () {
      var guessed = guessHeader(input.rows, done.settings.column, done.settings.mode);
      rerun({header: headerBox.checked ? Math.max(1, guessed) : 0});
    });
    header.appendChild(headerBox);
    header.appendChild(document.createTextNode(SAY.header(done.settings.header)));
    box.appendChild(label);
    box.appendChild(header);
    return box;
  }
  function table(done) {
    var wrap = el("div", undefined, "bulk-table");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", SAY.table);
    wrap.tabIndex = 0;  // a long table scrolls inside its region; the keyboard can scroll it too
    var t = wrap.appendChild(el("table")), head = t.appendChild(el("thead")).appendChild(el("tr"));
    done.rows[0].forEach(function (title) { head.appendChild(el("th", title)).setAttribute("scope", "col"); });
    var body = t.appendChild(el("tbody")), at = done.rows[0].length - TITLES.length;
    done.rows.slice(1, SHOWN + 1).forEach(function (row) {
      var tr = body.appendChild(el("tr"));
      var key = Object.keys(RESULT).filter(function (k) { return row[at].indexOf(RESULT[k]) === 0; })[0];
      tr.className = "bulk-" + key;
      row.forEach(function (cell) { tr.appendChild(el("td", cell)); });
    });
    return wrap;
  }
  function downloads(done) {
    var box = el("p", undefined, "bulk-downloads");
    var stem = (input.name || SAY.stem).replace(/\.[^.]+$/, "") + SAY.suffix;
    [SAY.files[0].concat([new Blob([sheets.csvBytes(done.rows)], {type: "text/csv"})]),
     SAY.files[1].concat([sheets.xlsxBlob(done.rows, SAY.sheet)])].forEach(function (file, n) {
      if (n) box.appendChild(document.createTextNode(SAY.or));
      var link = el("a", SAY.download + file[0], "bulk-download");
      link.href = URL.createObjectURL(file[2]);
      link.download = stem + file[1];
      box.appendChild(link);
    });
    return box;
  }
  function show(data, done) {
    answer = done;
    root.chiikiAnswer = done;  // what the files hold, for the tests to compare with the screen
    result.textContent = "";
    status.textContent = summary(data, done);
    result.appendChild(settingsForm(done));
    result.appendChild(downloads(done));
    result.appendChild(table(done));
    if (done.rows.length - 1 > SHOWN) {
      result.appendChild(el("p", SAY.shown(SHOWN)));
    }
  }
  async function rerun(change) {
    var data = await loadIndex();
    var settings = Object.assign({}, answer.settings, change);
    if (change.column !== undefined && change.header === undefined) settings.header = guessHeader(input.rows, settings.column, settings.mode);
    show(data, check(data, settings));
  }

  async function readInput() {
    var file = root.querySelector("#bulk-file").files[0];
    var pasted = root.querySelector("#bulk-paste").value;
    if (file) {
      var read = await window.chiikiSheets.readFile(file);
      return {rows: read.rows, name: file.name, what: read.what};
    }
    return {rows: sheets.parseText(pasted), name: "", what: SAY.pasted};
  }
  async function run(event) {
    event.preventDefault();
    var mode = root.querySelector('input[name="mode"]:checked').value;
    status.textContent = SAY.working;
    result.textContent = "";
    try {
      input = await readInput();
    } catch (error) {
      status.textContent = SAY.unreadable;
      return;
    }
    if (!input.rows.length) {
      status.textContent = SAY.nothing;
      return;
    }
    var data;
    try {
      data = await loadIndex();
    } catch (error) {
      status.textContent = SAY.noIndex;
      return;
    }
    var column = guessColumn(input.rows, mode);
    show(data, check(data, {mode: mode, column: column, header: guessHeader(input.rows, column, mode)}));
  }
  root.querySelector("form").addEventListener("submit", run);
  root.hidden = false;
  var noscript = document.getElementById("chiiki-bulk-noscript");
  if (noscript) noscript.hidden = true;
  root.setAttribute("data-chiiki-ready", "true");
})();
