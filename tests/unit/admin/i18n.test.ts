import { readFileSync } from 'node:fs';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import path from 'node:path';
import { ADMIN, scanAdmin } from '../../helpers/admin-messages';

/**
 * The admin's catalogues against its source: every message the source declares
 * is in en, de, fr and it (en word for word the English default), no catalogue
 * keeps a key the source no longer uses, and no JSX holds a user-facing literal.
 */
const LOCALES = ['en', 'de', 'fr', 'it'] as const;
const catalogue = (locale: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(ADMIN, 'translations', `${locale}.json`), 'utf8'));

const { messages, literals, problems } = scanAdmin();
const declared = new Map<string, string>();
const clashes: string[] = [];
for (const m of messages) {
  const key = m.id;
  const seen = declared.get(key);
  if (seen !== undefined && seen !== m.defaultMessage) clashes.push(`${key} (${m.file})`);
  declared.set(key, m.defaultMessage);
}

test('the source declares its messages with literal ids and one English text per id', () => {
  expect(messages.length).toBeGreaterThan(250);
  expect(problems).toEqual([]);
  expect(clashes).toEqual([]);
});

test('no JSX holds a user-facing literal string', () => {
  expect(literals.map((l) => `${l.file}:${l.line}: ${l.text}`)).toEqual([]);
});

test('en.json is the source’s English, key for key', () => {
  expect(catalogue('en')).toEqual(Object.fromEntries([...declared].sort(([a], [b]) => a.localeCompare(b))));
});

test.each(LOCALES.filter((l) => l !== 'en'))('%s.json has every key and no other', (locale) => {
  const keys = Object.keys(catalogue(locale)).sort();
  expect(keys).toEqual([...declared.keys()].sort());
  for (const [key, text] of Object.entries(catalogue(locale))) {
    expect([key, typeof text === 'string' && text.trim().length > 0]).toEqual([key, true]);
  }
});

test('each translation keeps the English text’s placeholders', () => {
  // The ICU arguments a message uses ({name}, {count, plural, …}), read by react-intl's own parser.
  const names = (elements: MessageFormatElement[], into = new Set<string>()): Set<string> => {
    for (const element of elements) {
      if ('value' in element && typeof element.value === 'string' && element.type !== TYPE.literal)
        into.add(element.value);
      if ('options' in element)
        for (const option of Object.values(element.options)) names(option.value, into);
      if ('children' in element) names(element.children, into);
    }
    return into;
  };
  const placeholders = (text: string) => [...names(parse(text))].sort();
  for (const locale of LOCALES) {
    const trads = catalogue(locale);
    const off = [...declared].filter(
      ([key, en]) => trads[key] && placeholders(trads[key]).join() !== placeholders(en).join(),
    );
    expect([locale, off.map(([key]) => key)]).toEqual([locale, []]);
  }
});
