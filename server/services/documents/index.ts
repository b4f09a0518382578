import invoiceNumbers from './invoice-numbers';

/** The billing documents' services (numbers, issuers, PDFs, delivery), spread into services/index.ts. */
export const documentServices = {
  'invoice-numbers': invoiceNumbers,
};
