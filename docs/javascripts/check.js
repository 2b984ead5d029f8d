// The check page (/contribute/check/): reads the chosen files in the browser and hands them to a worker that runs
// the project's own validator and intake under Pyodide (check-worker.js). Nothing is sent anywhere: the worker
// loads its code from this site and answers with the problems, the folder and a zip. Loaded by this page only.
(function () {
  var root = document.getElementById("chiiki-check");
  if (!root) return;
  var siteRoot = new URL(root.getAttribute("data-chiiki-base") || "./", window.location.href);
  var runtime = new URL("contribute/check/runtime/", siteRoot).href;
  var status = root.querySelector(".check-status"), result = root.querySelector(".check-result");
  var worker = null, asked = 0;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function say(text) { status.textContent = text; }
  function problemsTable(problems) {
    var table = el("table", undefined, "check-problems"), head = el("tr");
    var labels = ["", "シート・ファイル", "行", "列", "値", "内容", "直し方"];
    labels.forEach(function (t) { head.appendChild(el("th", t)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    problems.forEach(function (p) {
      var row = el("tr", undefined, p.grade === "error" ? "check-error" : "check-warning");
      row.appendChild(el("td", p.grade === "error" ? "エラー" : "警告"));
      row.appendChild(el("td", p.file || ""));
      row.appendChild(el("td", p.row != null ? String(p.row) : (p.line != null ? p.line + " 行目" : "")));
      var column = row.appendChild(el("td", p.column || ""));
      if (p.cell) column.appendChild(el("span", "（" + p.cell + "）", "check-cell"));  // never split: （E2）
      row.appendChild(el("td", p.value != null ? String(p.value) : ""));
      row.appendChild(el("td", p.message));
      var fix = el("td", p.hint + " ");
      var help = el("a", "ヘルプ");
      help.href = new URL(p.help, siteRoot).href;
      fix.appendChild(help);
      row.appendChild(fix);
      // On a phone each problem is a card: every cell says what it is (the header row is not shown there).
      Array.prototype.forEach.call(row.children, function (cell, i) { if (labels[i]) cell.setAttribute("data-label", labels[i]); });
      body.appendChild(row);
    });
    return table;
  }
  function show(answer) {
    root.chiikiAnswer = answer;  // the whole answer, as the command line's functions gave it (read by the tests)
    result.textContent = "";
    var errors = answer.problems.filter(function (p) { return p.grade === "error"; }).length;
    var warnings = answer.problems.length - errors;
    say(errors ? "エラーが " + errors + " 件あります（警告 " + warnings + " 件）。直して、もう一度選んでください。"
               : "エラーはありません（警告 " + warnings + " 件）。");
    if (answer.problems.length) result.appendChild(problemsTable(answer.problems));
    if (answer.zip && answer.folder) {
      var bytes = Uint8Array.from(atob(answer.zip), function (c) { return c.charCodeAt(0); });
      var name = answer.folder.split("/").pop() + ".zip";
      var link = el("a", "提出用のファイル一式（" + name + "）をダウンロード", "check-download");
      link.href = URL.createObjectURL(new Blob([bytes], {type: "application/zip"}));
      link.download = name;
      var where = el("p", undefined, "check-folder");
      where.appendChild(document.createTextNode("置く場所：リポジトリの "));
      where.appendChild(el("code", answer.folder + "/"));
      where.appendChild(document.createTextNode("。zip を展開し、中のファイルをすべて、GitHub でこのフォルダを開いて「Add file → Upload files」でアップロードしてください。"));
      result.appendChild(el("p")).appendChild(link);
      result.appendChild(where);
    }
    root.setAttribute("data-chiiki-answered", String(asked));
  }
  function ask(files) {
    if (!worker) {
      worker = new Worker(new URL("javascripts/check-worker.js", siteRoot), {type: "module"});
      worker.onmessage = function (event) {
        var data = event.data;
        if (data.stage === "preparing") say("準備しています（初回は数十秒かかります）…");
        else if (data.stage === "checking") say("検査しています…");
        else if (data.error) { say("検査できませんでした：" + data.error); root.setAttribute("data-chiiki-answered", String(asked)); }
        else if (data.answer) show(data.answer);
      };
    }
    asked += 1;
    worker.postMessage({runtime: runtime, files: files});
  }
  root.querySelector("form").addEventListener("submit", async function (event) {
    event.preventDefault();
    var chosen = Array.from(root.querySelector("input[type=file]").files);
    if (!chosen.length) { say("ファイルを選んでください。"); return; }
    var files = await Promise.all(chosen.map(async function (file) {
      return {name: file.name, bytes: new Uint8Array(await file.arrayBuffer())};
    }));
    ask(files);
  });
  root.hidden = false;
  var noscript = document.getElementById("chiiki-check-noscript");
  if (noscript) noscript.hidden = true;
  root.setAttribute("data-chiiki-ready", "true");
})();
