// The question bank: topics, questions as immutable versions, listing and search, bulk import. Functions take a
// database (or transaction) handle and plain values, and answer error codes, not sentences. The code lives in
// bank/; everything is re-exported here so that callers may keep importing this module.

export type { Result } from './bank/common';
export { checkQuestion, type InvalidQuestion, type QuestionInput } from './bank/content';
export * from './bank/topics';
export * from './bank/questions';
export * from './bank/import';
