import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { resources } from '../../../shared/i18n/i18n';

/*
 * Text a user reads comes from the resource files (shared/i18n/locales), never from a literal in a
 * component. This scans every renderer file with the TypeScript parser and fails on:
 * - JSX text with a letter in it (`<p>Gem</p>`),
 * - a literal with a letter in a JSX attribute that is not a known non-text one (className, id, href,
 *   …; so aria-label, title, placeholder and a component's own `hint` or `loading` text count), or in
 *   a JSX expression (`{'Gem'}`, `{ok ? 'Ja' : 'Nej'}`),
 * - a literal with a letter in an object property that carries text (`label:`, `title:`, `error:`, …),
 * - a literal with a letter passed to notify(), confirm(), alert() or setError-like calls,
 * - a notice worded when it is raised (`notify(t('x'))`, `notify(translate('x'))`): it would stay in the
 *   old language after a language switch; a notice takes `words('ns:key', params)`, worded when drawn,
 * and on a key passed to t()/translate()/msg()/words() that the Danish resources do not have.
 * Literals elsewhere (keys, CSS classes, ids, test ids) are not text and are not checked.
 */

const ROOT = join(import.meta.dirname, '../../..');
/** JSX attributes that never hold text a person reads; any other attribute's literal with a letter is text. */
const NON_TEXT_ATTRIBUTES = new Set([
  'className', 'id', 'htmlFor', 'href', 'type', 'name', 'role', 'key', 'testId', 'autoComplete', 'inputMode', 'pattern', 'method',
  'target', 'rel', 'lang', 'dir', 'src', 'accept', 'form', 'value', 'defaultValue', 'enterKeyHint', 'spellCheck', 'wrap', 'scope',
  'aria-controls', 'aria-describedby', 'aria-labelledby', 'aria-live', 'aria-current', 'aria-hidden', 'aria-haspopup', 'aria-sort',
  'aria-invalid', 'aria-expanded', 'aria-relevant', 'aria-owns', 'aria-errormessage', 'aria-keyshortcuts', 'variant', 'kind', 'tone', 'size',
  'mode', 'section', 'field', 'align', 'headers', 'download', 'list', 'min', 'max', 'step', 'capture', 'decoding', 'referrerPolicy', 'ns', 'i18nKey',
  'errorField', 'media', 'path',
  // SVG presentation attributes (GoalCards' smiley)
  'focusable', 'fill', 'stroke', 'strokeLinecap', 'strokeLinejoin',
]);
const isTextAttribute = (name: string) => !NON_TEXT_ATTRIBUTES.has(name) && !name.startsWith('data-') && !name.startsWith('on') && !/Id$/.test(name);
/** Object properties that carry text into the UI (table columns, zod messages in a form's schema, options). */
const TEXT_PROPERTIES = new Set(['label', 'title', 'caption', 'hint', 'heading', 'description', 'placeholder', 'legend', 'error', 'message', 'text', 'emptyText', 'summary']);
const SHOWING_CALLS = new Set(['notify', 'confirm', 'alert', 'prompt', 'setError', 'setMessage', 'setProblem']);
const TRANSLATING_CALLS = new Set(['t', 'translate', 'msg', 'words']);
/** Calls that keep their text for later (a notice on screen for seconds): they take words, not translated text. */
const KEEPING_CALLS = new Set(['notify']);
const LETTER = /\p{L}/u;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/** The literals a user would read in an expression: through ?:, ||, ??, and parentheses. */
function shownLiterals(node: ts.Node): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression);
  if (ts.isConditionalExpression(node)) return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.PlusToken].includes(node.operatorToken.kind))
    return [...shownLiterals(node.left), ...shownLiterals(node.right)];
  return literalText(node) !== null ? [node] : [];
}

function hasKey(key: string, defaultNs: string): boolean {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : [defaultNs, key];
  let node: unknown = (resources.da as Record<string, unknown>)[ns];
  const parts = path.split('.');
  for (const [i, part] of parts.entries()) {
    if (typeof node !== 'object' || node === null) return false;
    const record = node as Record<string, unknown>;
    if (i === parts.length - 1) return part in record || `${part}_one` in record || `${part}_other` in record;
    node = record[part];
  }
  return false;
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** t()/translate() calls in what a keeping call is given (through ?:, ||, arrays and words' params). */
function translatedNow(node: ts.Node): ts.CallExpression[] {
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === 't' || node.expression.text === 'translate')) return [node];
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return [];
  const found: ts.CallExpression[] = [];
  ts.forEachChild(node, (child) => void found.push(...translatedNow(child)));
  return found;
}

function scan(file: string): { literals: Finding[]; unknownKeys: Finding[]; wordedEarly: Finding[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const literals: Finding[] = [];
  const unknownKeys: Finding[] = [];
  const wordedEarly: Finding[] = [];
  const at = (node: ts.Node, text: string): Finding => ({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim().slice(0, 60) });
  const report = (node: ts.Node) => {
    const text = literalText(node);
    if (text !== null && LETTER.test(text)) literals.push(at(node, text));
  };
  const ns = /useTranslation\(\s*\[?\s*'(\w+)'/.exec(source.text)?.[1] ?? 'common';

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) literals.push(at(node, node.text));
    else if (ts.isJsxAttribute(node) && isTextAttribute(node.name.getText(source)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) report(node.initializer);
      else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) shownLiterals(node.initializer.expression).forEach(report);
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) shownLiterals(node.expression).forEach(report);
    else if (ts.isPropertyAssignment(node) && TEXT_PROPERTIES.has(node.name.getText(source))) shownLiterals(node.initializer).forEach(report);
    else if (ts.isCallExpression(node)) {
      const callee = ts.isIdentifier(node.expression) ? node.expression.text : ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : '';
      if (SHOWING_CALLS.has(callee) && node.arguments[0]) {
        // react-hook-form's setError(field, { message }): the field is a name, the message is text.
        const [first, second] = node.arguments;
        if (callee === 'setError' && second && ts.isObjectLiteralExpression(second))
          second.properties.filter((p) => ts.isPropertyAssignment(p) && p.name.getText(source) === 'message').forEach((p) => shownLiterals((p as ts.PropertyAssignment).initializer).forEach(report));
        else shownLiterals(first!).forEach(report);
      }
      // notify(text, kind, { label, run }): the text and the action's label, not the run callback.
      if (KEEPING_CALLS.has(callee)) for (const arg of node.arguments) for (const c of translatedNow(arg)) wordedEarly.push(at(c, c.getText(source)));
      if (TRANSLATING_CALLS.has(callee) && node.arguments[0] && ts.isStringLiteral(node.arguments[0]) && !hasKey(node.arguments[0].text, ns))
        unknownKeys.push(at(node, node.arguments[0].text));
    } else if (ts.isJsxAttribute(node) && node.name.getText(source) === 'i18nKey' && node.initializer && ts.isStringLiteral(node.initializer)) {
      if (!hasKey(node.initializer.text, ns)) unknownKeys.push(at(node, node.initializer.text));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, unknownKeys, wordedEarly };
}

/*
 * shared/: a zod message (`error:`), an issue's or a refusal's `message:` with a literal in it is text a
 * form or a screen shows (the client parses with the same schemas, and shows the server's issues), so
 * it comes from the resources too: `msg('ns:key')` / `translate('ns:key')`. Not checked: the resource
 * files, and the schemas that only check what another program sends (never a form of the app), listed
 * here with why. Documents that stay Danish (case file, published report) build their text elsewhere.
 */
const SHARED_MACHINE_ONLY = new Map([
  ['shared/importApi.ts', 'the import request the app builds itself (file name, base64 content)'],
  ['shared/ipc.ts', 'messages between the renderer and the Electron main process'],
  ['shared/audit.ts', "the audit log's query parameters"],
  ['shared/reportAverage.ts', "the BI API's query"],
  ['shared/sync/wire.ts', "the sync protocol's request limits"],
]);
const MESSAGE_PROPERTIES = new Set(['error', 'message']);

function scanShared(file: string): Finding[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Finding[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && MESSAGE_PROPERTIES.has(node.name.getText(source)))
      for (const lit of shownLiterals(node.initializer)) {
        const text = literalText(lit);
        if (text !== null && LETTER.test(text)) found.push({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(lit.getStart()).line + 1, text: text.trim().slice(0, 60) });
      }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('messages of shared/ come from the resource files', () => {
  const sharedFiles = files(join(ROOT, 'shared')).filter((f) => !relative(ROOT, f).startsWith('shared/i18n/locales/') && !SHARED_MACHINE_ONLY.has(relative(ROOT, f)));

  it('no literal zod message, issue message or refusal in shared/', () => {
    expect(sharedFiles.flatMap(scanShared).map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('the shared scanner finds a literal message (it can fail)', () => {
    const found = scanShared(join(import.meta.dirname, 'fixtures/sharedSample.ts.txt'));
    expect(found.map((f) => f.text)).toEqual(['Højst 120 tegn', 'Filen er tom', 'Angiv et navn', 'Feltet er tomt']);
  });
});

describe('user-visible text comes from the resource files', () => {
  const results = files(join(ROOT, 'renderer')).map((f) => ({ file: relative(ROOT, f), ...scan(f) }));

  it('no literal text in any renderer file', () => {
    const found = results.flatMap((r) => r.literals);
    expect(found.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('every key a renderer file translates exists in the Danish resources', () => {
    expect(results.flatMap((r) => r.unknownKeys).map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('a notice keeps its key and params, worded when drawn (no notify(t(…)): it would stay in the old language)', () => {
    expect(results.flatMap((r) => r.wordedEarly).map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('the scanner finds text where it should (it can fail)', () => {
    const sample = join(import.meta.dirname, 'fixtures/LiteralSample.tsx');
    const { literals, unknownKeys, wordedEarly } = scan(sample);
    expect(literals.map((l) => l.text)).toEqual(['Navn', 'Gemt!', 'Luk vinduet', 'Gem', 'Ja', 'Nej', 'Skriv kort']);
    expect(unknownKeys.map((l) => l.text)).toEqual(['common:findes.heller.ikke', 'findes.ikke']);
    expect(wordedEarly.map((l) => l.text)).toEqual(["t('save.saving')", "translate('common:undo')"]);
  });
});
