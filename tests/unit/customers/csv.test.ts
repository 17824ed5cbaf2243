// The RFC 4180 parser: quoting, doubled quotes, line breaks inside fields, CRLF, and the line
// number each record starts on (import errors name it).
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../../server/customers/csv.js';

const all = (text: string) => [...parseCsv(text)];

describe('parseCsv', () => {
  it('splits plain fields and rows with LF or CRLF', () => {
    expect(all('a,b,c\n1,2,3\r\n4,5,6')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] }, { line: 2, fields: ['1', '2', '3'] }, { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields, counting lines', () => {
    const rows = all('h1,h2\n"a, b","say ""hi"""\n"multi\nline",x\nlast,1\n');
    expect(rows[1]).toEqual({ line: 2, fields: ['a, b', 'say "hi"'] });
    expect(rows[2]).toEqual({ line: 3, fields: ['multi\nline', 'x'] });
    expect(rows[3]).toEqual({ line: 5, fields: ['last', '1'] });
  });

  it('keeps empty fields, including a trailing one, and skips blank lines', () => {
    expect(all('a,,\n\n"",b\n')).toEqual([{ line: 1, fields: ['a', '', ''] }, { line: 3, fields: ['', 'b'] }]);
  });

  it('drops a UTF-8 BOM', () => {
    expect(all('\uFEFForder,amount\n1,2')[0]!.fields).toEqual(['order', 'amount']);
  });

  it('flags malformed quoting on its own record and carries on', () => {
    const rows = all('a,b\nx"y,1\n"q"z,2\nok,3');
    expect(rows[1]).toMatchObject({ line: 2, error: 'a quote inside an unquoted field' });
    expect(rows[2]).toMatchObject({ line: 3, error: 'unexpected character after a closing quote' });
    expect(rows[3]).toEqual({ line: 4, fields: ['ok', '3'] });
  });

  it('throws on an unterminated quote, naming the line where it opened', () => {
    const gen = parseCsv('a,b\n1,2\n"open,3\n4,5');
    expect(gen.next().value).toMatchObject({ line: 1 });
    expect(gen.next().value).toMatchObject({ line: 2 });
    try {
      gen.next();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvError);
      expect((err as CsvError).line).toBe(3);
    }
  });
});
