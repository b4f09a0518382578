/**
 * Writes admin/translations/en.json from the admin's source (the English
 * defaults) and lists the keys another catalogue lacks or no longer needs:
 *   node -r ./scripts/ts-register.cjs scripts/i18n-extract.ts [--missing]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN, scanAdmin } from '../tests/helpers/admin-messages';

const { messages, problems } = scanAdmin();
if (problems.length) console.error(problems.join('\n'));
const en = Object.fromEntries(
  messages.map((m) => [m.id, m.defaultMessage] as const).sort(([a], [b]) => a.localeCompare(b)),
);
const file = (locale: string) => path.join(ADMIN, 'translations', `${locale}.json`);
writeFileSync(file('en'), `${JSON.stringify(en, null, 2)}\n`);
for (const locale of ['de', 'fr', 'it']) {
  let trads: Record<string, string> = {};
  try {
    trads = JSON.parse(readFileSync(file(locale), 'utf8')) as Record<string, string>;
  } catch {
    // not written yet
  }
  const missing = Object.keys(en).filter((k) => !(k in trads));
  const unused = Object.keys(trads).filter((k) => !(k in en));
  console.log(`${locale}: ${missing.length} missing, ${unused.length} unused`);
  if (process.argv.includes('--missing')) for (const k of missing) console.log(`  ${k}\t${en[k]}`);
}
