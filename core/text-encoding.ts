/**
 * The text of a CSV file an officer saved, whichever encoding Excel chose: "CSV UTF-8" (with a
 * byte-order mark), "Unicode Text" (UTF-16 with one), or "CSV (Comma delimited)", which on UK
 * Windows is Windows-1252. Bytes that are valid UTF-8 are read as UTF-8; 1252 text with a £, a dash
 * or a curly quote is almost never valid UTF-8, so anything else is read as 1252. Never asks.
 */

export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode('utf-8', bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return decode('windows-1252', bytes);
  }
}

const decode = (encoding: string, bytes: Uint8Array) =>
  new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
