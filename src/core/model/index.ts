export * from './account';
export * from './action';
export * from './audit';
export * from './email';
export * from './finding';
export * from './person';
export * from './plan';
export * from './site';
