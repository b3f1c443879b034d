import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { resources } from '../../../shared/i18n/i18n';

/*
 * Text a user reads comes from the resource files (shared/i18n/locales), never from a literal in a
 * component. This scans every renderer file with the TypeScript parser and fails on:
 * - JSX text with a letter in it (`<p>Gem</p>`),
 * - a literal with a letter in a JSX attribute people read or hear (aria-label, title, placeholder,
 *   alt, label, …) or in a JSX expression (`{'Gem'}`, `{ok ? 'Ja' : 'Nej'}`),
 * - a literal with a letter passed to notify(), confirm(), alert() or setError-like calls,
 * and on a key passed to t()/translate()/msg() that the Danish resources do not have.
 * Literals elsewhere (keys, CSS classes, ids, test ids) are not text and are not checked.
 */

const ROOT = join(import.meta.dirname, '../../..');
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'legend', 'summary']);
const SHOWING_CALLS = new Set(['notify', 'confirm', 'alert', 'prompt', 'setError', 'setMessage', 'setProblem']);
const TRANSLATING_CALLS = new Set(['t', 'translate', 'msg']);
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

function scan(file: string): { literals: Finding[]; unknownKeys: Finding[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const literals: Finding[] = [];
  const unknownKeys: Finding[] = [];
  const at = (node: ts.Node, text: string): Finding => ({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim().slice(0, 60) });
  const report = (node: ts.Node) => {
    const text = literalText(node);
    if (text !== null && LETTER.test(text)) literals.push(at(node, text));
  };
  const ns = /useTranslation\(\s*\[?\s*'(\w+)'/.exec(source.text)?.[1] ?? 'common';

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) literals.push(at(node, node.text));
    else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) report(node.initializer);
      else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) shownLiterals(node.initializer.expression).forEach(report);
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) shownLiterals(node.expression).forEach(report);
    else if (ts.isCallExpression(node)) {
      const callee = ts.isIdentifier(node.expression) ? node.expression.text : ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : '';
      if (SHOWING_CALLS.has(callee) && node.arguments[0]) {
        // react-hook-form's setError(field, { message }): the field is a name, the message is text.
        const [first, second] = node.arguments;
        if (callee === 'setError' && second && ts.isObjectLiteralExpression(second))
          second.properties.filter((p) => ts.isPropertyAssignment(p) && p.name.getText(source) === 'message').forEach((p) => shownLiterals((p as ts.PropertyAssignment).initializer).forEach(report));
        else shownLiterals(first!).forEach(report);
      }
      if (TRANSLATING_CALLS.has(callee) && node.arguments[0] && ts.isStringLiteral(node.arguments[0]) && !hasKey(node.arguments[0].text, ns))
        unknownKeys.push(at(node, node.arguments[0].text));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, unknownKeys };
}

/**
 * Screens not yet moved to the resource files (issue 14, in progress). A file leaves this list when
 * it is converted; the test fails if a listed file has no literal left, so the list only shrinks.
 */
const NOT_YET_CONVERTED = new Set<string>([
  'renderer/app/NoticeList.tsx',
  'renderer/app/StorageWarning.tsx',
  'renderer/features/admin/AdminList.tsx',
  'renderer/features/admin/AdminPage.tsx',
  'renderer/features/admin/ApiTokensSection.tsx',
  'renderer/features/admin/FrameworksSection.tsx',
  'renderer/features/admin/GoalsSection.tsx',
  'renderer/features/admin/InstitutionChecklist.tsx',
  'renderer/features/admin/InstitutionsSection.tsx',
  'renderer/features/admin/LogSection.tsx',
  'renderer/features/admin/LoginSettingsPanel.tsx',
  'renderer/features/admin/PrivacySection.tsx',
  'renderer/features/admin/RelationsEditor.tsx',
  'renderer/features/admin/TilsynsrammeSection.tsx',
  'renderer/features/admin/UsersSection.tsx',
  'renderer/features/dashboard/AveragesFigure.tsx',
  'renderer/features/dashboard/CoverageSection.tsx',
  'renderer/features/dashboard/DistributionFigure.tsx',
  'renderer/features/dashboard/GoalCards.tsx',
  'renderer/features/dashboard/HeatMap.tsx',
  'renderer/features/dashboard/LederDashboard.tsx',
  'renderer/features/dashboard/VisitMixSection.tsx',
  'renderer/features/import/CsvFileField.tsx',
  'renderer/features/import/ImportPage.tsx',
  'renderer/features/import/ServerImport.tsx',
  'renderer/features/import/StepsOption.tsx',
  'renderer/features/inspection/ConsultantPicker.tsx',
  'renderer/features/inspection/DialogueSection.tsx',
  'renderer/features/inspection/FindingsList.tsx',
  'renderer/features/inspection/InspectionPage.tsx',
  'renderer/features/inspection/LifecycleActions.tsx',
  'renderer/features/inspection/NewInspectionPage.tsx',
  'renderer/features/inspection/ObservationLog.tsx',
  'renderer/features/inspection/PreVisitBrief.tsx',
  'renderer/features/inspection/RammeLine.tsx',
  'renderer/features/inspection/ShortcutsDialog.tsx',
  'renderer/features/inspection/StepPicker.tsx',
  'renderer/features/inspection/ThemeSection.tsx',
  'renderer/features/institutions/InstitutionListPage.tsx',
  'renderer/features/institutions/InstitutionPage.tsx',
  'renderer/features/institutions/InstitutionTable.tsx',
  'renderer/features/institutions/UnitFact.tsx',
  'renderer/features/skaerpet/CaseFileButton.tsx',
  'renderer/features/skaerpet/CaseList.tsx',
  'renderer/features/skaerpet/SkaerpetOverview.tsx',
  'renderer/features/skaerpet/SkaerpetTilsynPage.tsx',
  'renderer/state/fileActions.ts',
  'renderer/ui/InstitutionFilterFields.tsx',
]);

describe('user-visible text comes from the resource files', () => {
  const results = files(join(ROOT, 'renderer')).map((f) => ({ file: relative(ROOT, f), ...scan(f) }));

  it('no literal text in a converted renderer file', () => {
    const found = results.filter((r) => !NOT_YET_CONVERTED.has(r.file)).flatMap((r) => r.literals);
    expect(found.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('the not-yet-converted list holds only files that still have literals', () => {
    const done = results.filter((r) => NOT_YET_CONVERTED.has(r.file) && r.literals.length === 0).map((r) => r.file);
    expect(done, 'remove these from NOT_YET_CONVERTED').toEqual([]);
  });

  it('every key a renderer file translates exists in the Danish resources', () => {
    expect(results.flatMap((r) => r.unknownKeys).map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('the scanner finds text where it should (it can fail)', () => {
    const sample = join(import.meta.dirname, 'fixtures/LiteralSample.tsx');
    const { literals, unknownKeys } = scan(sample);
    expect(literals.map((l) => l.text)).toEqual(['Gemt!', 'Luk vinduet', 'Gem', 'Ja', 'Nej']);
    expect(unknownKeys.map((l) => l.text)).toEqual(['findes.ikke']);
  });
});
