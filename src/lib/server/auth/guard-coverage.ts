import ts from 'typescript';

export const ANY_GUARD = new Set([
	'requireUser',
	'requireRole',
	'requireOrganizer',
	'requireContestOrganizer',
	'requireLeader',
	'requireLeaderContest'
]);
/** Pages about one contest: only the guard that checks the organizer's scope lets anyone in. */
export const CONTEST_GUARD = new Set(['requireContestOrganizer']);
/** Unit leader pages about one contest: only the guard that checks the contest is open to the leader's units. */
export const LEADER_CONTEST_GUARD = new Set(['requireLeaderContest']);
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'fallback']);

/** Whether the first statement of a function is (or awaits, or assigns from) a guard call. */
function startsWithGuard(fn: ts.FunctionLikeDeclaration, guards: Set<string>): boolean {
	const body = fn.body;
	if (!body) return false;
	if (!ts.isBlock(body)) return false;
	const first = body.statements[0];
	if (!first) return false;
	let found = false;
	const visit = (node: ts.Node) => {
		if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && guards.has(node.expression.text))
			found = true;
		if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
	};
	visit(first);
	return found;
}

function functionOf(node: ts.Node | undefined): ts.FunctionLikeDeclaration | undefined {
	if (!node) return undefined;
	if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node))
		return node;
	if (ts.isMethodDeclaration(node)) return node;
	if (ts.isSatisfiesExpression(node) || ts.isAsExpression(node) || ts.isParenthesizedExpression(node))
		return functionOf(node.expression);
	return undefined;
}

/**
 * The handlers of a server route file (load, each action, each HTTP method) that do not call one of `guards`
 * (any of requireUser/requireRole/requireOrganizer/requireContestOrganizer by default) as their first statement.
 * Returns their names.
 */
export function unguardedHandlers(source: string, fileName = 'file.ts', guards = ANY_GUARD): string[] {
	const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const missing: string[] = [];
	const check = (name: string, node: ts.Node | undefined) => {
		const fn = functionOf(node);
		if (!fn || !startsWithGuard(fn, guards)) missing.push(name);
	};
	for (const statement of file.statements) {
		const exported = ts
			.getModifiers(statement as ts.HasModifiers)
			?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
		if (!exported) continue;
		if (ts.isFunctionDeclaration(statement) && statement.name) {
			const name = statement.name.text;
			if (name === 'load' || HTTP_METHODS.has(name)) check(name, statement);
		}
		if (ts.isVariableStatement(statement)) {
			for (const decl of statement.declarationList.declarations) {
				if (!ts.isIdentifier(decl.name)) continue;
				const name = decl.name.text;
				if (name === 'load' || HTTP_METHODS.has(name)) check(name, decl.initializer);
				if (name === 'actions') {
					let init = decl.initializer;
					while (init && (ts.isSatisfiesExpression(init) || ts.isAsExpression(init))) init = init.expression;
					if (!init || !ts.isObjectLiteralExpression(init)) {
						missing.push('actions');
						continue;
					}
					for (const prop of init.properties) {
						const key = prop.name && ts.isIdentifier(prop.name) ? prop.name.text : '?';
						if (ts.isPropertyAssignment(prop)) check(`actions.${key}`, prop.initializer);
						else if (ts.isMethodDeclaration(prop)) check(`actions.${key}`, prop);
						else missing.push(`actions.${key}`);
					}
				}
			}
		}
	}
	return missing;
}
