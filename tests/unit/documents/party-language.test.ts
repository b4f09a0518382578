import { parsePartyCreate, parsePartyUpdate } from '../../../src/billing/party';

describe('a party names the language of its documents', () => {
  const anna = { kind: 'natural', firstName: 'Anna', lastName: 'Amsler' } as const;

  test('de, fr, it or en; none means the issuer default', () => {
    expect(parsePartyCreate({ ...anna, language: 'fr' }).language).toBe('fr');
    expect(parsePartyCreate(anna).language).toBeNull();
    expect(parsePartyCreate({ ...anna, language: null }).language).toBeNull();
  });

  test.each(['FR', 'rm', 'de-CH', '', 1, ['de']])('%j is refused with the field named', (language) => {
    expect(() => parsePartyCreate({ ...anna, language })).toThrow(
      /language: Language must be one of de, fr, it, en/,
    );
  });

  test('an update changes only the language', () => {
    const stored = parsePartyCreate(anna);
    expect(parsePartyUpdate({ language: 'it' }, stored)).toEqual({ language: 'it' });
  });
});
