import { h } from './dom.js';

/**
 * The bearer token for authenticated deployments, kept in localStorage. It is sent as
 * `Authorization: Bearer …` on HTTP and as `{ authorization: "Bearer …" }` in graphql-ws
 * connection_init, which is what the gateway checks on each. A dev-mode stack needs none.
 */
const STORAGE_KEY = 'cdp-explorer-token';

type Listener = (token: string | null) => void;
const listeners = new Set<Listener>();

export function getToken(): string | null {
  try {
    const token = localStorage.getItem(STORAGE_KEY);
    return token === null || token.trim() === '' ? null : token.trim();
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  const value = token?.trim().replace(/^Bearer\s+/i, '') ?? '';
  if (value === '') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, value);
  for (const listener of listeners) listener(getToken());
}

export function onTokenChange(listener: Listener): void {
  listeners.add(listener);
}

/** The Authorization header value, or null when there is no token. */
export function authorization(): string | null {
  const token = getToken();
  return token === null ? null : `Bearer ${token}`;
}

/** The token form in the header: a password field, Save and Forget. */
export function tokenForm(): HTMLElement {
  const input = h('input', {
    id: 'token-input',
    type: 'password',
    placeholder: getToken() === null ? 'Bearer token (optional)' : 'Token saved — paste to replace',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': 'Bearer token',
  });
  const status = h('span', { id: 'token-status', class: 'muted' }, getToken() === null ? 'no token' : 'token saved');
  const save = h('button', { type: 'submit', id: 'token-save' }, 'Save');
  const forget = h('button', { type: 'button', id: 'token-forget', class: 'secondary' }, 'Forget');
  const form = h('form', { id: 'token-form', class: 'token-form' }, input, save, forget, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(input.value);
    input.value = '';
  });
  forget.addEventListener('click', () => setToken(null));
  onTokenChange((token) => {
    status.textContent = token === null ? 'no token' : 'token saved';
    input.placeholder = token === null ? 'Bearer token (optional)' : 'Token saved — paste to replace';
  });
  return form;
}
