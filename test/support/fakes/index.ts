export * from './fake-runtime';
export * from './fake-site';
export * from './fake-stores';
export * from './world';
export * from './scenarios';
export * from './expect-ok';
