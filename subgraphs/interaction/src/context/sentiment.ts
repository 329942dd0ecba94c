import { createRequire } from 'node:module';
import Sentiment from 'sentiment';
import { ENGLISH_EXTRAS, ENGLISH_NEGATORS } from './lexicon-en.js';
import { DUTCH_LABELS, DUTCH_NEGATORS } from './lexicon-nl.js';
import { COURTESY, SENTIMENT_PHRASES } from './phrases.js';
import type { Language, SentimentLabel } from './types.js';

/**
 * Sentiment: a lexicon score (the `sentiment` package: AFINN-165 for English with the
 * customer-service corrections in lexicon-en.ts, and the Dutch lexicon in lexicon-nl.ts) plus
 * phrase scores (phrases.ts), squashed to -1..1 with tanh(score / 4). A sum of ±2 or more, about
 * one clearly emotional word, labels the text POSITIVE or NEGATIVE (|tanh(2/4)| = 0.46; the
 * label threshold is 0.3); anything milder is NEUTRAL.
 */
const require = createRequire(import.meta.url);
const AFINN = require('sentiment/languages/en/labels.json') as Record<string, number>;

/** A negator flips the score of either of the next two words ("not very good", "niet zo goed"). */
function negationStrategy(negators: ReadonlySet<string>) {
  return {
    apply: (tokens: string[], cursor: number, score: number): number => {
      const window = tokens.slice(Math.max(0, cursor - 2), cursor);
      return window.some((token) => negators.has(token)) ? -score : score;
    },
  };
}

const analyzer = new Sentiment();
analyzer.registerLanguage('cdp-en', { labels: { ...AFINN, ...ENGLISH_EXTRAS }, scoringStrategy: negationStrategy(ENGLISH_NEGATORS) });
analyzer.registerLanguage('cdp-nl', { labels: { ...DUTCH_LABELS }, scoringStrategy: negationStrategy(DUTCH_NEGATORS) });

const LABEL_THRESHOLD = 0.3;

export interface SentimentResult {
  readonly score: number;
  readonly label: SentimentLabel;
  /** The unsquashed sum, for explaining a score. */
  readonly raw: number;
}

export function scoreSentiment(text: string, language: Language): SentimentResult {
  let lower = text.toLowerCase().trim();
  for (const pattern of COURTESY[language]) lower = lower.replace(pattern, ' ');
  let raw = 0;
  // Sentence by sentence, so a negator never reaches into the next sentence ("zegt niks. Belachelijk.").
  for (const sentence of lower.split(/[.!?;\n]+/)) {
    if (sentence.trim() !== '') raw += analyzer.analyze(sentence, { language: language === 'nl' ? 'cdp-nl' : 'cdp-en' }).score;
  }
  for (const [pattern, weight] of SENTIMENT_PHRASES[language]) {
    raw += (lower.match(pattern)?.length ?? 0) * weight;
  }
  const score = Math.round(Math.tanh(raw / 4) * 1000) / 1000;
  const label: SentimentLabel = score >= LABEL_THRESHOLD ? 'POSITIVE' : score <= -LABEL_THRESHOLD ? 'NEGATIVE' : 'NEUTRAL';
  return { score, label, raw };
}
