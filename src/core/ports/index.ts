export * from './confluence';
export * from './directory';
export * from './runtime';
export * from './service-desks';
export * from './stores';
