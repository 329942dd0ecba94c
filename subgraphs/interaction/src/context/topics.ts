import type { Language } from './types.js';

/**
 * Topics: what a conversation is about, from a fixed vocabulary so that topics can be counted
 * and filtered across people and languages ("levering" and "delivery" are both `delivery`).
 * A topic is reported when any of its keywords occurs; the order of the table is the order of
 * the result.
 */
export const TOPIC_KEYWORDS: Readonly<Record<string, Readonly<Record<Language, RegExp>>>> = {
  delivery: {
    en: /\b(deliver(y|ies|ed)?|parcel|package|shipping|shipment|shipped|courier|tracking|arrived?)\b/,
    nl: /\b(bezorg\w*|levering|geleverd|(mijn|het|jullie) pakket(je)?|verzend\w*|verzonden|koerier|track ?(en|&) ?trace|postnl|dhl)\b/,
  },
  billing: {
    en: /\b(invoices?|bill(ing|ed)?|charged?|payments?|direct debit|credit card|overcharged)\b/,
    nl: /\b(factu(u)?r(en)?|afschrijving(en)?|afgeschreven|betaling(en)?|betaald|incasso|rekening)\b/,
  },
  subscription: {
    en: /\b(subscriptions?|contract|membership|plan|renewal)\b/,
    nl: /\b(abonnement(en)?|contract|lidmaatschap|verlenging|bundel)\b/,
  },
  returns: {
    en: /\b(return(s|ed)?|refund(ed)?|exchange|money back)\b/,
    nl: /\b(retour\w*|terugsturen|ruilen|geld terug|terugbetal\w*|teruggestort)\b/,
  },
  product_quality: {
    en: /\b(broken|damaged|defective|faulty|quality|scratched|cracked)\b/,
    nl: /\b(kapot(te)?|beschadigd(e)?|defect(e)?|kwaliteit|gebarsten|krassen)\b/,
  },
  technical_issue: {
    en: /\b(error|crash\w*|bug|not working|stopped working|doesn't work|outage|connection|wifi|internet)\b/,
    nl: /\b(foutmelding|storing(en)?|crasht|werkt (nog steeds |alweer |echt )?niet|verbinding|wifi|internet)\b/,
  },
  account: {
    en: /\b(password|log ?in|sign in|account|two-factor|2fa)\b/,
    nl: /\b(wachtwoord|inloggen|inlog|account)\b/,
  },
  pricing: {
    en: /\b(price|prices|pricing|discount|expensive|cheaper|cost|costs|quote)\b/,
    nl: /\b(prijs|prijzen|korting|duur|goedkoper|kosten|kost|offerte)\b/,
  },
  mobile_app: {
    en: /\b(app|iphone|android|mobile)\b/,
    nl: /\b(app|iphone|android|mobiel)\b/,
  },
  store: {
    en: /\b(store|shop|branch|in-store)\b/,
    nl: /\b(winkel|filiaal|vestiging)\b/,
  },
  customer_service: {
    en: /\b(customer service|support team|agent|on hold|waiting time|call back)\b/,
    nl: /\b(klantenservice|helpdesk|medewerker|in de wacht|wachttijd|terugbellen)\b/,
  },
};

export function detectTopics(text: string, language: Language): string[] {
  const lower = text.toLowerCase();
  return Object.entries(TOPIC_KEYWORDS)
    .filter(([, patterns]) => patterns[language].test(lower))
    .map(([topic]) => topic);
}
