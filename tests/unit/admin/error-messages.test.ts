import { describeErrorBody } from '../../../admin/api/error-messages';
import { parseDecimalInput, makeFormatter } from '../../../admin/utils/format';
import { translator } from '../../helpers/admin-intl';

/**
 * The admin's wording of server errors, with react-intl and the real
 * catalogues (what useT does inside the admin): a known code is translated with
 * its params, an unknown one keeps the server's message, and a field is named by
 * its label — never by its API path.
 */
const notFound = {
  status: 404,
  name: 'NotFoundError',
  message: 'Billing point "abc123" was not found',
  details: { id: 'abc123', code: 'not-found', params: { entity: 'billing-point', id: 'abc123' } },
};

test('a known code is worded in the interface language, with its params', () => {
  expect(describeErrorBody(notFound, translator('de')).message).toBe(
    'Abrechnungsstelle «abc123» wurde nicht gefunden',
  );
  expect(describeErrorBody(notFound, translator('fr')).message).toBe(
    'Point de facturation « abc123 » introuvable',
  );
  expect(describeErrorBody(notFound, translator('en')).message).toBe('Billing point “abc123” was not found');
});

test('calendar dates in params follow the locale; an open end reads "open"', () => {
  const overlap = {
    status: 409,
    name: 'ConflictError',
    message: 'The billing point is already occupied by Clara Rossi (…)',
    details: {
      code: 'occupancy-overlap',
      params: { occupant: 'Clara Rossi', from: '2030-01-01', to: '2030-12-31', earliest: '2031-01-01' },
    },
  };
  const de = describeErrorBody(overlap, translator('de')).message;
  expect(de).toContain('von Clara Rossi belegt (01.01.2030 – 31.12.2030)');
  expect(de).toContain('frühestens am 01.01.2031 einziehen');
  const open = {
    ...overlap,
    details: { ...overlap.details, params: { ...overlap.details.params, to: null, earliest: 'none' } },
  };
  const it = describeErrorBody(open, translator('it')).message;
  expect(it).toContain('occupato da Clara Rossi (1 gen 2030 – aperto)');
  expect(it).not.toContain('al più presto');
});

test('a cost-import line outcome is worded by its code: a duplicate in French, a refused category in German', () => {
  const duplicate = {
    name: 'duplicate',
    message: 'This building already has heating-energy of 1000 on 2030-01-15 from Seeland Oil AG',
    details: {
      code: 'cost-item-duplicate',
      params: {
        category: 'heating-energy',
        amount: '1000',
        date: '2030-01-15',
        hasSupplier: 'yes',
        supplier: 'Seeland Oil AG',
      },
    },
  };
  expect(describeErrorBody(duplicate, translator('fr')).message).toBe(
    'Ces frais sont déjà saisis pour cet immeuble : heating-energy, 1000 du 15 janv. 2030 de Seeland Oil AG. Ils ne sont pas enregistrés une seconde fois.',
  );
  const withoutSupplier = {
    ...duplicate,
    details: {
      ...duplicate.details,
      params: { ...duplicate.details.params, hasSupplier: 'no', supplier: '' },
    },
  };
  expect(describeErrorBody(withoutSupplier, translator('en')).message).toBe(
    'This building already has this cost: heating-energy, 1000 on Jan 15, 2030. It is not stored again.',
  );
  const unknown = {
    name: 'rejected',
    message: 'Category "firewood" is neither a default category nor defined by a scheme of this building',
    details: {
      code: 'cost-item-unknown-category',
      params: { category: 'firewood' },
      errors: [{ path: ['category'], message: 'Category "firewood" is neither …' }],
    },
  };
  expect(describeErrorBody(unknown, translator('de')).message).toBe(
    'Die Kostenart «firewood» ist weder eine Standardkostenart noch in einem Verteilschlüssel dieser Liegenschaft definiert.',
  );
});

test('an unknown code keeps the server’s English message', () => {
  const body = {
    status: 409,
    name: 'ConflictError',
    message: 'Something specific',
    details: { code: 'conflict' },
  };
  expect(describeErrorBody(body, translator('de')).message).toBe('Something specific');
});

test('field problems are named by label, never by the API path', () => {
  const body = {
    status: 400,
    name: 'ValidationError',
    message: 'unitPrice: Invalid input: expected string, received number',
    details: {
      code: 'validation',
      errors: [
        {
          path: ['unitPrice'],
          message: 'Invalid input: expected string, received number',
          code: 'invalid_type',
        },
        { path: ['address', 'postalCode'], message: 'Too long', code: 'too_big' },
      ],
    },
  };
  const de = describeErrorBody(body, translator('de'));
  expect(de.message).toBe('Einheitspreis: fehlt oder hat die falsche Art (und 1 weiteres Problem)');
  // A nested problem is kept under its top field and under its whole path, so a form can
  // show it beside the exact input (an address's postal code, a component's band price).
  expect(de.fieldErrors).toEqual({
    unitPrice: 'fehlt oder hat die falsche Art',
    address: 'zu gross oder zu lang',
    'address.postalCode': 'zu gross oder zu lang',
  });
  const en = describeErrorBody(body, translator('en'));
  expect(en.message).toBe('Unit price: Invalid input: expected string, received number (and 1 more problem)');
  expect(en.message).not.toContain('unitPrice');
});

test('a rate component’s band price problem is named by its label and kept at its path', () => {
  const body = {
    status: 400,
    name: 'ValidationError',
    message: 'Component band prices must be a plain decimal number',
    details: {
      code: 'validation',
      errors: [
        {
          path: ['components', '1', 'bandPrices', 'HT'],
          message: 'Component band prices must be a plain decimal number',
          code: 'custom',
        },
      ],
    },
  };
  const de = describeErrorBody(body, translator('de'));
  expect(de.fieldErrors['components.1.bandPrices.HT']).toBe(
    'Component band prices must be a plain decimal number',
  );
  expect(de.message).toContain('Preise je Tarifzeit');
  expect(de.message).not.toContain('components.1');
});

test('money keeps its currency and every digit; numbers and dates follow the Swiss locale', () => {
  const de = makeFormatter('de', translator('de'));
  expect(de.money('1234.5', 'CHF').replace(/\s/g, ' ')).toMatch(/^CHF 1['’]234\.50$/);
  expect(de.money('0.2534', 'CHF').replace(/\s/g, ' ')).toBe('CHF 0.2534');
  expect(de.date('2026-12-02')).toBe('02.12.2026');
  const fr = makeFormatter('fr', translator('fr'));
  expect(fr.money('1234.5', 'CHF').replace(/\s/g, ' ')).toBe('1 234.50 CHF');
  expect(fr.dateRange('2026-01-01', null)).toBe('depuis le 1 janv. 2026');
});

test('a decimal comma is accepted where the locale writes one', () => {
  expect(parseDecimalInput('3,25', 'de')).toBe('3.25');
  expect(parseDecimalInput('3,25', 'fr')).toBe('3.25');
  expect(parseDecimalInput('3,25', 'it')).toBe('3.25');
  expect(parseDecimalInput('1’234,5', 'de')).toBe('1234.5');
  expect(parseDecimalInput('1 234,50', 'fr')).toBe('1234.50');
  expect(parseDecimalInput('3.25', 'de')).toBe('3.25');
  expect(parseDecimalInput('1,234', 'en')).toBe('1,234');
});

test('an instant is shown in the zone the data belongs to, and says which', () => {
  const de = makeFormatter('de', translator('de'));
  expect(de.dateTime('2026-12-02T06:33:00.000Z', 'UTC')).toBe('02.12.2026, 06:33 (UTC)');
  expect(de.dateTime('2026-12-02T06:33:00.000Z', 'Europe/Zurich')).toBe('02.12.2026, 07:33 (Europe/Zurich)');
});

test('a refused rate change and a refused calendar change are worded in the editor’s language', () => {
  const rateUsed = {
    status: 409,
    name: 'ConflictError',
    message:
      'Rate r1 was used by finalized charge run run1 (2024-06-01 – 2024-06-30), so it cannot be changed; …',
    details: {
      code: 'rate-used',
      params: { runStatus: 'finalized', action: 'changed', from: '2024-06-01', to: '2024-06-30' },
    },
  };
  const de = describeErrorBody(rateUsed, translator('de')).message;
  expect(de).toContain('Dieser Tarif kann nicht geändert werden: Ein abgeschlossener Abrechnungslauf');
  expect(de).toContain('«Preise ändern»');
  expect(de).not.toContain('2024-06-01');
  const fr = describeErrorBody(
    {
      ...rateUsed,
      details: {
        ...rateUsed.details,
        params: { ...rateUsed.details.params, action: 'deleted', runStatus: 'draft' },
      },
    },
    translator('fr'),
  ).message;
  expect(fr).toContain('Ce tarif ne peut pas être supprimé : une facturation en brouillon');
  const it = describeErrorBody(
    {
      status: 409,
      name: 'ConflictError',
      message: 'Tariff calendar EKZ-HTNT prices rates that the new schedule would break: …',
      details: {
        code: 'calendar-breaks-rates',
        params: { calendar: 'EKZ-HTNT', rates: 'Smart meter tariff HT/NT (2018-01-01)' },
      },
    },
    translator('it'),
  ).message;
  expect(it).toBe(
    'Il calendario tariffario EKZ-HTNT non può essere modificato così: Smart meter tariff HT/NT (2018-01-01) avrebbero una fascia senza prezzo o un prezzo senza fascia. Adeguate prima queste tariffe.',
  );
});

test('a finalized settlement period and other allocation refusals are worded from their codes', () => {
  const locked = {
    status: 409,
    name: 'ConflictError',
    message:
      'The period 2023-01-01 – 2023-12-31 of this building is finalized in settlement run r1; void it to change its costs',
    details: {
      run: 'r1',
      code: 'period-finalized',
      params: { from: '2023-01-01', to: '2023-12-31', run: 'r1', what: 'costs' },
    },
  };
  expect(describeErrorBody(locked, translator('de')).message).toBe(
    'Die Periode 01.01.2023 – 31.12.2023 dieses Gebäudes ist abgeschlossen (Abrechnung r1). Ihre Kosten können erst geändert werden, wenn diese Abrechnung storniert ist.',
  );
  expect(describeErrorBody(locked, translator('fr')).message).toBe(
    'La période du 1 janv. 2023 au 31 déc. 2023 de cet immeuble est clôturée (décompte r1). Ses charges ne peuvent être modifiées qu’après l’annulation de ce décompte.',
  );
  const exceptions = {
    status: 409,
    name: 'ConflictError',
    message: 'Settlement run r1 cannot be finalized: 2 exception(s), 1000.00 CHF not allocated. …',
    details: {
      code: 'settlement-has-exceptions',
      params: { run: 'r1', count: 2, unallocated: '1000.00', currency: 'CHF' },
    },
  };
  expect(describeErrorBody(exceptions, translator('it')).message).toBe(
    'Questo conteggio non può ancora essere finalizzato: 2 eccezioni, 1000.00 CHF non ripartiti. Risolvetele e rieseguite il conteggio.',
  );
  const zero = {
    status: 400,
    name: 'ValidationError',
    message: 'Category "caretaking" is shared by value quota (‰), but that key sums to 0 …',
    details: {
      code: 'allocation-key-zero',
      params: { category: 'caretaking', key: 'value-quota' },
      errors: [{ path: ['schemes', 'caretaking'], message: 'Key "value-quota" sums to 0' }],
    },
  };
  expect(describeErrorBody(zero, translator('de')).message).toContain(
    'Die Kostenart caretaking wird nach Wertquote (‰) verteilt, doch dieser Schlüssel ergibt',
  );
  const duplicate = {
    status: 409,
    name: 'ConflictError',
    message: 'Allocation keys already exists (k1); change that one instead',
    details: { existing: 'k1', code: 'allocation-duplicate', params: { entity: 'allocation-keys' } },
  };
  expect(describeErrorBody(duplicate, translator('fr')).message).toBe(
    'Clés de répartition existe déjà pour cet élément ; modifiez plutôt l’existant.',
  );
});
