import creditNotes from './credit-notes';
import documentEvents from './document-events';
import documentIssuers from './document-issuers';
import emailSettings from './email-settings';
import invoiceDelivery from './invoice-delivery';
import invoiceDocuments from './invoice-documents';
import invoiceNumbers from './invoice-numbers';
import runDocuments from './run-documents';

/** The billing documents' services (numbers, issuers, PDFs, delivery), spread into services/index.ts. */
export const documentServices = {
  'invoice-numbers': invoiceNumbers,
  'document-issuers': documentIssuers,
  'invoice-documents': invoiceDocuments,
  'email-settings': emailSettings,
  'invoice-delivery': invoiceDelivery,
  'document-events': documentEvents,
  'credit-notes': creditNotes,
  'run-documents': runDocuments,
};
