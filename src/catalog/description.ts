const ELLIPSIS = '…';

/**
 * `text` when it has at most `max` characters (UTF-16 code units), else its start cut so that,
 * ending with `…`, it is exactly `max` long (one shorter when the cut would split a surrogate pair).
 */
export function capDescription(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}${ELLIPSIS}`;
}
