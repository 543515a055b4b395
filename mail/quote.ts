// Keeps only what the sender newly wrote in a reply, so ticket comments do not repeat the
// whole thread. Knows the reply headers of Western and Chinese mail clients.

// "On Tue, 25 Nov 2026 ... wrote:" / Gmail 中文 "张三 <a@b> 于2026年11月25日周二 10:00写道：" /
// 网易 "在 2026-11-25 10:00:00，"张三" <a@b> 写道：" / 繁體 "... 寫道：".
const ATTRIBUTION_END = /(\bwrote|写道|寫道)\s*[:：]\s*$/i;
const ATTRIBUTION_START = /^\s*(On\s|在\s*\d|.*\s于\s*\d|.*于\d{4})/i;
// Outlook "-----Original Message-----", Outlook 中文 "-----邮件原件-----", QQ "----- 原始邮件 -----".
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(original message|original|原始邮件|原始郵件|邮件原件|郵件原件)\s*-{2,}\s*$/i;
// Outlook header block: a From line followed closely by Sent/Date and Subject lines.
const HEADER_FROM = /^\s*\*?\s*(from|发件人|發件人|寄件者)\s*\*?\s*[:：]/i;
const HEADER_SENT = /^\s*\*?\s*(sent|date|发送时间|發送時間|日期|寄件日期|時間|时间)\s*\*?\s*[:：]/i;
const HEADER_SUBJECT = /^\s*\*?\s*(subject|主题|主題|主旨)\s*\*?\s*[:：]/i;
const SEPARATOR_LINE = /^\s*(_{5,}|-{5,})\s*$/;
// RFC 3676 says "-- "; many clients strip the trailing space.
const SIGNATURE = /^-- ?$/;
const QUOTED = /^\s*>/;
const MOBILE_FOOTER = /^\s*(sent from my .+|get outlook for .+|发自我的.+|从我的.+发送|來自我的.+)\s*$/i;

function quoteStart(lines: readonly string[], i: number): number | null {
  const line = lines[i];
  if (ORIGINAL_MESSAGE.test(line)) return i;
  if (ATTRIBUTION_END.test(line)) {
    // The attribution is often wrapped over two lines.
    const previous = lines[i - 1];
    const wrapped =
      previous !== undefined && previous.trim() !== '' && !ATTRIBUTION_START.test(line) && ATTRIBUTION_START.test(previous);
    if (ATTRIBUTION_START.test(line) || wrapped) return wrapped ? i - 1 : i;
  }
  if (HEADER_FROM.test(line)) {
    const next = lines.slice(i + 1, i + 7);
    if (next.some((l) => HEADER_SENT.test(l)) && next.some((l) => HEADER_SUBJECT.test(l))) {
      return i > 0 && SEPARATOR_LINE.test(lines[i - 1]) ? i - 1 : i;
    }
  }
  return null;
}

export function trimQuotedReply(text: string): string {
  const original = text.replace(/\r\n?/g, '\n');
  const lines = original.split('\n');

  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (SIGNATURE.test(lines[i])) {
      end = i;
      break;
    }
    const start = quoteStart(lines, i);
    if (start !== null) {
      end = start;
      break;
    }
  }

  // Interleaved answers survive: only the quoted lines themselves go.
  const kept = lines.slice(0, end).filter((line) => !QUOTED.test(line));
  while (kept.length > 0 && (kept[kept.length - 1].trim() === '' || MOBILE_FOOTER.test(kept[kept.length - 1]))) {
    kept.pop();
  }
  const result = kept.join('\n').replace(/[ \t]+$/gm, '').trim();
  return result === '' ? original.trim() : result;
}
