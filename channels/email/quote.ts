// Finds where the quoted history of a reply starts, so the console shows only what is new.
// The full original stays available as original.eml; this only decides the display text.

const ATTRIBUTION = [
  /^On .{4,200}(wrote|writes):\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^Le .{4,200}a écrit\s*:\s*$/i,
  /^Am .{4,200}schrieb .{1,200}:\s*$/i,
  /^在.{2,200}(写道|寫道)[:：]\s*$/, // Chinese clients
  /^.{2,200}(写道|寫道)[:：]\s*$/,
  /^.{2,200}のメッセージ[:：]\s*$/, // Japanese clients
  /^\d{4}年\d{1,2}月\d{1,2}日.{0,200}<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/, // Japanese Gmail: "2026年11月21日(土) 10:00 山田 <a@b>:"
  /^.{4,200}(написал|написала|написал\(а\)|пишет)\s*:\s*$/i, // Russian clients
  /^.{4,200}(napisał|napisała|napisał\(a\)|escribió|escreveu|ha scritto|schreef|skrev|kirjoitti|yazdı|έγραψε)\s*:\s*$/i,
  /^.{2,200}wrote:\s*$/i,
];
const SEPARATORS = [
  /^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Mensagem original|Messaggio originale|Oorspronkelijk bericht|Исходное сообщение|Původní zpráva|Oryginalna wiadomość|原始邮件|原始郵件|邮件原件|郵件原件|原邮件|元のメッセージ)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule before its From:/Sent: block
  /^Begin forwarded message:\s*$/i,
];
const OUTLOOK_HEADER = /^\*?(From|Von|De|Da|Van|Från|Od|От|发件人|寄件者|差出人)\*?\s*[:：]/i;
const OUTLOOK_NEXT = /^\*?(Sent|Date|Gesendet|Envoyé|Enviado|Inviato|Verzonden|Skickat|Wysłano|Отправлено|发送时间|日期|时间|寄件日期|送信日時|To|An|À|Para|A|Aan|Till|Do|Кому|收件人)\*?\s*[:：]/i;

export interface QuoteSplit {
  /** The new part of the message, quote removed and trailing blank lines dropped. */
  visible: string;
  /** Character offset in the full text where the quote starts, or null when there is none. */
  quoteAt: number | null;
}

export function splitQuote(text: string): QuoteSplit {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const normalized = lines.join('\n');
  let cut = -1;
  for (let i = 0; i < lines.length && cut < 0; i++) {
    const line = lines[i]!.trim();
    // Attribution lines sometimes wrap onto two lines (long names/dates).
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    if (ATTRIBUTION.some((r) => r.test(line))) cut = i;
    else if (ATTRIBUTION.slice(0, 1).some((r) => r.test(joined)) && /wrote:\s*$/i.test(joined)) cut = i;
    else if (SEPARATORS.some((r) => r.test(line))) cut = i;
    // Any language: a line ending in "<address>:" right before a ">" quote is an attribution (Gmail's shape).
    else if (/<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/.test(line) && lines.slice(i + 1).find((l) => l.trim() !== '')?.trim().startsWith('>')) cut = i;
    else if (OUTLOOK_HEADER.test(line) && lines.slice(i + 1, i + 4).some((l) => OUTLOOK_NEXT.test(l.trim()))) cut = i;
    else if (line.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'))) cut = i;
  }
  // A message that is all quote (e.g. a bare forward) keeps everything: nothing new to show otherwise.
  if (cut <= 0) return { visible: normalized.trim(), quoteAt: null };
  const visible = lines.slice(0, cut).join('\n').trim();
  if (!visible) return { visible: normalized.trim(), quoteAt: null };
  const quoteAt = lines.slice(0, cut).join('\n').length + 1;
  return { visible, quoteAt };
}
