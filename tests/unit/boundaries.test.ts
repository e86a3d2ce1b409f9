/**
 * Security and architecture boundaries, checked mechanically on every .ts/.tsx of src/, content-scripts/, popup/ and
 * background/ (parsed with the TypeScript compiler, so comments and strings never count):
 * - no HTML-string APIs (innerHTML, outerHTML, insertAdjacentHTML, document.write, dangerouslySetInnerHTML...):
 *   page and dataset text only ever reach the page as text;
 * - src/core imports only src/core and uses no DOM or browser API;
 * - content-scripts and popup never import each other; background imports neither; src imports none of the three.
 * The checker is itself tested on small sources, so a rule that stops working fails here too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { permissionProblems } from '../../scripts/lib/shipped-checks';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/dataset';

const SCANNED = ['src', 'content-scripts', 'popup', 'background'];

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(d.name) && !/\.d\.ts$/.test(d.name) ? [path] : [];
  });
}

/** Names whose use builds markup from a string. */
const HTML_SINKS = new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'dangerouslySetInnerHTML', 'setHTMLUnsafe', 'parseHTMLUnsafe', 'createContextualFragment', 'srcdoc']);
/** `document.write` and friends, and code from strings. */
const CALL_SINKS = new Set(['write', 'writeln']);
/** Globals of the DOM and of extension APIs the pure core must not touch. */
const BROWSER_GLOBALS = new Set(['document', 'window', 'browser', 'chrome', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'WebSocket', 'self', 'globalThis', 'requestAnimationFrame', 'MutationObserver', 'getComputedStyle']);
const DOM_TYPES = new Set(['Document', 'Window', 'HTMLElement', 'Element', 'Node', 'Text', 'Event', 'EventTarget', 'ShadowRoot', 'Range', 'Selection', 'CSSStyleDeclaration']);

interface Finding {
  file: string;
  line: number;
  rule: string;
  text: string;
}

/** True when an identifier names a property or a declaration, rather than referring to a variable. */
function isName(node: ts.Identifier): boolean {
  const p = node.parent;
  return (
    (ts.isPropertyAccessExpression(p) && p.name === node) ||
    (ts.isQualifiedName(p) && p.right === node) ||
    ((ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p) || ts.isParameter(p) ||
      ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p)) && p.name === node) ||
    (ts.isBindingElement(p) && p.propertyName === node) ||
    ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === node) ||
    ts.isLabeledStatement(p) ||
    ts.isJsxAttribute(p)
  );
}

/** Everything a file imports or re-exports (static, type-only and dynamic). */
function importsOf(sf: ts.SourceFile): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, line: line(node) });
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [arg] = node.arguments;
      out.push({ spec: arg && ts.isStringLiteralLike(arg) ? arg.text : '(computed)', line: line(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The top folder an import lands in (`src/core`, `src`, `popup`...), or `package:NAME` for a package. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return `package:${spec}`;
  const rel = relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep);
  return rel[0] === 'src' && rel[1] === 'core' ? 'src/core' : rel[0];
}

/** The rules, for one file's text. Exported shape is plain data so the checker can be tested on strings. */
function check(file: string, code: string): Finding[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const at = (node: ts.Node, rule: string) =>
    findings.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, rule, text: node.getText(sf).slice(0, 80) });
  const area = file.split('/')[0];
  const core = file.startsWith('src/core/');

  const visit = (node: ts.Node) => {
    // (a) HTML from strings.
    if (ts.isIdentifier(node) && HTML_SINKS.has(node.text)) at(node, `HTML sink ${node.text}`);
    if (ts.isJsxAttribute(node) && HTML_SINKS.has(node.name.getText(sf))) at(node, `HTML sink ${node.name.getText(sf)}`);
    if (ts.isStringLiteralLike(node) && HTML_SINKS.has(node.text) && ts.isElementAccessExpression(node.parent)) at(node, `HTML sink ${node.text}`);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && CALL_SINKS.has(node.expression.name.text) &&
      /(^|\.)(document|doc|ownerDocument|contentDocument)$/.test(node.expression.expression.getText(sf))) at(node, 'document.write');
    if (ts.isIdentifier(node) && node.text === 'eval' && !isName(node)) at(node, 'eval');
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') at(node, 'new Function');
    // (b) The pure core touches no DOM and no browser API.
    if (core && ts.isIdentifier(node) && BROWSER_GLOBALS.has(node.text) && !isName(node)) at(node, `browser API ${node.text} in src/core`);
    if (core && ts.isTypeReferenceNode(node) && DOM_TYPES.has(node.typeName.getText(sf))) at(node, `DOM type ${node.typeName.getText(sf)} in src/core`);
    ts.forEachChild(node, visit);
  };
  visit(sf);

  for (const { spec, line } of importsOf(sf)) {
    const to = target(file, spec);
    const bad =
      (core && to !== 'src/core' && `src/core imports ${spec}`) ||
      (area === 'src' && ['content-scripts', 'popup', 'background'].includes(to) && `src imports ${to}`) ||
      (area === 'content-scripts' && (to === 'popup' || to === 'background') && `content-scripts import ${to}`) ||
      (area === 'popup' && (to === 'content-scripts' || to === 'background') && `popup imports ${to}`) ||
      (area === 'background' && (to === 'content-scripts' || to === 'popup') && `background imports ${to}`);
    if (bad) findings.push({ file, line, rule: bad, text: spec });
  }
  return findings;
}

const FILES = SCANNED.flatMap(filesUnder).map((f) => f.split(sep).join('/'));

describe('the checker', () => {
  const rules = (file: string, code: string) => check(file, code).map((f) => f.rule);

  it('catches HTML from strings in every spelling', () => {
    expect(rules('content-scripts/x.ts', 'el.innerHTML = s;')).toEqual(['HTML sink innerHTML']);
    expect(rules('popup/x.tsx', 'const a = <div dangerouslySetInnerHTML={{ __html: s }} />;')).toContain('HTML sink dangerouslySetInnerHTML');
    expect(rules('src/ui/x.ts', "el['outerHTML'] = s; el.insertAdjacentHTML('beforeend', s);")).toEqual(['HTML sink outerHTML', 'HTML sink insertAdjacentHTML']);
    expect(rules('background/x.ts', 'document.write(s); doc.writeln(s); eval(s); new Function(s);')).toEqual(['document.write', 'document.write', 'eval', 'new Function']);
    expect(rules('content-scripts/x.ts', '// el.innerHTML = s\nconst t = "innerHTML";')).toEqual([]);
    expect(rules('content-scripts/x.ts', 'stream.write(s); el.textContent = s;')).toEqual([]);
  });

  it('catches the DOM and browser APIs in the core, not property names that look like them', () => {
    expect(rules('src/core/x.ts', 'const w = window.innerWidth; document.title; browser.runtime; chrome.storage; fetch(u);'))
      .toEqual(['browser API window in src/core', 'browser API document in src/core', 'browser API browser in src/core', 'browser API chrome in src/core', 'browser API fetch in src/core']);
    expect(rules('src/core/x.ts', 'function f(n: Node): Element { return n as never; }')).toEqual(['DOM type Node in src/core', 'DOM type Element in src/core']);
    expect(rules('src/core/x.ts', 'interface P { window?: number } const p = { window: 3 }; p.window; const { document: d } = o;')).toEqual([]);
    expect(rules('src/ui/x.ts', 'document.title;')).toEqual([]);
  });

  it('catches imports across the boundaries, static, type-only and dynamic', () => {
    expect(rules('src/core/x.ts', "import { a } from './types'; import type { B } from '../platform/messaging'; import c from 'preact';"))
      .toEqual(['src/core imports ../platform/messaging', 'src/core imports preact']);
    expect(rules('content-scripts/x.ts', "import { App } from '../popup/App'; const m = import('../background/main');"))
      .toEqual(['content-scripts import popup', 'content-scripts import background']);
    expect(rules('popup/components/x.tsx', "export { x } from '../../content-scripts/app';")).toEqual(['popup imports content-scripts']);
    expect(rules('background/x.ts', "type T = import('../content-scripts/app').ContentApp;")).toEqual(['background imports content-scripts']);
    expect(rules('src/platform/x.ts', "import { startContent } from '../../content-scripts/app';")).toEqual(['src imports content-scripts']);
    expect(rules('content-scripts/x.ts', "import { Card } from '../src/ui/Card'; import browser from 'webextension-polyfill';")).toEqual([]);
  });
});

describe('the code base', () => {
  it('has files to check in every folder', () => {
    for (const dir of SCANNED) expect(FILES.some((f) => f.startsWith(`${dir}/`)), dir).toBe(true);
    expect(FILES.some((f) => f.startsWith('src/core/'))).toBe(true);
  });

  it('never builds HTML from strings, and keeps the core pure and the parts apart', () => {
    const findings = FILES.flatMap((f) => check(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.text}`)).toEqual([]);
  });

  it('asks for storage and scripting only, and host access only where the content script runs anyway', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toEqual(['storage', 'scripting']);
    // The background injects the engine where the loader found a key (docs/decisions/008-loader.md).
    expect(manifest.host_permissions).toEqual(manifest.content_scripts[0].matches);
    expect(manifest.optional_permissions ?? []).toEqual([]);
    expect(permissionProblems(manifest)).toEqual([]);
    expect(permissionProblems({ ...manifest, host_permissions: ['<all_urls>'] })).toEqual(['host permission "<all_urls>" is not a page the content script runs on']);
    expect(permissionProblems({ ...manifest, permissions: ['storage', 'tabs'] })).toEqual(['permission "tabs" is not allowed']);
  });
});
