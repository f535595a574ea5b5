// Shared wording for messages: quoted name lists ("A", "B" or "C"), capped so a message stays one sentence.

/** `"A"`, `"A" or "B"`, `"A", "B" or "C"`; more than `max` names end with "(N more)". */
export function quoteList(names: readonly string[], conjunction = 'or', max = 8): string {
  const q = names.slice(0, max).map((n) => `"${n}"`);
  const rest = names.length - q.length;
  if (rest > 0) return `${q.join(', ')} ${conjunction} ${rest} more`;
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}
