// `npm run build` runs this after tsc: it writes dist/prose-fragments.json, the fixed text of every string literal in
// src/ (the tool's own words: titles, fixes, advice, warnings, in English and Japanese), for redaction to tell the
// tool's prose from the names it interpolates (report/prose-fragments.ts, report/redact.ts; review AE, L10). Without
// it, a user named "scanner" made the fix's "(a web application, a scanner, a monitoring script …)" read "(a web
// application, a user-f0068bd4181a, …)": a mangled advice that told which pseudonym "scanner" is.
//
// A fragment is a run of fixed text between two interpolations: a template literal's pieces, and literals joined by
// "+" taken as one ('… (a web application, a scanner, ' + 'a monitoring script …'). Comments are not literals and
// are left out; so are fragments too short to give a name its context (see MIN_FRAGMENT).

import ts from 'typescript';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIN_FRAGMENT, PROSE_FRAGMENTS_URL } from './report/prose-fragments.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** An expression as fixed text and holes (null), "+" chains flattened. */
function pieces(n: ts.Node): (string | null)[] {
  if (ts.isParenthesizedExpression(n)) return pieces(n.expression);
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return [n.text];
  if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.flatMap((s) => [null, s.literal.text])];
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...pieces(n.left), ...pieces(n.right)];
  return [null];
}

const fragments = new Set<string>();
for (const file of sourceFiles(join(root, 'src'))) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const visit = (n: ts.Node): void => {
    const isText = ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)
      || (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken);
    // A "+" chain is taken whole at its top: its literals join where nothing stands between them.
    if (isText && !(n.parent !== undefined && ts.isBinaryExpression(n.parent) && n.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
      let run = '';
      for (const p of [...pieces(n), null]) {
        if (p !== null) { run += p; continue; }
        if (run.length >= MIN_FRAGMENT && /\p{L}/u.test(run)) fragments.add(run);
        run = '';
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
writeFileSync(PROSE_FRAGMENTS_URL, `${JSON.stringify([...fragments].sort())}\n`);
