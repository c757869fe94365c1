// check.mjs parses PowerShell with tree-sitter-powershell and reports every
// ERROR or MISSING node. PowerShell is not installable on our Linux
// machines; this is the syntax check we can run here.
//
// usage: node --liftoff-only check.mjs FILE...   (exit 1 on a syntax error)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Parser, Language } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
await Parser.init();
const lang = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
const parser = new Parser();
parser.setLanguage(lang);

let bad = 0;
for (const file of process.argv.slice(2)) {
  const tree = parser.parse(readFileSync(file, 'utf8'));
  const walk = (node) => {
    if (node.isError || node.isMissing) {
      bad++;
      const p = node.startPosition;
      console.log(`${file}:${p.row + 1}:${p.column + 1}: ${node.isMissing ? 'missing ' + node.type : 'syntax error'} near ${JSON.stringify(node.text.slice(0, 60))}`);
    }
    if (node.hasError || node.isMissing) {
      for (const c of node.children) walk(c);
    }
  };
  walk(tree.rootNode);
}
process.exit(bad ? 1 : 0);
