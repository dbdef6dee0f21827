// `npm run check:size [-- FOLDER ...]`: prints files over 300 lines and functions over 60 lines
// (default: the shipped folders). It reports, it does not fail: each one is a place to justify.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;
const root = new URL('..', import.meta.url).pathname;
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'adapters', 'jobs', 'cli'];

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') yield* tsFiles(path);
    else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield path;
  }
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return '(anonymous)';
}

const longFiles: string[] = [];
const longFunctions: string[] = [];
for (const folder of folders) {
  for (const path of tsFiles(join(root, folder))) {
    const text = readFileSync(path, 'utf8');
    const name = relative(root, path);
    const lines = text.split('\n').length;
    if (lines > MAX_FILE_LINES) longFiles.push(`${name}: ${lines} lines`);
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) longFunctions.push(`${name}:${start + 1} ${functionName(node)}: ${end - start + 1} lines`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

process.stdout.write(`files over ${MAX_FILE_LINES} lines (${longFiles.length}):\n${longFiles.map((l) => `  ${l}\n`).join('')}`);
process.stdout.write(`functions over ${MAX_FUNCTION_LINES} lines (${longFunctions.length}):\n${longFunctions.map((l) => `  ${l}\n`).join('')}`);
