import type { Intent, Language } from './types.js';

/**
 * Intent classifier: keyword and phrase rules per language. An intent is reported when any of
 * its patterns matches the (lower-cased) customer text; several can hold at once ("cancel, and
 * refund the last invoice" is CANCEL, REFUND and BILLING). Rules, not a trained model, so every
 * decision can be read back from this table; the accuracy on the realistic snippets in
 * test/interaction-context.test.ts is printed by that test.
 *
 * | intent     | when the customer...                                  |
 * |------------|-------------------------------------------------------|
 * | CANCEL     | wants to end a subscription, contract or order        |
 * | COMPLAINT  | complains: unacceptable, disappointed, fed up, klacht |
 * | PURCHASE   | wants to buy or order, asks for a quote or stock      |
 * | SUPPORT    | reports something not working or asks how to do it    |
 * | BILLING    | talks about invoices, charges, payments               |
 * | UPGRADE    | wants a bigger plan or more of a service              |
 * | DOWNGRADE  | wants a smaller or cheaper plan                       |
 * | REFUND     | wants money back or a return                          |
 * | DELIVERY   | asks where a parcel is, or reports it late or lost    |
 * | ACCOUNT    | login, password, address or personal details          |
 */
export const INTENT_RULES: Readonly<Record<Intent, Readonly<Record<Language, readonly RegExp[]>>>> = {
  CANCEL: {
    en: [/\bcancel(l?ing|l?ed|lation)?\b/, /\bterminate\b/, /\bend (my|the|our) (subscription|contract|membership|plan)\b/, /\bunsubscribe\b/, /\bclose (my|our) account\b/, /\bstop (my|the) (subscription|membership)\b/],
    nl: [/\bopzeg(gen|ging)\b/, /\bzeg(t)? .{0,30}\bop\b/, /\bannuleer|annuler(en|ing)\b/, /\bbeëindig(en)?\b/, /\bstoppen met (mijn|het|ons) (abonnement|contract)\b/, /\bafmelden\b/, /\bmijn account (verwijderen|opheffen)\b/],
  },
  COMPLAINT: {
    en: [/\bcomplain(t|ts|ing)?\b/, /\bunacceptable\b/, /\bdisappoint(ed|ing)\b/, /\bfed up\b/, /\bridiculous\b/, /\bterrible\b/, /\bworst\b/, /\bappalling\b/, /\bfurious\b/, /\bnot (happy|satisfied)\b/, /\bfrustrat(ed|ing)\b/, /\b(third|fourth|fifth) time\b/, /\bstill (waiting|not)\b/, /\brude\b/],
    nl: [/\bklacht(en)?\b/, /\bklagen\b/, /\bonacceptabel\b/, /\bonaanvaardbaar\b/, /\bteleurgesteld\b/, /\bbelachelijk\b/, /\bschandalig\b/, /\bniet tevreden\b/, /\bontevreden\b/, /\bboos\b/, /\bgefrustreerd\b/, /\b(derde|vierde|vijfde) keer\b/, /\bnog (steeds|altijd) (niet|geen)\b/, /\bonbeschoft\b/, /\bslechte service\b/],
  },
  PURCHASE: {
    en: [/\b(i|we)('d| would) like to (buy|order|purchase)\b/, /\b(want|wants|looking) to (buy|order|purchase)\b/, /\bplace an order\b/, /\b(quote|quotation|pricing) for\b/, /\bin stock\b/, /\bbuy (a|an|the|another|two|three|\d+)\b/],
    nl: [/\b(wil|willen|zou) .{0,30}\b(kopen|bestellen|aanschaffen)\b/, /\bbestelling plaatsen\b/, /\bofferte\b/, /\bop voorraad\b/],
  },
  SUPPORT: {
    en: [/\b(doesn't|does not|won't|will not|can't|cannot|isn't|is not) (work|working|load|open|connect|start|log ?in|sign in)\b/, /\bnot working\b/, /\bstopped working\b/, /\berror\b/, /\bbroken\b/, /\bhow (do|can) i\b/, /\bneed help\b/, /\bhelp me\b/, /\bcrash(es|ed|ing)?\b/, /\bbug\b/, /\btroubleshoot/, /\bdefective\b|\bfaulty\b/, /\boutage\b/],
    nl: [/\b(werkt|doet het|laadt|start) (nog steeds |alweer |echt )?niet\b/, /\bfoutmelding\b/, /\bstoring\b/, /\bkapot\b/, /\bdefect\b/, /\bhoe (kan|moet) ik\b/, /\bhulp nodig\b/, /\bhelpen\b/, /\blukt (me |mij )?niet\b/, /\bcrasht\b/, /\bgeen (verbinding|internet|bereik)\b/],
  },
  BILLING: {
    en: [/\binvoices?\b/, /\bbill(ed|ing|s)?\b/, /\bcharged?\b/, /\bcharges\b/, /\bpayments?\b/, /\bdirect debit\b/, /\bcredit card\b/, /\bsubscription fee\b/, /\boverchar/],
    nl: [/\bfactu(u)?r(en)?\b/, /\bafschrijving(en)?\b/, /\bafgeschreven\b/, /\bbetaling(en)?\b/, /\bbetaald\b/, /\bincasso\b/, /\brekening\b/, /\bgefactureerd\b/],
  },
  UPGRADE: {
    en: [/\bupgrad(e|ing)\b/, /\b(bigger|larger|faster|premium|higher) (plan|package|tier|subscription|speed)\b/, /\bmore (data|storage|users|seats)\b/, /\badd (a )?(seat|user|line)s?\b/],
    nl: [/\bupgrad(e|en)\b/, /\b(groter|sneller|hoger)e? (abonnement|pakket|bundel|snelheid)\b/, /\bmeer (data|opslag|gebruikers|gigabytes?)\b/, /\bpremium\b/],
  },
  DOWNGRADE: {
    en: [/\bdowngrad(e|ing)\b/, /\b(smaller|cheaper|basic|lower) (plan|package|tier|subscription)\b/],
    nl: [/\bdowngrad(e|en)\b/, /\b(kleiner|goedkoper|lager)e? (abonnement|pakket|bundel)\b/],
  },
  REFUND: {
    en: [/\brefund(ed|s)?\b/, /\bmoney back\b/, /\breimburse/, /\breturn (it|the|this|my)\b/, /\bsend (it|them) back\b/, /\bchargeback\b/],
    nl: [/\bgeld terug\b/, /\bterugbetal(en|ing|d)\b/, /\bterugstort(en|ing)\b|\bteruggestort\b/, /\bretour(neren|tje)?\b/, /\bterugsturen\b/, /\bvergoeding\b/],
  },
  DELIVERY: {
    en: [/\bdeliver(y|ies|ed)?\b/, /\bparcel\b|\bpackage (hasn't|has not|never|still)\b/, /\bshipping\b|\bshipment\b|\bshipped\b/, /\btrack(ing)? (number|code)\b/, /\bwhere is my (order|parcel|package)\b/, /\bcourier\b/, /\bhasn't arrived\b|\bnot arrived\b|\bnever arrived\b/],
    nl: [/\bbezorg(d|ing|er)?\b/, /\bgeleverd\b|\blevering\b/, /\b(mijn|het|een|ons|jullie) pakket(je)? (is|was|niet|nog|nooit|kwijt|bezorgd|aangekomen|ontvangen|komt|kwam|blijft)\b/, /\bwaar is (mijn|het) pakket/, /\bverzend(ing|ing|en)?\b|\bverzonden\b/, /\btrack ?(en|&) ?trace\b/, /\bwaar blijft\b/, /\baangekomen\b/, /\bpostnl\b|\bdhl\b/],
  },
  ACCOUNT: {
    en: [/\bpassword\b/, /\blog ?in\b|\bsign in\b/, /\b(my|the) account\b/, /\b(change|update) (my )?(address|email|e-mail|phone number|details)\b/, /\btwo[- ]factor\b|\b2fa\b/],
    nl: [/\bwachtwoord\b/, /\binloggen\b|\binlog\b/, /\b(mijn|het) account\b/, /\b(adres|e-?mailadres|telefoonnummer|gegevens) (wijzigen|aanpassen|veranderen)\b/, /\b(wijzig|pas) .{0,20}(adres|gegevens)\b/],
  },
};

export function classifyIntents(text: string, language: Language): Intent[] {
  const lower = text.toLowerCase();
  return (Object.keys(INTENT_RULES) as Intent[]).filter((intent) => INTENT_RULES[intent][language].some((pattern) => pattern.test(lower)));
}
