import nlp from 'compromise';
import { identityConfig, normalizeIdentifier } from '@cdp/shared';
import type { Language, Mention } from './types.js';

/**
 * Mentions: e-mail addresses, phone numbers, order numbers, people and companies named in a
 * conversation. E-mail and phone mentions carry the Identifier key they would have as an
 * identifier (normalised by the same code identify uses), so they link to the profile holding
 * that key; companies named by a web domain or a business e-mail address carry `DOMAIN:<domain>`
 * and link to the organization with that domain. Names of people and companies come from
 * compromise (English) and from cue patterns in both languages ("mijn naam is", "meneer",
 * "Acme B.V."); they are reported but not linked, since a name identifies no one.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE_CANDIDATE = /(?:\+|\b00)?\d[\d ()./-]{6,}\d\b/g;
const ORDER = [
  /\b(?:order|bestelling|ordernummer|bestelnummer|order number|order no\.?|ordernr\.?)\s*(?:#|nr\.?|no\.?|number|nummer)?\s*:?\s*#?\s*([A-Z]{0,4}-?\d[\d-]{3,}\d)\b/gi,
  /(?:^|\s)#(\d{4,})\b/g,
  /\b((?:ORD|SO|BST)-?\d{4,})\b/g,
];
const DOMAIN = /\b(?:https?:\/\/)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|nl|be|de|org|net|io|eu|co\.uk|fr|shop|store))\b/gi;
const LEGAL_NAME = /\b((?:[A-Z][\w&'-]*[ \t]+){0,3}[A-Z][\w&'-]*)[ \t]+(B\.V\.|BV|N\.V\.|NV|Inc\.?|Ltd\.?|LLC|GmbH|Corp\.?|Corporation|Holding)(?![\w])/g;
const NAME = "[A-Z][a-zà-ÿ'-]+";
const NAME_PARTICLES = '(?:van der|van den|van de|van|de|der|den|ter|ten|te)';
/** A cue matched in any case, written as character classes so the name after it stays case-sensitive. */
function caseless(cue: string): string {
  return cue.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}
const CUES = [
  'my name is', 'this is', 'i am', "i'm", 'spoke to', 'spoke with', 'talked to', 'ask for', 'mijn naam is', 'ik ben', 'ik heet',
  'gesproken met', 'spreek ik met', 'collega', 'meneer', 'mevrouw', 'dhr\\.?', 'mevr\\.?', 'mr\\.?', 'mrs\\.?', 'ms\\.?',
];
const PERSON_CUE = new RegExp(
  `(?:^|[^\\p{L}])(?:${CUES.map(caseless).join('|')})[ \\t]+(${NAME}(?:[ \\t]+(?:${NAME_PARTICLES}[ \\t]+)?${NAME})?)`,
  'gu',
);
/** Consumer mail providers: an address there says nothing about the company someone works for. */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.nl', 'outlook.com', 'live.com', 'live.nl', 'yahoo.com', 'icloud.com',
  'me.com', 'msn.com', 'ziggo.nl', 'kpnmail.nl', 'planet.nl', 'home.nl', 'xs4all.nl', 'telfort.nl', 'gmx.com', 'proton.me', 'protonmail.com', 'example.com',
]);
/** Words that cue patterns catch but that are not names ("this is Urgent", "ik ben Boos"). */
const NOT_NAMES = new Set(['the', 'a', 'not', 'very', 'so', 'still', 'really', 'sorry', 'happy', 'calling', 'writing', 'niet', 'erg', 'heel', 'echt', 'blij', 'boos', 'bezig']);

function add(mentions: Mention[], seen: Set<string>, mention: Mention): void {
  const id = `${mention.kind}|${mention.key ?? mention.text.toLowerCase()}`;
  if (seen.has(id)) return;
  seen.add(id);
  mentions.push(mention);
}

function phoneKey(candidate: string): string | null {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 9 || digits.length > 15) return null;
  try {
    return normalizeIdentifier({ type: 'PHONE', value: candidate }, 'context', { phoneRegion: identityConfig().phoneRegion }).key;
  } catch {
    return null;
  }
}

function cleanName(raw: string): string | null {
  const name = raw.trim().replace(/[.,;:!?]+$/, '');
  const first = name.split(/\s+/)[0]?.toLowerCase() ?? '';
  return name.length < 2 || NOT_NAMES.has(first) ? null : name;
}

export function extractMentions(text: string, language: Language | null): Mention[] {
  const mentions: Mention[] = [];
  const seen = new Set<string>();
  // Spans already claimed (e-mails, order numbers) so their digits are not read as phones too.
  let rest = text;

  for (const match of text.matchAll(EMAIL)) {
    const address = match[0];
    add(mentions, seen, { kind: 'EMAIL', text: address, key: `EMAIL:${address.toLowerCase()}` });
    const domain = address.split('@')[1]?.toLowerCase() ?? '';
    if (!FREE_MAIL.has(domain)) add(mentions, seen, { kind: 'ORGANIZATION', text: domain, key: `DOMAIN:${domain}` });
    rest = rest.replace(address, ' ');
  }
  for (const pattern of ORDER) {
    for (const match of rest.matchAll(pattern)) {
      const number = (match[1] ?? '').toUpperCase();
      if (number === '') continue;
      add(mentions, seen, { kind: 'ORDER_NUMBER', text: number, key: `ORDER:${number}` });
      rest = rest.replace(match[0], ' ');
    }
  }
  for (const match of rest.matchAll(PHONE_CANDIDATE)) {
    const key = phoneKey(match[0]);
    if (key !== null) add(mentions, seen, { kind: 'PHONE', text: match[0].trim(), key });
  }
  for (const match of rest.matchAll(DOMAIN)) {
    const domain = (match[1] ?? '').toLowerCase();
    if (!FREE_MAIL.has(domain)) add(mentions, seen, { kind: 'ORGANIZATION', text: match[0], key: `DOMAIN:${domain}` });
  }
  for (const match of text.matchAll(LEGAL_NAME)) {
    add(mentions, seen, { kind: 'ORGANIZATION', text: match[0].trim(), key: null });
  }
  for (const match of text.matchAll(PERSON_CUE)) {
    const name = cleanName(match[1] ?? '');
    if (name !== null) add(mentions, seen, { kind: 'PERSON', text: name, key: null });
  }
  if (language === 'en') {
    const doc = nlp(text);
    for (const name of doc.people().out('array') as string[]) {
      const cleaned = cleanName(name);
      // Single given names from compromise are often false positives ("Hi Support"); cue patterns cover those.
      if (cleaned !== null && /\s/.test(cleaned) && !mentions.some((m) => m.kind === 'PERSON' && m.text.includes(cleaned))) {
        add(mentions, seen, { kind: 'PERSON', text: cleaned, key: null });
      }
    }
    for (const name of doc.organizations().out('array') as string[]) {
      const cleaned = name.trim().replace(/[.,;:!?]+$/, '');
      if (cleaned.length > 1 && !mentions.some((m) => m.kind === 'ORGANIZATION' && m.text.toLowerCase().includes(cleaned.toLowerCase()))) {
        add(mentions, seen, { kind: 'ORGANIZATION', text: cleaned, key: null });
      }
    }
  }
  return mentions;
}
