import { capDescription } from '../description.js';

/** Longest one-line summary of an operation inside a facade or router description. */
const SUMMARY_MAX = 160;

/**
 * A one-line summary of a tool description: its first non-empty line, cut at the end of its
 * first sentence when long, capped at 160 characters and ending with a full stop.
 */
export function summaryLine(description: string): string {
  const line =
    description
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  let text = line;
  if (text.length > SUMMARY_MAX) {
    const end = text.search(/[.!?](\s|$)/);
    if (end > 0) text = text.slice(0, end + 1);
  }
  text = capDescription(text, SUMMARY_MAX);
  return text.length === 0 || /[.!?…]$/.test(text) ? text : `${text}.`;
}
