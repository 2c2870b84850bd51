/**
 * What a query reads as data, found with the official lexer (never by text search, so comments and look-alike
 * text do not count): the watchlists it opens with _GetWatchlist("alias"), and its string literals (tunable keys
 * such as "PasswordSpray.MinAccounts" are string literals compared with the tunables watchlist's SearchKey).
 * Tokens suffice for both and lexing is far cheaper than a full parse of every query.
 */
import { kusto } from '../kusto/language.js';

export interface QueryRefs { watchlists: Set<string>; strings: Set<string> }

let kinds: { str: number; ident: number; open: number } | undefined;

export function queryRefs(query: string): QueryRefs {
  const K = kusto();
  kinds ??= { str: K.Syntax.SyntaxKind.StringLiteralToken, ident: K.Syntax.SyntaxKind.IdentifierToken, open: K.Syntax.SyntaxKind.OpenParenToken };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const tokens: any[] = K.Parsing.TokenParser.ParseTokens(query);
  const refs: QueryRefs = { watchlists: new Set(), strings: new Set() };
  const value = (t: { Text: string }) => String(K.KustoFacts.GetStringLiteralValue(t.Text));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.Kind === kinds.str) refs.strings.add(value(t));
    if (t.Kind === kinds.ident && t.Text === '_GetWatchlist' && tokens[i + 1]?.Kind === kinds.open && tokens[i + 2]?.Kind === kinds.str) refs.watchlists.add(value(tokens[i + 2]));
  }
  return refs;
}
