// How often undeclared 8-bit text is read right: the desk's detector (mail/detectCharset.ts)
// against the fixed guesses it replaced (GB18030 for raw headers, UTF-8 for bodies), on the
// sample table of the unit test, plus the cost per call. Run: npx tsx bench/charsetDetection.ts
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { decodeUndeclared } from '../mail/detectCharset';
import { CHARSET_SAMPLES } from '../test/fixtures/mail/charsetSamples';

const readers: Record<string, (bytes: Buffer, kind: string) => string> = {
  // Before: bodies as UTF-8; raw headers as UTF-8 when valid, else as GB18030.
  'fixed guess (before)': (bytes, kind) => (kind === 'body' || isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'gb18030')),
  detectCharset: (bytes) => decodeUndeclared(bytes),
};

for (const [name, read] of Object.entries(readers)) {
  const tally = new Map<string, { ok: number; n: number }>();
  const misses: string[] = [];
  for (const [charset, kinds] of Object.entries(CHARSET_SAMPLES))
    for (const [kind, texts] of Object.entries(kinds))
      for (const text of texts) {
        const got = read(iconv.encode(text, charset), kind);
        for (const key of [kind, charset]) {
          const t = tally.get(key) ?? { ok: 0, n: 0 };
          t.n += 1;
          if (got === text) t.ok += 1;
          tally.set(key, t);
        }
        if (got !== text) misses.push(`${charset} ${kind} ${JSON.stringify(text)} → ${JSON.stringify(got)}`);
      }
  console.log(`${name}: ${[...tally].map(([k, t]) => `${k} ${t.ok}/${t.n}`).join(' · ')}`);
  if (name === 'detectCharset') for (const miss of misses) console.log(`  miss: ${miss}`);
}

const body = iconv.encode('您好，三楼东区的打印机今天早上开始显示脱机，重启以后还是不行。\n'.repeat(130), 'gbk');
const bigBody = iconv.encode('您好，三楼东区的打印机今天早上开始显示脱机，重启以后还是不行。\n'.repeat(16_000), 'gbk');
const subject = iconv.encode('回复：显示器黑屏', 'gbk');
for (const [label, bytes, rounds] of [['subject', subject, 10_000], [`${body.length}-byte body`, body, 200], [`${bigBody.length}-byte body`, bigBody, 20]] as const) {
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) decodeUndeclared(bytes);
  console.log(`${label}: ${(((performance.now() - t0) / rounds) * 1000).toFixed(0)} µs per detection`);
}
