import documentIssuers from './document-issuers';
import invoiceDocuments from './invoice-documents';
import invoiceNumbers from './invoice-numbers';

/** The billing documents' services (numbers, issuers, PDFs, delivery), spread into services/index.ts. */
export const documentServices = {
  'invoice-numbers': invoiceNumbers,
  'document-issuers': documentIssuers,
  'invoice-documents': invoiceDocuments,
};
