import { quoteUserText } from '../util/userText';

/** Shortens text quoted in a message: a 1 MB attribute value must not become a 1 MB diagnostic. Controls are escaped. */
export function clipValue(text: string, max = 60): string {
  return quoteUserText(text, max);
}
