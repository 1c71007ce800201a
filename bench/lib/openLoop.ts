/**
 * Telegram updates posted to the real server's webhook on a fixed schedule (open loop: they leave
 * on time whatever the answers), each reply timed when its sendMessage reaches a fake Bot API in
 * this process (one clock). Shared by the turn-latency section (200/s) and the sustained-turns
 * section (the rate stepped up). Only a turn's first reply is timed: a second one to the same
 * person waits a second by design (1 message per second per chat).
 */
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { RecordingBotApi } from './recordingBotApi.js';
import { startEcho, startFull, type ServerHandle } from './servers.js';
import { sleep } from './stats.js';
import { UpdateStream, WEBHOOK_SECRET } from './workload.js';

type Cpu = { userMs: number; systemMs: number; loopBusyMs: number; mainThreadCpuMs: number; loopDelayP99Ms: number; loopDelayMaxMs: number };

export interface OpenLoopRun {
  rate: number;
  chats: number;
  posted: number;
  /** Turn latencies (update posted -> first reply at the fake Bot API) of the measured window, ms. */
  turn: number[];
  /** Webhook response times of the measured window, ms. */
  webhook: number[];
  /** Measured updates whose first reply never came (or came after the chat's next update). */
  unanswered: number;
  webhookErrors: number;
  postedPerSecond: number;
  /** Server CPU (user + system) during the measured window, ms. */
  serverCpuMs: number;
  /** The server's event loop busy during the window (its main thread's share of that CPU), ms. */
  loopBusyMs: number;
  /** The server's main thread's own CPU during the window, ms. */
  mainThreadCpuMs: number;
  /**
   * This process's CPU during the window (the load generator and the recording Bot API), ms: it
   * shares the machine's cores with the server, so it bounds what the server can be given.
   */
  harnessCpuMs: number;
  measuredUpdates: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Updates posted and not yet answered, sampled once a second during the measured window. */
  backlog: number[];
}

/** The real server (outbox limit lifted) and the recording fake Bot API, for several runs. */
export class OpenLoopServer {
  private pending = new Map<number, { at: number; measured: boolean }>();
  private turn: number[] = [];
  private nextChat = 200_000_000;
  private constructor(
    readonly api: RecordingBotApi,
    readonly full: ServerHandle,
  ) {}

  /** `echo`: servers/echo.ts instead of tawjih (the method's own ceiling, bench/tools/turnCeiling.ts). */
  static async start(outboxGlobalLimit: number, server: 'full' | 'echo' = 'full'): Promise<OpenLoopServer> {
    let self: OpenLoopServer | null = null;
    const api = await new RecordingBotApi((chatId, at) => self?.answered(chatId, at)).start();
    const full = server === 'echo' ? await startEcho(api.url) : await startFull(api.url, { BENCH_TELEGRAM_RATE: String(outboxGlobalLimit) });
    self = new OpenLoopServer(api, full);
    return self;
  }

  private answered(chatId: number, at: number): void {
    const p = this.pending.get(chatId);
    if (!p) return;
    this.pending.delete(chatId);
    if (p.measured) this.turn.push(at - p.at);
  }

  async stop(): Promise<void> {
    await this.full.stop();
    await this.api.stop();
  }

  private async cpu(): Promise<Cpu> {
    this.full.child.send('cpu');
    return this.full.child.next<Cpu>('cpu');
  }

  /**
   * `rate` updates a second for warmupS then durationS (measured), to `chats` new chats (each
   * writes every chats/rate seconds). Waits up to `drainS` for the last replies.
   */
  async run(o: { rate: number; warmupS: number; durationS: number; chats: number; drainS?: number }): Promise<OpenLoopRun> {
    const { rate, warmupS, durationS, chats } = o;
    this.pending.clear();
    this.turn = [];
    const turn = this.turn;
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const { hostname, port } = new URL(this.full.url);
    const webhook: number[] = [];
    let webhookErrors = 0;
    let unanswered = 0;
    const inflight = new Set<Promise<void>>();
    const post = (body: string, measured: boolean): Promise<void> =>
      new Promise<void>((done) => {
        const t0 = performance.now();
        const req = request(
          { agent, host: hostname, port, method: 'POST', path: '/telegram/webhook', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode !== 200) webhookErrors++;
              if (measured) webhook.push(performance.now() - t0);
              done();
            });
          },
        );
        req.on('error', () => {
          webhookErrors++;
          done();
        });
        req.end(body);
      });

    const stream = new UpdateStream(chats, this.nextChat);
    this.nextChat += chats;
    const total = Math.round(rate * (warmupS + durationS));
    const warmup = Math.round(rate * warmupS);
    const interval = 1000 / rate;
    let posted = 0;
    let measureStart = 0;
    let measureEnd = 0;
    let cpuStart: Promise<Cpu> | null = null;
    let cpuEnd: Cpu | null = null;
    let harnessStart: NodeJS.CpuUsage | null = null;
    let harnessCpuMs = NaN;
    const backlog: number[] = [];
    let nextSample = 0;
    try {
      const start = performance.now();
      while (posted < total) {
        const due = start + posted * interval;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait - 0.5);
        else if (wait > 0) await new Promise((r) => setImmediate(r));
        // Catch up with every update that is due (never more than the schedule).
        while (posted < total && start + posted * interval <= performance.now()) {
          const u = stream.next();
          const measured = posted >= warmup;
          if (posted === warmup) {
            measureStart = performance.now();
            nextSample = measureStart + 1000;
            cpuStart = this.cpu();
            harnessStart = process.cpuUsage();
            if (process.env.BENCH_PROFILE) this.full.child.send('profile-start');
          }
          if (measured && performance.now() >= nextSample) {
            backlog.push(this.pending.size);
            nextSample += 1000;
          }
          const body = JSON.stringify(u.update);
          if (this.pending.has(u.chatId)) unanswered += this.pending.get(u.chatId)!.measured ? 1 : 0;
          this.pending.set(u.chatId, { at: performance.now(), measured });
          const p = post(body, measured);
          inflight.add(p);
          void p.then(() => inflight.delete(p));
          posted++;
        }
      }
      measureEnd = performance.now();
      await Promise.all(inflight);
      cpuEnd = await this.cpu();
      if (harnessStart) {
        const used = process.cpuUsage(harnessStart);
        harnessCpuMs = (used.user + used.system) / 1000;
      }
      if (process.env.BENCH_PROFILE) {
        this.full.child.send(`profile-stop ${resolve(process.env.BENCH_PROFILE)}`);
        await this.full.child.next('profile-stop');
      }
      // Replies still on their way: wait for them (a reply that never comes counts as unanswered).
      const drainMs = (o.drainS ?? 4) * 1000;
      for (let waited = 0; waited < drainMs && [...this.pending.values()].some((p) => p.measured); waited += 100) await sleep(100);
      unanswered += [...this.pending.values()].filter((p) => p.measured).length;
    } finally {
      agent.destroy();
    }
    const before = cpuStart ? await cpuStart : null;
    return {
      rate,
      chats,
      posted,
      turn,
      webhook,
      unanswered,
      webhookErrors,
      postedPerSecond: (total - warmup) / ((measureEnd - measureStart) / 1000),
      serverCpuMs: before && cpuEnd ? cpuEnd.userMs + cpuEnd.systemMs - before.userMs - before.systemMs : NaN,
      loopBusyMs: before && cpuEnd ? cpuEnd.loopBusyMs - before.loopBusyMs : NaN,
      mainThreadCpuMs: before && cpuEnd ? cpuEnd.mainThreadCpuMs - before.mainThreadCpuMs : NaN,
      harnessCpuMs,
      measuredUpdates: total - warmup,
      loopDelayP99Ms: cpuEnd?.loopDelayP99Ms ?? NaN,
      loopDelayMaxMs: cpuEnd?.loopDelayMaxMs ?? NaN,
      backlog,
    };
  }

  /** Waits until the server has answered every message it recorded (at most `maxS` seconds). */
  async settle(maxS = 60): Promise<void> {
    for (let i = 0; i < maxS * 4; i++) {
      this.full.child.send('inbox');
      const inbox = await this.full.child.next<Record<string, number>>('inbox');
      if (!(inbox.queued ?? 0) && !(inbox.received ?? 0)) return;
      await sleep(250);
    }
  }
}
