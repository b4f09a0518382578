import { documentFileName, documentFileNames } from '../../../src/documents/document-file-names';

describe('file names of a run’s documents', () => {
  test('a document is named by its number, unsafe characters replaced', () => {
    expect(documentFileName('2026-000123')).toBe('2026-000123.pdf');
    expect(documentFileName('RG 2026/12')).toBe('RG_2026_12.pdf');
    expect(documentFileName('../x')).toBe('.._x.pdf');
  });

  test('a number two issuers share is told apart by the billing point; the others stay plain', () => {
    expect(
      documentFileNames([
        { number: '2026-000022', billingPointCode: 'ZH1-01' },
        { number: '2026-000023', billingPointCode: 'ZH1-02' },
        { number: '2026-000022', billingPointCode: 'LS1-01' },
        // Equal only once "/" and " " are replaced.
        { number: 'A/1', billingPointCode: 'P 1' },
        { number: 'A 1', billingPointCode: 'P/1' },
      ]),
    ).toEqual([
      '2026-000022-ZH1-01.pdf',
      '2026-000023.pdf',
      '2026-000022-LS1-01.pdf',
      'A_1-P_1.pdf',
      'A_1-P_1-2.pdf',
    ]);
  });
});
