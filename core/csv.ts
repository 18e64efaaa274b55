/**
 * CSV as Excel writes it (RFC 4180): commas, fields in double quotes when they hold commas,
 * quotes or line breaks, quotes doubled inside them, CRLF line ends. Read leniently, because
 * officers' files are hand-edited: a stray quote inside an unquoted field is kept as text, and
 * an unclosed quote runs to the end of the file rather than failing.
 */

export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text; // Excel's "CSV UTF-8" starts with a BOM
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;

  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };

  while (i < input.length) {
    const char = input[i];
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i++;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\r' || char === '\n') {
      endRow();
      if (char === '\r' && input[i + 1] === '\n') i++;
    } else field += char;
    i++;
  }
  // A final line break ends the last row; it does not start an empty one.
  if (field !== '' || row.length > 0 || quoted) endRow();
  return rows;
}
