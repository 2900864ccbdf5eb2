export const entriesLackingJudges = (..._: unknown[]): unknown => { throw new Error('todo'); };
export const reopenScore = (..._: unknown[]): unknown => { throw new Error('todo'); };
export const replaceJudge = (..._: unknown[]): unknown => { throw new Error('todo'); };
