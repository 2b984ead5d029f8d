// Tables in and out of the browser, for the bulk check (/lookup/bulk/): CSV in UTF-8 or Shift_JIS, the first
// sheet of an .xlsx workbook, and CSV and .xlsx files to download. Nothing leaves the browser: a workbook is
// unzipped with the browser's own DecompressionStream and read with its DOMParser.
window.chiikiSheets = (function () {
  "use strict";

  // ---- text ----

  // A file's text: UTF-8 (with or without BOM) when it is valid UTF-8, else Shift_JIS (Excel's "CSV" in Japan).
  function decode(bytes) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    try {
      return {text: new TextDecoder("utf-8", {fatal: true}).decode(bytes), encoding: "UTF-8"};
    } catch (error) {
      return {text: new TextDecoder("shift_jis").decode(bytes), encoding: "Shift_JIS"};
    }
  }
  // RFC 4180 fields: quotes may hold the delimiter, line breaks and doubled quotes.
  function parseDelimited(text, delimiter) {
    var rows = [], row = [], cell = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"' && cell === "") quoted = true;
      else if (ch === delimiter) { row.push(cell); cell = ""; }
      else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[i + 1] === "\n") i++;
        row.push(cell); rows.push(row); row = []; cell = "";
      } else cell += ch;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }
  // Pasted or read text: a tab means cells copied from Excel, else commas (CSV); one line of many values (a list
  // typed with commas or spaces) becomes a column, one value a row.
  function parseText(text) {
    var sample = text.slice(0, 10000);
    var delimiter = sample.indexOf("\t") >= 0 ? "\t" : ",";
    var rows = parseDelimited(text, delimiter).filter(function (row) { return row.some(function (c) { return c.trim(); }); });
    if (rows.length === 1 && rows[0].length === 1) {
      var spaced = rows[0][0].normalize("NFKC").trim().split(/\s+/);
      if (spaced.length > 1 && spaced.every(function (v) { return /^[0-9-]{13,}$/.test(v); })) return spaced.map(function (v) { return [v]; });
    }
    if (rows.length === 1 && rows[0].length > 1) return rows[0].map(function (v) { return [v.trim()]; });
    return rows;
  }

  // ---- xlsx in ----

  function u16(bytes, at) { return bytes[at] | (bytes[at + 1] << 8); }
  function u32(bytes, at) { return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0; }
  // The zip's entries by name, from its central directory (the local headers' sizes may be zero).
  function zipEntries(bytes) {
    var end = -1;
    for (var at = bytes.length - 22; at >= Math.max(0, bytes.length - 65557); at--) {
      if (u32(bytes, at) === 0x06054b50) { end = at; break; }
    }
    if (end < 0) throw new Error("not a zip");
    var entries = {}, count = u16(bytes, end + 10), offset = u32(bytes, end + 16);
    for (var n = 0; n < count; n++) {
      if (u32(bytes, offset) !== 0x02014b50) throw new Error("broken zip");
      var nameLength = u16(bytes, offset + 28), extra = u16(bytes, offset + 30), comment = u16(bytes, offset + 32);
      var name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
      entries[name] = {method: u16(bytes, offset + 10), size: u32(bytes, offset + 20), local: u32(bytes, offset + 42)};
      offset += 46 + nameLength + extra + comment;
    }
    return entries;
  }
  async function unzipped(bytes, entry) {
    var start = entry.local + 30 + u16(bytes, entry.local + 26) + u16(bytes, entry.local + 28);
    var data = bytes.subarray(start, start + entry.size);
    if (entry.method === 0) return data;
    if (entry.method !== 8) throw new Error("zip method " + entry.method);
    var stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  async function xmlOf(bytes, entries, name) {
    if (!entries[name]) return null;
    var text = new TextDecoder().decode(await unzipped(bytes, entries[name]));
    return new DOMParser().parseFromString(text, "application/xml");
  }
  function all(node, tag) { return Array.prototype.slice.call(node.getElementsByTagNameNS("*", tag)); }
  // A cell's or shared string's text: its <t> runs, without the phonetic guide (<rPh>, the furigana Japanese
  // Excel stores beside the text), which is not part of the value.
  function runText(node) {
    return all(node, "t").filter(function (t) {
      for (var up = t.parentNode; up && up !== node; up = up.parentNode) { if (up.localName === "rPh") return false; }
      return true;
    }).map(function (t) { return t.textContent; }).join("");
  }
  // Styles that show a number as a date (Excel's built-in date formats, and custom ones with y/m/d in them).
  function dateStyles(styles) {
    if (!styles) return [];
    var custom = {};
    all(styles, "numFmt").forEach(function (f) {
      var code = (f.getAttribute("formatCode") || "").replace(/"[^"]*"|\[[^\]]*\]/g, "");
      custom[f.getAttribute("numFmtId")] = /[ymd]/i.test(code);
    });
    var xfs = all(styles, "cellXfs")[0];
    return xfs ? all(xfs, "xf").map(function (xf) {
      var id = Number(xf.getAttribute("numFmtId") || 0);
      return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58) || custom[id] === true;
    }) : [];
  }
  function serialDate(serial) {
    var day = new Date(Math.round((serial - 25569) * 86400000));  // 1900 date system, after 1900-03-01
    return day.toISOString().slice(0, serial % 1 ? 16 : 10).replace("T", " ");
  }
  function columnIndex(reference) {
    var letters = /^[A-Z]+/.exec(reference)[0], index = 0;
    for (var i = 0; i < letters.length; i++) index = index * 26 + letters.charCodeAt(i) - 64;
    return index - 1;
  }
  // A number as Excel shows it in a General cell: 8999900000001, never 8.9999E+12.
  function numberText(value) {
    var number = Number(value);
    if (!isFinite(number)) return value;
    return Number.isInteger(number) && Math.abs(number) < 1e21 ? BigInt(number).toString() : String(number);
  }
  function cellValue(cell, shared, dates) {
    var type = cell.getAttribute("t") || "n", v = all(cell, "v")[0];
    if (type === "inlineStr") return runText(all(cell, "is")[0] || cell);
    if (!v) return "";
    if (type === "s") return shared[Number(v.textContent)] || "";
    if (type === "b") return v.textContent === "1" ? "TRUE" : "FALSE";
    if (type === "n" && dates[Number(cell.getAttribute("s") || 0)]) return serialDate(Number(v.textContent));
    return type === "n" ? numberText(v.textContent) : v.textContent;
  }
  // The first sheet of a workbook as rows of text, each cell where its reference puts it (empty cells kept).
  async function readXlsx(bytes) {
    var entries = zipEntries(bytes);
    var workbook = await xmlOf(bytes, entries, "xl/workbook.xml");
    if (!workbook) throw new Error("no workbook");
    var sheet = all(workbook, "sheet")[0];
    var relation = sheet.getAttributeNS("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id");
    var rels = await xmlOf(bytes, entries, "xl/_rels/workbook.xml.rels");
    var target = all(rels, "Relationship").filter(function (r) { return r.getAttribute("Id") === relation; })[0].getAttribute("Target");
    var path = target.charAt(0) === "/" ? target.slice(1) : "xl/" + target;
    var sharedXml = await xmlOf(bytes, entries, "xl/sharedStrings.xml");
    var shared = sharedXml ? all(sharedXml, "si").map(runText) : [];
    var dates = dateStyles(await xmlOf(bytes, entries, "xl/styles.xml"));
    var rows = [];
    all(await xmlOf(bytes, entries, path), "row").forEach(function (row, order) {
      var cells = [], number = Number(row.getAttribute("r") || order + 1) - 1;
      all(row, "c").forEach(function (cell, position) {
        var reference = cell.getAttribute("r");
        cells[reference ? columnIndex(reference) : position] = cellValue(cell, shared, dates);
      });
      rows[number] = Array.from(cells, function (c) { return c === undefined ? "" : c; });
    });
    return {rows: Array.from(rows, function (r) { return r || []; }).filter(function (r) { return r.some(function (c) { return c.trim(); }); }),
            sheet: sheet.getAttribute("name")};
  }

  // ---- out ----

  // Excel runs a cell starting with = + - @ tab CR LF as a formula; a leading ' shows it as text (the same rule
  // as the site's Excel CSV, build_scripts/downloads/write.py neutralise). Numbers such as -3.5 stay numbers.
  function neutralise(cell) {
    var text = String(cell);
    return /^[ \u3000]*[=+\-@\t\r\n]/.test(text) && !/^-[0-9]+(\.[0-9]+)?$/.test(text) ? "'" + text : text;
  }
  function csvBytes(rows) {
    var text = rows.map(function (row) {
      return row.map(function (cell) {
        var value = neutralise(cell);
        return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
      }).join(",");
    }).join("\r\n") + "\r\n";
    return new TextEncoder().encode("\ufeff" + text);  // the BOM tells Excel it is UTF-8
  }
  var CRC = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();
  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  // A zip of stored (uncompressed) entries: small code, and Excel, LibreOffice and openpyxl all read it.
  function zip(files) {
    var parts = [], central = [], offset = 0;
    files.forEach(function (file) {
      var name = new TextEncoder().encode(file.name), data = file.data, crc = crc32(data);
      var local = new Uint8Array(30 + name.length), lv = new DataView(local.buffer);
      lv.setUint32(0, 0x04034b50, true); lv.setUint16(4, 20, true); lv.setUint16(6, 0x0800, true);
      lv.setUint32(14, crc, true); lv.setUint32(18, data.length, true); lv.setUint32(22, data.length, true);
      lv.setUint16(26, name.length, true); local.set(name, 30);
      var entry = new Uint8Array(46 + name.length), cv = new DataView(entry.buffer);
      cv.setUint32(0, 0x02014b50, true); cv.setUint16(4, 20, true); cv.setUint16(6, 20, true); cv.setUint16(8, 0x0800, true);
      cv.setUint32(16, crc, true); cv.setUint32(20, data.length, true); cv.setUint32(24, data.length, true);
      cv.setUint16(28, name.length, true); cv.setUint32(42, offset, true); entry.set(name, 46);
      parts.push(local, data); central.push(entry);
      offset += local.length + data.length;
    });
    var size = central.reduce(function (sum, e) { return sum + e.length; }, 0);
    var end = new Uint8Array(22), ev = new DataView(end.buffer);
    ev.setUint32(0, 0x06054b50, true); ev.setUint16(8, files.length, true); ev.setUint16(10, files.length, true);
    ev.setUint32(12, size, true); ev.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end]), {type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"});
  }
  function escapeXml(text) {
    // characters XML 1.0 cannot carry are dropped (a control character pasted from elsewhere)
    return String(text).replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function columnName(index) {
    var name = "";
    for (index += 1; index > 0; index = Math.floor((index - 1) / 26)) name = String.fromCharCode(65 + (index - 1) % 26) + name;
    return name;
  }
  // Every cell a text cell (inline string): a 法人番号 stays 13 digits, a code keeps its leading zeros, and
  // nothing is ever a formula. The first row is frozen as the header.
  function xlsxBlob(rows, sheetName) {
    var xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    var body = rows.map(function (row, r) {
      return '<row r="' + (r + 1) + '">' + row.map(function (cell, c) {
        var space = /^\s|\s$/.test(cell) ? ' xml:space="preserve"' : "";
        return '<c r="' + columnName(c) + (r + 1) + '" t="inlineStr"><is><t' + space + ">" + escapeXml(cell) + "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    var main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    var rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    var files = {
      "[Content_Types].xml": xml + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
      "_rels/.rels": xml + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + rel + '/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      "xl/workbook.xml": xml + "<workbook " + main + ' xmlns:r="' + rel + '"><sheets><sheet name="' + escapeXml(sheetName) +
        '" sheetId="1" r:id="rId1"/></sheets></workbook>',
      "xl/_rels/workbook.xml.rels": xml + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + rel + '/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="' + rel + '/styles" Target="styles.xml"/></Relationships>',
      "xl/styles.xml": xml + "<styleSheet " + main + '><fonts count="1"><font><sz val="11"/></font></fonts>' +
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>' +
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
      "xl/worksheets/sheet1.xml": xml + "<worksheet " + main + '><sheetViews><sheetView workbookViewId="0">' +
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        "<sheetData>" + body + "</sheetData></worksheet>",
    };
    return zip(Object.keys(files).map(function (name) { return {name: name, data: new TextEncoder().encode(files[name])}; }));
  }

  // A chosen file's rows: a workbook by its zip signature (whatever its name says), else text; what it was, in the
  // page's words (the English tree is <html lang="en">).
  var ENGLISH = document.documentElement.lang === "en";
  async function readFile(file) {
    var bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      var book = await readXlsx(bytes);
      return {rows: book.rows, what: ENGLISH ? "an Excel workbook (sheet 「" + book.sheet + "」)" : "Excel のブック（シート「" + book.sheet + "」）"};
    }
    var text = decode(bytes);
    return {rows: parseText(text.text), what: ENGLISH ? "text (" + text.encoding + ")" : "テキスト（" + text.encoding + "）"};
  }

  return {decode: decode, parseText: parseText, readXlsx: readXlsx, readFile: readFile, csvBytes: csvBytes,
          xlsxBlob: xlsxBlob, neutralise: neutralise};
})();
