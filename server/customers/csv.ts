// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF rows.
// Each record carries the physical line it starts on, so errors can name it.

export interface CsvRecord {
  line: number;
  fields: string[];
  /** A malformed record is reported with its line and parsing continues on the next line. */
  error?: string;
}

export class CsvError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

export function* parseCsv(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a BOM from spreadsheet exports is not data
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          // Nothing after this can be trusted: the rest of the file is inside the quote.
          if (i >= n) throw new CsvError(start, 'unterminated quoted field');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          error ??= 'unexpected character after a closing quote';
          const end = nextDelimiter(text, i);
          value += text.slice(i, end);
          i = end;
        }
      } else {
        const end = nextDelimiter(text, i);
        value = text.slice(i, end);
        if (value.includes('"')) error ??= 'a quote inside an unquoted field';
        i = end;
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    // A blank line is not a record (common at the end of files).
    if (fields.length === 1 && fields[0] === '') continue;
    yield error ? { line: start, fields, error } : { line: start, fields };
  }
}

function nextDelimiter(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === ',' || c === '\n' || c === '\r') return j;
  }
  return text.length;
}
