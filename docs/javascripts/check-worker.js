// The check page's worker: Pyodide from this site (contribute/check/runtime/), the project's own Python from the
// bundle named in manifest.json, and build_scripts.contribute.checking.check_json on the chosen files. Every
// file it loads comes from this site; the chosen files never leave this worker.
let ready = null;

async function prepare(runtime) {
  const manifest = await (await fetch(runtime + "manifest.json")).json();
  if (manifest.missing) throw new Error(manifest.missing);
  const { loadPyodide } = await import(runtime + "pyodide.mjs");
  const py = await loadPyodide({ indexURL: runtime });
  const bundle = await (await fetch(runtime + manifest.bundle)).arrayBuffer();
  py.unpackArchive(new Uint8Array(bundle), "zip", { extractDir: "/" });
  py.runPython('import sys\nsys.path[:0] = ["/chiiki", "/chiiki/lib"]');
  return { py, checking: py.pyimport("build_scripts.contribute.checking") };
}

let count = 0;
self.onmessage = async (event) => {
  const { runtime, files } = event.data;
  try {
    if (!ready) {
      self.postMessage({ stage: "preparing" });
      ready = prepare(runtime);
    }
    const { py, checking } = await ready;
    self.postMessage({ stage: "checking" });
    const folder = "/chosen/" + (count += 1);
    py.FS.mkdirTree(folder);
    for (const file of files) py.FS.writeFile(folder + "/" + file.name.replace(/[\/\\]/g, "_"), file.bytes);
    self.postMessage({ answer: JSON.parse(checking.check_json(folder)) });
  } catch (error) {
    ready = null;
    self.postMessage({ error: String(error && error.message ? error.message : error).slice(0, 500) });
  }
};
