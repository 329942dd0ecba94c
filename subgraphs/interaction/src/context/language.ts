import { franc } from 'franc-min';
import type { Language } from './types.js';

/**
 * English or Dutch. Short customer messages ("Hoi, waar blijft mijn pakket?") are too short for
 * trigram statistics alone, so function words decide first when they clearly lean one way; franc
 * (trigrams, restricted to the two languages) decides the rest.
 */
const FUNCTION_WORDS: Record<Language, ReadonlySet<string>> = {
  en: new Set(
    'the a an and or but is are was were be been i you he she we they my your our their it this that to of in on for with at from not no have has had do does did can could would will please thanks thank hi hello dear regards what where when why how there here me us'.split(
      ' ',
    ),
  ),
  nl: new Set(
    'de het een en of maar is zijn was waren ben bent ik je jij u hij zij wij we ze mijn jouw uw ons onze hun dit dat deze die naar van in op voor met bij uit niet geen heb hebt heeft had doe doet kan kunt kun zou zal wil graag bedankt dank hoi hallo beste groet groeten wat waar wanneer waarom hoe er hier mij me nog al ook wel toch'.split(
      ' ',
    ),
  ),
};

const FRANC_CODES: Record<string, Language> = { eng: 'en', nld: 'nl' };

export function detectLanguage(text: string): Language | null {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return null;
  let en = 0;
  let nl = 0;
  for (const word of words) {
    if (FUNCTION_WORDS.en.has(word)) en++;
    if (FUNCTION_WORDS.nl.has(word)) nl++;
  }
  // A margin of two function words is rarely wrong; below it, let the trigrams decide.
  if (en - nl >= 2) return 'en';
  if (nl - en >= 2) return 'nl';
  const code = franc(text, { only: ['eng', 'nld'], minLength: 3 });
  return FRANC_CODES[code] ?? (en > nl ? 'en' : nl > en ? 'nl' : null);
}
