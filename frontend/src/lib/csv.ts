/** One record of a CSV text and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

/**
 * Split CSV text into records (RFC 4180): fields separated by commas,
 * optionally quoted with `"`, a quote inside a quoted field doubled (`""`)
 * (a quote inside an unquoted field is kept literally),
 * quoted fields may hold commas and line breaks; LF and CRLF both end a record.
 * Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let fieldWasQuoted = false;
  let line = 1;
  let recordLine = 1;

  const endField = () => {
    fields.push(field);
    field = "";
    fieldWasQuoted = false;
  };
  const endRecord = () => {
    const lastWasQuoted = fieldWasQuoted;
    endField();
    const blank = fields.length === 1 && fields[0] === "" && !lastWasQuoted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
            throw new CsvSyntaxError("unexpected text after a closing quote", line);
          }
        }
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    switch (char) {
      case '"':
        if (field === "" && !fieldWasQuoted) {
          quoted = true;
          fieldWasQuoted = true;
        } else {
          // A quote inside an unquoted field (5" screen) is kept as it is.
          field += char;
        }
        break;
      case ",":
        endField();
        break;
      case "\r":
        if (text[i + 1] === "\n") i++;
        endRecord();
        line++;
        recordLine = line;
        break;
      case "\n":
        endRecord();
        line++;
        recordLine = line;
        break;
      default:
        field += char;
    }
  }
  if (quoted) throw new CsvSyntaxError("a quoted field is not closed", recordLine);
  if (field !== "" || fields.length > 0 || fieldWasQuoted) endRecord();
  return records;
}
