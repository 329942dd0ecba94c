import { classifyIntents } from './intents.js';
import { detectLanguage } from './language.js';
import { extractMentions } from './mentions.js';
import { scoreSentiment } from './sentiment.js';
import { detectTopics } from './topics.js';
import { CONTEXT_CHANNELS, type ExtractedContext } from './types.js';

/**
 * Context of one conversation (CHAT, EMAIL or PHONE content), computed when the interaction is
 * written and stored with it, so reading it costs nothing.
 *
 * Whose words count: in a transcript with speaker labels ("Agent:", "Klant:"), sentiment,
 * intents and topics come from the customer's lines only, because an agent's "sorry for the
 * wait, happy to help" says nothing about how the customer feels. Quoted replies in e-mails
 * ("> ...", "On ... wrote:") are dropped: they repeat an earlier message. Mentions come from
 * everything that is left, agents included.
 */
const AGENT_LINE = /^\s*(agent|medewerker|support|operator|rep|advisor|adviseur|bot|assistant|klantenservice|service desk)\s*(\[[^\]]*\])?\s*:/i;
const CUSTOMER_LINE = /^\s*(customer|klant|caller|beller|client|user|gebruiker|visitor|bezoeker)\s*(\[[^\]]*\])?\s*:/i;
const QUOTE_START = /^\s*(on .{4,200} wrote.{0,200}:|op .{4,200} (schreef|heeft .{1,80} geschreven).{0,200}:|-{2,}\s*(original message|oorspronkelijk bericht)\s*-{2,}|from: .+)$/i;

/** The e-mail without quoted history. */
function withoutQuotes(text: string): string {
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (QUOTE_START.test(line)) break;
    if (!line.trimStart().startsWith('>')) kept.push(line);
  }
  return kept.join('\n');
}

/** The customer's words: their labelled lines when the transcript labels speakers, else all of it. */
function customerText(text: string): string {
  const lines = text.split(/\r?\n/);
  const customer: string[] = [];
  let current: 'agent' | 'customer' | 'unknown' = 'unknown';
  let labelled = false;
  for (const line of lines) {
    if (AGENT_LINE.test(line)) {
      current = 'agent';
      labelled = true;
      continue;
    }
    if (CUSTOMER_LINE.test(line)) {
      current = 'customer';
      labelled = true;
      customer.push(line.replace(CUSTOMER_LINE, ''));
      continue;
    }
    if (current === 'customer') customer.push(line);
  }
  return labelled ? customer.join('\n') : text;
}

export function extractContext(channel: string, content: string | null | undefined): ExtractedContext | null {
  if (!CONTEXT_CHANNELS.has(channel) || content === null || content === undefined || content.trim() === '') return null;
  const body = channel === 'EMAIL' ? withoutQuotes(content) : content;
  const spoken = customerText(body);
  const language = detectLanguage(spoken) ?? detectLanguage(body);
  const analysed = language ?? 'en';
  const sentiment = scoreSentiment(spoken, analysed);
  return {
    language,
    sentiment: sentiment.score,
    sentimentLabel: sentiment.label,
    intents: classifyIntents(spoken, analysed),
    topics: detectTopics(spoken, analysed),
    mentions: extractMentions(body, language),
  };
}
