// Run Python code with the CPython that Pyodide compiled to WebAssembly, with one host
// directory mounted (NODEFS) at /bundle. `littlelemon bundle` uses it to byte-compile a
// Lambda bundle for Python 3.12 on a machine without a 3.12 interpreter: the .pyc format
// and its magic number depend on CPython's minor version only, not on the platform.
// Usage: node pyodide_run.mjs <directory> <python code>; the code's last expression is
// printed, a Python exception exits with status 1.
import { loadPyodide } from "pyodide";

const [directory, code] = process.argv.slice(2);
if (!directory || !code) {
  console.error("usage: node pyodide_run.mjs <directory> <python code>");
  process.exit(2);
}
const pyodide = await loadPyodide({ stdout: console.log, stderr: console.error });
pyodide.FS.mkdirTree("/bundle");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: directory }, "/bundle");
try {
  const result = pyodide.runPython(code);
  if (result !== undefined) console.log(String(result));
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
