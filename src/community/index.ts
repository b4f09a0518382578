export * from './solar-split';
export * from './interval-table';
export * from './community-split';
export * from './price-cap';
export * from './community-record';
export * from './split-accumulator';
export * from './figures-query';
