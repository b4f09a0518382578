import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Reads the admin's source with the TypeScript compiler: the messages it
 * declares (`t('id', 'English')`, `msg('id', 'English')`) and any user-facing
 * literal left in JSX (text between tags, or a string in a title, label,
 * placeholder, aria-label … attribute). Used by the catalogue test and by
 * scripts/i18n-extract.mjs to write en.json.
 */
export const ADMIN = path.join(ROOT, 'admin');

/** Attributes whose string value a person reads (or a screen reader speaks). */
const TEXT_ATTRIBUTES = new Set([
  'title',
  'subtitle',
  'label',
  'placeholder',
  'aria-label',
  'alt',
  'hint',
  'error',
  'clearLabel',
  'closeLabel',
  'addLabel',
  'saveLabel',
  'emptyText',
  'description',
  'startLabel',
  'endLabel',
]);

/** Object properties that hold text for a person (column headers, notifications …). */
const TEXT_PROPERTIES = new Set([
  'header',
  'message',
  'title',
  'subtitle',
  'emptyText',
  'placeholder',
  'hint',
]);

export type Message = { id: string; defaultMessage: string; file: string };
export type Literal = { file: string; line: number; text: string };

export function adminFiles(dir = ADMIN): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'translations' ? [] : adminFiles(full);
    return /\.tsx?$/.test(d.name) ? [full] : [];
  });
}

const hasLetters = (text: string) => /\p{L}/u.test(text);

/** The text a person would read in a literal: a template's fixed parts, not its `${expressions}`. */
const literalText = (node: ts.Node): string =>
  ts.isTemplateExpression(node)
    ? node.head.text + node.templateSpans.map((s) => s.literal.text).join(' ')
    : ts.isStringLiteralLike(node)
      ? node.text
      : '';

export function scanAdmin(): { messages: Message[]; literals: Literal[]; problems: string[] } {
  const messages: Message[] = [];
  const literals: Literal[] = [];
  const problems: string[] = [];
  for (const file of adminFiles()) {
    const rel = path.relative(ROOT, file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        (node.expression.text === 't' || node.expression.text === 'msg') &&
        node.arguments.length >= 1 &&
        !(node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0]))
      ) {
        const [id, text] = node.arguments;
        if (node.expression.text === 't' && id && !ts.isStringLiteralLike(id)) {
          // t(descriptor) — the descriptor is declared with msg() elsewhere.
        } else if (id && text && ts.isStringLiteralLike(id) && ts.isStringLiteralLike(text)) {
          messages.push({ id: id.text, defaultMessage: text.text, file: rel });
        } else {
          problems.push(
            `${rel}:${where(node)}: ${node.expression.text}() needs a literal id and English text`,
          );
        }
      }
      if (ts.isJsxText(node) && hasLetters(node.text)) {
        literals.push({ file: rel, line: where(node), text: node.text.trim() });
      }
      if (ts.isJsxAttribute(node) && node.initializer && TEXT_ATTRIBUTES.has(node.name.getText())) {
        const init = node.initializer;
        const literal = ts.isStringLiteral(init)
          ? init
          : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
            ? init.expression
            : ts.isJsxExpression(init) && init.expression && ts.isTemplateExpression(init.expression)
              ? init.expression
              : undefined;
        if (literal && hasLetters(literalText(literal))) {
          literals.push({
            file: rel,
            line: where(node),
            text: `${node.name.getText()}=${literal.getText()}`,
          });
        }
      }
      if (
        ts.isPropertyAssignment(node) &&
        TEXT_PROPERTIES.has(node.name.getText()) &&
        (ts.isStringLiteralLike(node.initializer) || ts.isTemplateExpression(node.initializer)) &&
        hasLetters(literalText(node.initializer))
      ) {
        literals.push({
          file: rel,
          line: where(node),
          text: `${node.name.getText()}: ${node.initializer.getText()}`,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages, literals, problems };
}
