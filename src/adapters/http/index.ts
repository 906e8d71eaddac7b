export * from './headers';
export * from './limits';
export * from './pagination';
export * from './request';
