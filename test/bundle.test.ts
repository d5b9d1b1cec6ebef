// The single-file bundles (scripts/build-bundles.ts, issue 8): self-contained (no import, no
// require, no dynamic import), and free of `eval`, `new Function` / `Function(...)` and any
// reference to the host's WebAssembly — except purewasm-auto.*, whose whole point is to probe it.
// The check parses each bundle (TypeScript's parser) and inspects identifiers in expression
// position, so the many error messages that say "WebAssembly.Memory: …" do not count, but any
// real use does; a positive control shows the checker catches each form.
import ts from 'typescript';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundle } from './sandbox/harness.js';

const GLOBAL_OBJECTS = new Set(['globalThis', 'self', 'window', 'global']);
const STRING_KINDS = new Set([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail]);

/** Names the forbidden uses in a script/module: "eval", "Function", "WebAssembly", "import", "require". */
function forbiddenUses(text: string, kind: 'esm' | 'iife'): string[] {
  const sf = ts.createSourceFile(kind === 'esm' ? 'b.mjs' : 'b.js', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const at = (n: ts.Node) => `${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).character + 1}`;
  const isReference = (id: ts.Identifier): boolean => {
    const p = id.parent;
    if ((ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id)) return false;
    if ((ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return false;
    if (ts.isExportSpecifier(p) && p.name === id && p.propertyName !== undefined) return false;
    if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
    return true;
  };
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && isReference(n)) {
      if (n.text === 'eval' || n.text === 'WebAssembly') found.push(`${n.text} at ${at(n)}`);
      if (n.text === 'Function' && (ts.isNewExpression(n.parent) || ts.isCallExpression(n.parent)) && n.parent.expression === n) found.push(`Function at ${at(n)}`);
      if (n.text === 'require' && ts.isCallExpression(n.parent) && n.parent.expression === n) found.push(`require at ${at(n)}`);
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && GLOBAL_OBJECTS.has(n.expression.text) && ['WebAssembly', 'eval', 'Function'].includes(n.name.text)) {
      found.push(`${n.expression.text}.${n.name.text} at ${at(n)}`);
    }
    if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression) && ['WebAssembly', 'eval', 'Function'].includes(n.argumentExpression.text)) {
      found.push(`[${JSON.stringify(n.argumentExpression.text)}] at ${at(n)}`);
    }
    if (ts.isImportDeclaration(n) || (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword)) found.push(`import at ${at(n)}`);
    if (ts.isExportDeclaration(n) && n.moduleSpecifier !== undefined) found.push(`re-export from a module at ${at(n)}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) found.push('the bundle does not parse');
  return found;
}

describe('bundles', () => {
  it('the checker catches each forbidden form (positive control)', () => {
    const bad = [
      'WebAssembly.compile(b)', 'globalThis.WebAssembly', 'self["WebAssembly"]', 'const W = WebAssembly',
      'eval("1")', '(0, eval)("1")', 'new Function("return 1")', 'Function("return 1")()', 'require("fs")', 'import("x")',
    ];
    for (const src of bad) expect(forbiddenUses(src, 'iife'), src).not.toEqual([]);
    expect(forbiddenUses('import x from "y"', 'esm')).not.toEqual([]);
    const fine = ['throw new TypeError("WebAssembly.Memory: bad")', 'x.WebAssembly = 1', 'const o = { WebAssembly: 1, eval: 2 }', 'x.eval(1)', 'export { a as WebAssembly }'];
    for (const src of fine) expect(forbiddenUses(src, 'esm'), src).toEqual([]);
  });

  for (const [file, kind] of [['purewasm.mjs', 'esm'], ['purewasm.js', 'iife']] as const) {
    it(`${file}: no eval, no new Function, no host WebAssembly, no imports`, async () => {
      const text = await bundle(file);
      expect(text).not.toContain('eval(');
      expect(text).not.toContain('new Function');
      expect(forbiddenUses(text, kind)).toEqual([]);
      // Every textual "WebAssembly." is inside a string (an error message), never code.
      const sf = ts.createSourceFile('b.js', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
      let mentions = 0;
      for (let i = text.indexOf('WebAssembly.'); i >= 0; i = text.indexOf('WebAssembly.', i + 1)) {
        let node: ts.Node = sf;
        for (;;) {
          const child: ts.Node | undefined = node.getChildren(sf).find((c) => c.getStart(sf) <= i && i < c.getEnd());
          if (child === undefined) break;
          node = child;
        }
        expect(STRING_KINDS.has(node.kind), `offset ${i}: ${ts.SyntaxKind[node.kind]}`).toBe(true);
        mentions++;
      }
      expect(mentions).toBeGreaterThan(10);
      const raw = Buffer.byteLength(text);
      console.log(`${file}: ${(raw / 1024).toFixed(1)} KiB raw, ${(gzipSync(text, { level: 9 }).length / 1024).toFixed(1)} KiB gzip`);
    });
  }

  it('purewasm.js defines exactly one global, purewasm', async () => {
    const vm = await import('node:vm');
    const ctx = vm.createContext({});
    const before = new Set(vm.runInContext('Object.getOwnPropertyNames(globalThis)', ctx) as string[]);
    vm.runInContext(await bundle('purewasm.js'), ctx);
    const added = (vm.runInContext('Object.getOwnPropertyNames(globalThis)', ctx) as string[]).filter((k) => !before.has(k));
    expect(added).toEqual(['purewasm']);
    expect(vm.runInContext('Object.keys(purewasm).sort().join()', ctx)).toContain('compileComponent');
  });

  it('the auto entry is the one place that touches the host WebAssembly, through globalThis', async () => {
    for (const [file, kind] of [['purewasm-auto.mjs', 'esm'], ['purewasm-auto.js', 'iife']] as const) {
      const uses = forbiddenUses(await bundle(file), kind);
      expect(uses.length, file).toBeGreaterThan(0);
      expect(uses.every((u) => u.startsWith('globalThis.WebAssembly at ')), `${file}: ${uses.join('; ')}`).toBe(true);
    }
  });
});
