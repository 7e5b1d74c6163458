/**
 * True for an empty text or one that stops inside a string or an open object/array: a prefix of a JSON document.
 * X's answers are objects, so such a body was cut off in transit, whatever the transport reported.
 */
export function endsEarly(text: string): boolean {
  if (text.trim() === '') return true;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return inString || depth > 0;
}
