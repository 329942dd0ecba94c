import { ApiError, codeOf, type GraphQLError } from './api.js';
import { h } from './dom.js';

/** What a failure has to say: each GraphQL error with its code and message, or the exception's text. */
export function errorsOf(error: unknown): GraphQLError[] {
  if (error instanceof ApiError) return [...error.errors];
  return [{ message: error instanceof Error ? error.message : String(error), extensions: { code: 'CLIENT_ERROR' } }];
}

/** A hint for the codes a user can do something about. */
function hintFor(code: string): string | null {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'Paste a valid bearer token in the field at the top and save it.';
    case 'FORBIDDEN':
      return 'The token lacks a scope this view needs (personal data needs pii:read).';
    case 'NETWORK_ERROR':
      return 'Is the gateway running?';
    default:
      return null;
  }
}

/** An error box: one line per error, code first, then message (and the path, for partial results). */
export function errorBox(error: unknown, context?: string): HTMLElement {
  const errors = errorsOf(error);
  const hints = [...new Set(errors.map((item) => hintFor(codeOf(item))).filter((hint): hint is string => hint !== null))];
  return h(
    'div',
    { class: 'error', role: 'alert' },
    context === undefined ? null : h('strong', {}, context),
    h(
      'ul',
      {},
      ...errors.map((item) =>
        h(
          'li',
          {},
          h('code', { class: 'error-code' }, codeOf(item)),
          ' ',
          h('span', { class: 'error-message' }, item.message),
          item.path === undefined ? null : h('span', { class: 'muted' }, ` (at ${item.path.join('.')})`),
        ),
      ),
    ),
    ...hints.map((hint) => h('p', { class: 'hint' }, hint)),
  );
}
