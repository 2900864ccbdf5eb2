export * from './units';
export * from './users';
export * from './auth';
export * from './imports';
export * from './quiz';
export * from './essays';
export * from './insights';
export * from './certificates';
