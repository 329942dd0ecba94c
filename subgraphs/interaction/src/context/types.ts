/** What context extraction finds in a conversation; closed lists mirror the enums in schema/interaction.graphql. */

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SENTIMENT_LABELS = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const INTENTS = [
  'CANCEL',
  'COMPLAINT',
  'PURCHASE',
  'SUPPORT',
  'BILLING',
  'UPGRADE',
  'DOWNGRADE',
  'REFUND',
  'DELIVERY',
  'ACCOUNT',
] as const;
export type Intent = (typeof INTENTS)[number];

export const MENTION_KINDS = ['EMAIL', 'PHONE', 'ORDER_NUMBER', 'PERSON', 'ORGANIZATION'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

/** Channels whose content is a conversation worth reading: chat transcripts, e-mail bodies, call transcripts. */
export const CONTEXT_CHANNELS: ReadonlySet<string> = new Set(['CHAT', 'EMAIL', 'PHONE']);

export interface Mention {
  readonly kind: MentionKind;
  /** As written in the content. */
  readonly text: string;
  /**
   * What it can be linked by: an Identifier key (`EMAIL:x@y.com`, `PHONE:+31612345678`), an
   * organization domain (`DOMAIN:acme.com`), or an order number (`ORDER:12345`); null for names.
   */
  readonly key: string | null;
}

export interface ExtractedContext {
  /** null when the content is too short or has no letters to tell. */
  readonly language: Language | null;
  /** From -1 (very negative) to 1 (very positive). */
  readonly sentiment: number;
  readonly sentimentLabel: SentimentLabel;
  readonly intents: Intent[];
  readonly topics: string[];
  readonly mentions: Mention[];
}
