import type { AllocationKey } from '../allocation/keys';
import type { DocumentLanguage } from './languages';

/**
 * The words of the annual service-charge settlement (Nebenkostenabrechnung /
 * décompte de charges / conteggio delle spese accessorie) as a Swiss property
 * manager writes them; the words it shares with the invoice (VAT no., billing
 * point, building …) come from labels.ts. Every language has every key: the
 * type below refuses a catalogue that misses one.
 */
const SETTLEMENT_LABELS = {
  en: {
    title: 'Service-charge settlement',
    draft: 'DRAFT',
    period: 'Accounting period',
    yourPeriod: 'Your period',
    days: '{days} of {total} days',
    asOwner: 'Vacancy, borne by the owner',
    date: 'Date',
    category: 'Cost category / allocation key',
    percent: 'Share',
    yourUnits: 'Your units',
    totalUnits: 'Total units',
    buildingCost: 'Building cost',
    unitCost: 'Your unit’s share',
    yourShare: 'Your share',
    group: 'Cost group',
    cost: 'Your costs',
    advances: 'Advance payments',
    balance: 'Balance',
    toPay: 'Balance due from you',
    toRefund: 'Credit in your favour',
    settled: 'Settled: nothing to pay and nothing to refund',
    payNote: 'Please pay the balance within 30 days using the payment part below.',
    payNoteNoSlip: 'Please pay the balance within 30 days.',
    refundNote:
      'We will refund the credit in your favour to your account or set it against your next advance payments.',
    estimated: 'Consumption partly estimated:',
    estimatedDetail:
      '{key}: no figure for {days} days ({ranges}), estimated at {estimate} from the heated area',
    groupHeating: 'Heating and hot water',
    groupOperating: 'Operating costs',
  },
  de: {
    title: 'Nebenkostenabrechnung',
    draft: 'ENTWURF',
    period: 'Abrechnungsperiode',
    yourPeriod: 'Ihre Mietdauer',
    days: '{days} von {total} Tagen',
    asOwner: 'Leerstand, zulasten der Eigentümerschaft',
    date: 'Datum',
    category: 'Kostenart / Verteilschlüssel',
    percent: 'Anteil',
    yourUnits: 'Ihre Einheiten',
    totalUnits: 'Total Einheiten',
    buildingCost: 'Kosten Liegenschaft',
    unitCost: 'Anteil Ihres Objekts',
    yourShare: 'Ihr Anteil',
    group: 'Kostengruppe',
    cost: 'Ihre Kosten',
    advances: 'Akontozahlungen',
    balance: 'Saldo',
    toPay: 'Saldo zu Ihren Lasten',
    toRefund: 'Guthaben zu Ihren Gunsten',
    settled: 'Ausgeglichen: weder Nachzahlung noch Rückerstattung',
    payNote: 'Bitte überweisen Sie den Saldo innert 30 Tagen mit dem untenstehenden Zahlteil.',
    payNoteNoSlip: 'Bitte überweisen Sie den Saldo innert 30 Tagen.',
    refundNote:
      'Das Guthaben überweisen wir Ihnen auf Ihr Konto oder verrechnen es mit Ihren nächsten Akontozahlungen.',
    estimated: 'Verbrauch teilweise geschätzt:',
    estimatedDetail:
      '{key}: {days} Tage ohne Messwert ({ranges}), geschätzt auf {estimate} nach beheizter Fläche',
    groupHeating: 'Heiz- und Warmwasserkosten',
    groupOperating: 'Betriebskosten',
  },
  fr: {
    title: 'Décompte de charges',
    draft: 'PROJET',
    period: 'Période de décompte',
    yourPeriod: 'Votre période de location',
    days: '{days} jours sur {total}',
    asOwner: 'Vacance, à la charge du propriétaire',
    date: 'Date',
    category: 'Type de frais / clé de répartition',
    percent: 'Part',
    yourUnits: 'Vos unités',
    totalUnits: 'Total des unités',
    buildingCost: 'Frais de l’immeuble',
    unitCost: 'Part de votre objet',
    yourShare: 'Votre part',
    group: 'Groupe de frais',
    cost: 'Vos frais',
    advances: 'Acomptes',
    balance: 'Solde',
    toPay: 'Solde en notre faveur',
    toRefund: 'Solde en votre faveur',
    settled: 'Soldé : ni paiement complémentaire ni remboursement',
    payNote:
      'Nous vous prions de régler le solde dans les 30 jours au moyen de la section paiement ci-dessous.',
    payNoteNoSlip: 'Nous vous prions de régler le solde dans les 30 jours.',
    refundNote:
      'Nous vous rembourserons le solde en votre faveur sur votre compte ou l’imputerons sur vos prochains acomptes.',
    estimated: 'Consommation en partie estimée :',
    estimatedDetail:
      '{key} : {days} jours sans relevé ({ranges}), estimé à {estimate} d’après la surface chauffée',
    groupHeating: 'Frais de chauffage et d’eau chaude',
    groupOperating: 'Frais d’exploitation',
  },
  it: {
    title: 'Conteggio delle spese accessorie',
    draft: 'BOZZA',
    period: 'Periodo di conteggio',
    yourPeriod: 'Il Suo periodo di locazione',
    days: '{days} giorni su {total}',
    asOwner: 'Sfitto, a carico della proprietà',
    date: 'Data',
    category: 'Tipo di spesa / chiave di riparto',
    percent: 'Quota',
    yourUnits: 'Sue unità',
    totalUnits: 'Totale unità',
    buildingCost: 'Spese dello stabile',
    unitCost: 'Quota del Suo oggetto',
    yourShare: 'Sua quota',
    group: 'Gruppo di spese',
    cost: 'Sue spese',
    advances: 'Acconti',
    balance: 'Saldo',
    toPay: 'Saldo a Suo carico',
    toRefund: 'Saldo a Suo favore',
    settled: 'Pareggiato: nessun conguaglio né rimborso',
    payNote: 'La preghiamo di versare il saldo entro 30 giorni con la sezione pagamento qui sotto.',
    payNoteNoSlip: 'La preghiamo di versare il saldo entro 30 giorni.',
    refundNote:
      'Le rimborseremo il saldo a Suo favore sul Suo conto o lo compenseremo con i prossimi acconti.',
    estimated: 'Consumo in parte stimato:',
    estimatedDetail:
      '{key}: {days} giorni senza lettura ({ranges}), stimato a {estimate} in base alla superficie riscaldata',
    groupHeating: 'Spese di riscaldamento e acqua calda',
    groupOperating: 'Spese d’esercizio',
  },
} as const satisfies Record<DocumentLanguage, Record<string, string>>;

export type SettlementLabelKey = keyof typeof SETTLEMENT_LABELS.en;
const CHECKED: Readonly<Record<DocumentLanguage, Readonly<Record<SettlementLabelKey, string>>>> =
  SETTLEMENT_LABELS;

/** The settlement label `key` in `language`, with `{name}` placeholders filled in. */
export function settlementLabel(
  language: DocumentLanguage,
  key: SettlementLabelKey,
  params: Record<string, string | number> = {},
): string {
  return CHECKED[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The keys as a statement names them, with their unit. */
const KEY_NAMES: Readonly<Record<DocumentLanguage, Readonly<Record<AllocationKey, string>>>> = {
  en: {
    area: 'Heated area (m²)',
    'value-quota': 'Value quota (‰)',
    persons: 'Persons',
    units: 'Units',
    heat: 'Heat meter (kWh)',
    'hot-water': 'Hot-water meter (m³)',
    'cold-water': 'Cold-water meter (m³)',
  },
  de: {
    area: 'Beheizte Fläche (m²)',
    'value-quota': 'Wertquote (‰)',
    persons: 'Personen',
    units: 'Einheiten',
    heat: 'Wärmezähler (kWh)',
    'hot-water': 'Warmwasserzähler (m³)',
    'cold-water': 'Kaltwasserzähler (m³)',
  },
  fr: {
    area: 'Surface chauffée (m²)',
    'value-quota': 'Quote-part (‰)',
    persons: 'Personnes',
    units: 'Unités',
    heat: 'Compteur de chaleur (kWh)',
    'hot-water': 'Compteur d’eau chaude (m³)',
    'cold-water': 'Compteur d’eau froide (m³)',
  },
  it: {
    area: 'Superficie riscaldata (m²)',
    'value-quota': 'Quota di valore (‰)',
    persons: 'Persone',
    units: 'Unità',
    heat: 'Contatore di calore (kWh)',
    'hot-water': 'Contatore acqua calda (m³)',
    'cold-water': 'Contatore acqua fredda (m³)',
  },
};

export const keyName = (language: DocumentLanguage, key: AllocationKey): string => KEY_NAMES[language][key];

/** The default categories' names (src/allocation/defaults.ts codes). */
const CATEGORY_NAMES: Readonly<Record<DocumentLanguage, Readonly<Record<string, string>>>> = {
  en: {
    'heating-energy': 'Heating energy',
    'heating-electricity': 'Heating electricity',
    maintenance: 'Heating maintenance',
    'hot-water': 'Hot water',
    'common-electricity': 'Common electricity',
    'water-sewage': 'Water and sewage',
    caretaking: 'Caretaking',
    other: 'Other',
  },
  de: {
    'heating-energy': 'Heizenergie',
    'heating-electricity': 'Betriebsstrom Heizung',
    maintenance: 'Wartung Heizung',
    'hot-water': 'Warmwasseraufbereitung',
    'common-electricity': 'Allgemeinstrom',
    'water-sewage': 'Wasser und Abwasser',
    caretaking: 'Hauswartung',
    other: 'Übrige Kosten',
  },
  fr: {
    'heating-energy': 'Énergie de chauffage',
    'heating-electricity': 'Électricité du chauffage',
    maintenance: 'Entretien du chauffage',
    'hot-water': 'Préparation de l’eau chaude',
    'common-electricity': 'Électricité des parties communes',
    'water-sewage': 'Eau et eaux usées',
    caretaking: 'Conciergerie',
    other: 'Autres frais',
  },
  it: {
    'heating-energy': 'Energia di riscaldamento',
    'heating-electricity': 'Elettricità del riscaldamento',
    maintenance: 'Manutenzione del riscaldamento',
    'hot-water': 'Preparazione dell’acqua calda',
    'common-electricity': 'Elettricità parti comuni',
    'water-sewage': 'Acqua e acque luride',
    caretaking: 'Custodia',
    other: 'Altre spese',
  },
};

/**
 * A category's printed name: a default category still named as the default is
 * printed in the party's language; a category the building named itself keeps
 * its name.
 */
export function categoryName(language: DocumentLanguage, code: string, storedName: string): string {
  return storedName === CATEGORY_NAMES.en[code] ? (CATEGORY_NAMES[language][code] ?? storedName) : storedName;
}

/** An advance group's printed name (the two default groups translated, another as stored). */
export function groupName(language: DocumentLanguage, group: string): string {
  if (group === 'heating') return settlementLabel(language, 'groupHeating');
  if (group === 'operating') return settlementLabel(language, 'groupOperating');
  return group;
}
