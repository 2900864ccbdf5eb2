/** How an initial password is printed and shown: "abcd efgh jkmn" (sign-in accepts it with or without spaces). */
export function formatInitialPassword(password: string): string {
	return password.replace(/(.{4})(?=.)/g, '$1 ');
}
