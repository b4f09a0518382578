export * from './tariff-calendar';
export * from './holidays';
export * from './band-clock';
export * from './band-split';
export * from './tariff-rate';
export * from './component-lines';
export * from './demand';
export * from './register-bands';
