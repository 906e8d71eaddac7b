export * from './confluence';
export * from './directory';
export * from './errors';
export * from './runtime';
export * from './scan';
export * from './service-desks';
export * from './site';
export * from './stores';
