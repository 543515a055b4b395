// End-to-end mail intake on real servers: N mails appended to Dovecot while the desk's mailbox
// workflow idles; measures appended → ticket exists → acknowledgement received, then the time
// imapflow alone needs to fetch and parse the same N mails. Run: npx tsx bench/mailIntake.ts [N]
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMailer } from '../activities/mailer';
import { createConfigSource } from '../config/source';
import { openMailbox } from '../mail/imap';
import { parseInboundMail } from '../mail/parse';
import { openDatabase } from '../store/db';
import { connectClient } from '../temporal/connection';
import { startMailboxPollers } from '../temporal/mailboxPollers';
import { loadTemporalSettings } from '../temporal/settings';
import { bundleWorkflows, createDeskWorkers } from '../temporal/workers';
import { startDovecot } from '../test/support/dovecot';
import { buildMail } from '../test/support/mailBuilder';
import { startSmtpSink } from '../test/support/smtpSink';
import { startThrowawayTemporal } from '../test/support/throwawayTemporal';

const N = Number(process.argv[2] ?? 1000);
const log = (line: string) => console.log(`[bench] ${line}`);


function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const root = mkdtempSync(join(tmpdir(), 'itdesk-bench-mail-'));
  const settings = await loadTemporalSettings('temporal.yaml', {});
  const server = await startThrowawayTemporal(settings);
  settings.connection.address = server.address;
  const dovecot = await startDovecot({ users: [{ user: 'helpdesk', password: 'bench-secret' }] });
  const smtp = await startSmtpSink();
  process.env.ITDESK_BENCH_IMAP_PASSWORD = 'bench-secret';

  const configDir = join(root, 'config');
  cpSync('config', configDir, { recursive: true, filter: (src) => !src.endsWith('.ts') && !src.includes('/schema') });
  writeFileSync(join(configDir, 'mail.yaml'), readFileSync(join(configDir, 'mail.yaml'), 'utf8').replace(/host: ""/, 'host: 127.0.0.1').replace(/port: 25/, `port: ${smtp.port}`));
  writeFileSync(
    join(configDir, 'mailboxes.yaml'),
    `organisationDomains: [corp.example]
mailboxes:
  - { id: bench, host: 127.0.0.1, port: ${dovecot.port}, secure: false, user: helpdesk, passwordEnv: ITDESK_BENCH_IMAP_PASSWORD,
      inbox: INBOX, processedFolder: processed, failedFolder: failed, deskAddresses: [itdesk@corp.example], pollInterval: 30s,
      ackRateLimit: { max: 100000, per: 1h } }
`,
  );
  const config = await createConfigSource(configDir);
  const db = await openDatabase(join(root, 'itdesk.sqlite'));
  const client = await connectClient(settings, server.address);
  const workers = await createDeskWorkers({ settings, address: server.address, config, mailer: createMailer(config.current().mail), db, workflowBundle: await bundleWorkflows(), client });
  void workers.run();
  await startMailboxPollers(client, settings, config);
  await dovecot.waitForIdle('helpdesk', 30_000);

  const sender = await openMailbox({ host: dovecot.host, port: dovecot.port, secure: false, user: 'helpdesk', password: 'bench-secret', inbox: 'INBOX' });
  const appendedAt = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < N; i++) {
    const messageId = `bench-${i}-${started}@corp.example`;
    const raw = buildMail({ from: `user${i % 50}@corp.example`, fromName: `用户${i % 50}`, subject: `电脑无法开机 #${i}`, messageId, body: `第 ${i} 号工位的电脑按电源键没有反应。\n错误代码 0x${i.toString(16)}` });
    appendedAt.set(messageId, Date.now());
    await sender.appendTo('INBOX', raw);
  }
  const appendDone = Date.now();
  log(`appended ${N} mails in ${((appendDone - started) / 1000).toFixed(1)} s`);

  // Acks carry In-Reply-To: the requester's Message-ID, which gives the per-mail latency.
  const ackLatency: number[] = [];
  const seen = new Set<string>();
  const deadline = Date.now() + Math.max(600_000, N * 2_000);
  let lastTicketAt = 0;
  while (seen.size < N) {
    if (Date.now() > deadline) throw new Error(`only ${seen.size}/${N} acknowledgements before the deadline`);
    for (const mail of smtp.messages) {
      const inReplyTo = String(mail.headers.get('in-reply-to') ?? '').replace(/[<>]/g, '');
      if (!appendedAt.has(inReplyTo) || seen.has(inReplyTo)) continue;
      seen.add(inReplyTo);
      ackLatency.push(mail.receivedAt.getTime() - appendedAt.get(inReplyTo)!);
    }
    if (!lastTicketAt) {
      const row = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM mail_messages WHERE direction = 'in'");
      if (row!.n >= N) lastTicketAt = Date.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const lastAck = Math.max(...smtp.messages.map((m) => m.receivedAt.getTime()));
  lastTicketAt ||= Date.now();
  ackLatency.sort((a, b) => a - b);
  const tickets = (await db.get<{ n: number }>("SELECT COUNT(DISTINCT ticket_number) AS n FROM mail_messages WHERE direction = 'in'"))!.n;
  const endToEndSeconds = (lastAck - started) / 1000;
  log(`desk: ${tickets} tickets, ${seen.size} acknowledgements; all tickets after ${((lastTicketAt - started) / 1000).toFixed(1)} s, last ack after ${endToEndSeconds.toFixed(1)} s`);
  log(`desk end-to-end: ${(N / endToEndSeconds).toFixed(1)} mails/s; append→ack latency p50 ${percentile(ackLatency, 50)} ms, p99 ${percentile(ackLatency, 99)} ms, max ${ackLatency.at(-1)} ms`);

  // imapflow alone: fetch and parse the same mails (now in the processed folder), in the desk's batch size.
  const reader = await openMailbox({ host: dovecot.host, port: dovecot.port, secure: false, user: 'helpdesk', password: 'bench-secret', inbox: 'processed' });
  const t0 = Date.now();
  let lastUid = 0;
  let parsed = 0;
  for (;;) {
    const batch = await reader.fetchSince(lastUid, 50);
    if (!batch.length) break;
    for (const mail of batch) {
      await parseInboundMail(mail.raw, { maxAttachmentBytes: 10 << 20 });
      parsed += 1;
      lastUid = mail.uid;
    }
  }
  const aloneSeconds = (Date.now() - t0) / 1000;
  log(`imapflow alone: fetched and parsed ${parsed} mails in ${aloneSeconds.toFixed(2)} s = ${(parsed / aloneSeconds).toFixed(0)} mails/s`);

  await reader.close();
  await sender.close();
  await client.workflow.getHandle('mailbox-bench').terminate('bench over').catch(() => undefined);
  await workers.shutdown();
  await client.connection.close();
  await db.close();
  await smtp.stop();
  await dovecot.stop();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
