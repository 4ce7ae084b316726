/** Shortens text quoted in a message: a 1 MB attribute value must not become a 1 MB diagnostic. */
export function clipValue(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
