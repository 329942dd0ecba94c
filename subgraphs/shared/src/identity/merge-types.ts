/**
 * Relationship types attached to a Person that belong to that person's data, and so move with
 * it on a merge and back on an unmerge. Closed lists: a type not named here never moves.
 * MERGED_INTO and WAS_MERGED_INTO are lineage and stay where they are.
 */
export const OUTGOING_PERSON_TYPES: readonly string[] = [
  'MEMBER_OF',
  'WAS_MEMBER_OF',
  'WORKS_FOR',
  'RELATED_TO',
  'HAD',
  'CONSENTED',
  'MENTIONED_IN',
];

export const INCOMING_PERSON_TYPES: readonly string[] = ['IDENTIFIES', 'DESCRIBES', 'RELATED_TO', 'MENTIONS'];
