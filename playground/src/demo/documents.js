/**
 * Demo billing documents: the issuer printed on the Lakeside Residence's invoices
 * (Immo Léman SA, Lausanne, with a QR-IBAN, so every CHF invoice carries a QR-bill)
 * and the residents' languages — German for Hans Blumer, Anna Meier, Ben Keller and
 * Sara Weber, French for Marc Favre, Luc Dubois and the bakery, Italian for Clara
 * Rossi and Giulia Bianchi (and Luc Dubois an e-mail address). Finalizing the demo run numbers its invoices, and each
 * PDF is in its party's language. E-mail goes out when the deployment names a mail
 * server (UTILITIES_SMTP_URL, UTILITIES_SMTP_FROM) or an admin sets one up.
 *
 * Idempotent and polite: the issuer is written only while none is stored, a language
 * only where a party has none, so an admin's changes survive the next start.
 */
const UID = (name) => `plugin::utilities.${name}`;

const ISSUER = {
  name: 'Immo Léman SA',
  address: {
    street: 'Avenue de la Gare',
    buildingNumber: '12',
    postalCode: '1003',
    town: 'Lausanne',
    country: 'CH',
  },
  vatNumber: 'CHE-123.456.789 TVA',
  iban: 'CH44 3199 9123 0008 8901 2',
  paymentTermsDays: 30,
  footer: 'Questions / Fragen: gerance@immo-leman.example · +41 21 555 10 00',
  defaultLanguage: 'fr',
};

const LANGUAGES = {
  'Hans Blumer': 'de',
  'Anna Meier': 'de',
  'Ben Keller': 'de',
  'Sara Weber': 'de',
  'Marc Favre': 'fr',
  'Luc Dubois': 'fr',
  'Boulangerie du Lac Sàrl': 'fr',
  'Clara Rossi': 'it',
  'Giulia Bianchi': 'it',
};

async function seedDocuments(strapi) {
  const plugin = strapi.plugin('utilities');
  const building = await strapi.documents(UID('building')).findFirst({ filters: { code: 'DEMO-LAKE' } });
  if (!building) return;
  const issuers = plugin.service('document-issuers');
  if (!(await issuers.get()).default.name) await issuers.putDefault(ISSUER);
  let set = 0;
  for (const [displayName, language] of Object.entries(LANGUAGES)) {
    const party = await strapi.db.query(UID('party')).findOne({ where: { displayName } });
    if (!party || party.language) continue;
    // Luc Dubois gets an address too, so a French e-mail goes out beside the German ones.
    const email = displayName === 'Luc Dubois' && !party.email ? { email: 'luc.dubois@example.com' } : {};
    await strapi.db.query(UID('party')).update({ where: { id: party.id }, data: { language, ...email } });
    set++;
  }
  strapi.log.info(`[demo] documents: issuer ${ISSUER.name}, ${set} residents' languages set`);
}

module.exports = { seedDocuments };
