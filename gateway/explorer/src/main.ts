import './style.css';
import { h, replace } from './dom.js';
import { liveMarker } from './live.js';
import { profilePage, type ProfilePage } from './profile.js';
import { searchView } from './search.js';
import { onTokenChange, tokenForm } from './token.js';

/**
 * The Customer 360 explorer: a search page and a profile page, chosen by the location hash
 * (#/search?q=…, #/person/<id>), so every view has a link and the back button works.
 */
const main = h('main', { id: 'view' });
const header = h(
  'header',
  { class: 'app-header' },
  h('a', { href: '#/', class: 'brand' }, 'Customer 360'),
  h('nav', {}, h('a', { href: '#/', id: 'nav-search' }, 'Search')),
  liveMarker(),
  tokenForm(),
);
document.body.replaceChildren(header, main);

let page: ProfilePage | null = null;

function route(): void {
  page?.dispose();
  page = null;
  const hash = window.location.hash.replace(/^#/, '');
  const person = /^\/person\/(.+)$/.exec(hash);
  if (person?.[1] !== undefined) {
    page = profilePage(decodeURIComponent(person[1]));
    replace(main, page.element);
    document.title = 'Customer 360 · profile';
    return;
  }
  const params = new URLSearchParams(hash.startsWith('/search?') ? hash.slice('/search?'.length) : '');
  replace(main, searchView(params.get('q') ?? '', params.get('type') ?? 'ANY'));
  document.title = 'Customer 360 · search';
  main.querySelector<HTMLInputElement>('#search-input')?.focus();
}

window.addEventListener('hashchange', route);
// A different token may see different data: draw the current view again.
onTokenChange(route);
route();
