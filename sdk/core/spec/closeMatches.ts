/** "Did you mean ...?": the known words closest to a misspelled one (case-insensitive). Pure. */
import { distance } from "fastest-levenshtein";

/** Up to `max` known words within an edit distance of about a third of the word, or sharing its start. */
export function closeMatches(word: string, known: readonly string[], max = 5): string[] {
  const lower = word.toLowerCase();
  return known
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.ceil(word.length / 3)) || k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map(({ k }) => k);
}
