// Runs the check page's Python (the bundle the site serves) under Pyodide in Node on the files of each folder
// given, and prints {folder: answer} as JSON: tests/test_check_page.py compares it with CPython's answers.
//   node tests/js/pyodide_check.mjs PYODIDE_DIR BUNDLE_ZIP SOURCE_DATE_EPOCH CHOSEN_DIR...
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";

const [indexURL, bundle, epoch, ...chosen] = process.argv.slice(2);
const py = await loadPyodide({ indexURL: indexURL.endsWith("/") ? indexURL : indexURL + "/" });
py.unpackArchive(new Uint8Array(readFileSync(bundle)), "zip", { extractDir: "/" });
py.runPython(`
import os, sys
sys.path[:0] = ["/chiiki", "/chiiki/lib"]
os.environ["SOURCE_DATE_EPOCH"] = "${Number(epoch)}"
`);
const checking = py.pyimport("build_scripts.contribute.checking");
const answers = {};
chosen.forEach((folder, index) => {
  const inside = "/chosen/" + index;
  py.FS.mkdirTree(inside);
  for (const name of readdirSync(folder)) py.FS.writeFile(inside + "/" + name, new Uint8Array(readFileSync(join(folder, name))));
  answers[folder] = JSON.parse(checking.check_json(inside));
});
process.stdout.write(JSON.stringify(answers));
