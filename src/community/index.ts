export * from './solar-split';
export * from './interval-table';
export * from './community-split';
export * from './price-cap';
