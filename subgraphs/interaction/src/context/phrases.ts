import type { Language } from './types.js';

/**
 * Multi-word signals a word lexicon cannot see: "still waiting" or "werkt niet" have no single
 * negative word, yet they are the commonest complaints in support traffic. Each match adds its
 * score to the lexicon score.
 */
export const SENTIMENT_PHRASES: Readonly<Record<Language, readonly (readonly [RegExp, number])[]>> = {
  en: [
    [/\bstill (waiting|not|no|haven't|hasn't|broken|nothing)\b/g, -2],
    [/\b(not|never|hasn't|has not|haven't|have not) (been )?(received|arrived|delivered|shown up|come|working|fixed|resolved|refunded)\b/g, -2],
    [/\b(doesn't|does not|didn't|did not|won't|will not) (work|load|open|start|connect)\b/g, -2],
    [/\bstopped working\b/g, -2],
    [/\b(charged|billed) (me )?twice\b|\bdouble[- ]charged\b/g, -2],
    [/\bno (one|response|reply|answer|update)\b/g, -2],
    [/\bwaste of (time|money)\b/g, -3],
    [/\b(third|3rd|fourth|4th|fifth) time\b|\bagain and again\b/g, -2],
    [/\bfor (weeks|days|ages)\b/g, -1],
    [/\b(thank you so much|thanks a lot|many thanks|much appreciated)\b/g, 1],
    [/\b(works|working) (perfectly|great|fine) (now|again)\b/g, 2],
  ],
  nl: [
    [/\b(werkt|doet het|laadt|start) (nog steeds |alweer |echt )?niet\b/g, -2],
    [/\bnog (steeds|altijd) (niet|geen|niks|niets)\b/g, -2],
    [/\bniet (ontvangen|aangekomen|geleverd|bezorgd|opgelost|terugbetaald|teruggestort)\b/g, -2],
    [/\bgeen (reactie|antwoord|bericht|update)\b/g, -2],
    [/\bdubbel (betaald|afgeschreven|gefactureerd)\b|\btwee keer (betaald|afgeschreven)\b/g, -2],
    [/\b(derde|vierde|vijfde) keer\b|\bweer opnieuw\b/g, -2],
    [/\b(al|nu al) (weken|dagen|maanden)\b/g, -1],
    [/\b(hartelijk dank|heel erg bedankt|enorm bedankt|super bedankt|dank je wel|dank u wel)\b/g, 1],
    [/\bwerkt (nu )?(weer |perfect|prima|goed)/g, 2],
  ],
};

/**
 * Courtesy formulas carry no feeling about the service ("Kind regards", "I would like to",
 * "Met vriendelijke groet"), but the lexicon scores their words; they are removed before scoring.
 */
export const COURTESY: Readonly<Record<Language, readonly RegExp[]>> = {
  en: [
    /\b(kind|best|warm|warmest|many)\s+regards\b/g,
    /\bregards\b/g,
    /\b(would|'d)\s+like\s+to\b/g,
    /\bthanks in advance\b/g,
    /\b(thanks|thank you|cheers|many thanks)\s*[,!.]?\s*\n?\s*[a-z]+\s*$/g,
    /\bhave a (nice|great|good) day\b/g,
    /\bdear\b/g,
    /\bplease let me know\b/g,
  ],
  nl: [
    /\b(met )?(vriendelijke|hartelijke) groet(en)?\b/g,
    /\balvast bedankt\b/g,
    /\b(mvg|groet|groeten)\b/g,
    /\bgraag gedaan\b/g,
    /\bfijne dag\b/g,
    /\bgeachte\b/g,
  ],
};
