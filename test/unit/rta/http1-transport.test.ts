import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Http1Server, type Exchange, type Http1Application } from '../../../rta/server/http1/http1-server';
import { HeadError, parseHead } from '../../../rta/server/http1/request-head';
import { raw } from '../../helpers/rta-client';

const head = (text: string) => { const b = Buffer.from(`${text}\r\n\r\n`, 'latin1'); return parseHead(b, b.length - 4); };
const status = (text: string) => { try { head(text); return 0; } catch (e) { return (e as HeadError).status; } };

describe('HTTP/1.x request heads', () => {
  it('reads the request line and the fields the RTA port needs', () => {
    assert.deepEqual(head('POST /rta?x=1 HTTP/1.1\r\nHost: a\r\ncontent-TYPE: application/json; charset=utf-8\r\nContent-Length:  42 \r\nExpect: 100-Continue'),
      { method: 'POST', target: '/rta?x=1', minor: 1, contentLength: 42, contentType: 'application/json; charset=utf-8', close: false, keepAlive10: false, expectContinue: true });
    assert.deepEqual([head('GET / HTTP/1.0').close, head('GET / HTTP/1.0\r\nConnection: Keep-Alive').close, head('GET / HTTP/1.0\r\nConnection: Keep-Alive').keepAlive10], [true, false, true]);
    assert.deepEqual([head('GET / HTTP/1.1\r\nConnection: foo, close').close, head('GET / HTTP/1.1\r\nConnection: keep-alive').close], [true, false]);
    assert.equal(head('POST / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 7').contentLength, 7);
    assert.equal(head('GET / HTTP/1.1').contentLength, 0);
    assert.deepEqual([head('POST / HTTP/1.1\r\nCONTENT-LENGTH:9\r\nX-Content-Length: 5\r\nContent-Lengthy: 6').contentLength, head('POST / HTTP/1.1\r\nContent-Length: 0').contentLength], [9, 0]);
  });

  it('refuses what is not a well-formed HTTP/1.x head, with the status that says why', () => {
    assert.equal(status('HELLO THERE'), 400);
    assert.equal(status('GET  / HTTP/1.1'), 400);
    assert.equal(status('GET / HTTP/1.1\r\nNo colon here'), 400);
    assert.equal(status('GET / HTTP/1.1\r\nHost: a\r\n folded: value'), 400);
    assert.equal(status('GET / HTTP/1.1\r\nBad Name: x'), 400);
    assert.equal(status('POST / HTTP/1.1\r\nContent-Length: -1'), 400);
    assert.equal(status('POST / HTTP/1.1\r\nContent-Length: 12abc'), 400);
    assert.equal(status('POST / HTTP/1.1\r\nContent-Length: '), 400);
    assert.equal(status('POST / HTTP/1.1\r\nContent-Length: 1234567890123456'), 400);
    assert.equal(status('GET / HTTP/1.1\r\n: no name'), 400);
    assert.equal(status('GET / HTTP/1.1 '), 400);
    assert.equal(status('GET /\u0001x HTTP/1.1'), 400);
    assert.equal(status('POST / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 8'), 400);
    assert.equal(status('POST / HTTP/1.1\r\nTransfer-Encoding: chunked'), 411);
    assert.equal(status('GET / HTTP/2.0'), 505);
  });
});

/** An application that exercises the transport: echo, answer at the head, answer later, close. */
class TestApp implements Http1Application {
  refusals: number[] = [];
  head(x: Exchange): boolean {
    const t = x.head.target;
    if (t === '/early') { x.respond(200, 'text/plain', 'early'); return false; }
    if (t === '/later') { setTimeout(() => x.respond(200, 'text/plain', 'later'), 30); return false; }
    if (t === '/close') { x.respond(200, 'text/plain', 'bye', true); return false; }
    return true;
  }
  body(x: Exchange, body: Buffer): void {
    if (x.head.target === '/boom') throw new Error('a fault in the application');
    x.respond(200, 'application/octet-stream', Buffer.concat([Buffer.from(`${x.head.method} ${x.head.target} `), body])); }
  late(x: Exchange): void { x.respond(200, 'text/plain', 'late', true); }
  refused(status: number): void { this.refusals.push(status); }
}

/** The answers in `text`: status and body of each, in order. */
function answers(text: string): { status: number; body: string; headers: string }[] {
  const out = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    const headers = rest.slice(0, end);
    const length = Number(/Content-Length: (\d+)/i.exec(headers)?.[1] ?? 0);
    const isHead = headers.startsWith('HTTP/1.1 100');
    out.push({ status: Number(headers.slice(9, 12)), headers, body: isHead ? '' : rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + (isHead ? 0 : length));
  }
  return out;
}

const post = (target: string, body: string, extra = '') => `POST ${target} HTTP/1.1\r\nHost: t\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

describe('the RTA port\'s HTTP/1.1 transport', () => {
  const app = new TestApp();
  const server = new Http1Server({ maxHeadBytes: 1024, maxBodyBytes: 4096, headersTimeoutMs: 200, keepAliveTimeoutMs: 300, bodyDeadlineMs: 60 }, app);
  let port = 0;
  before(async () => { port = (await server.listen(0, '127.0.0.1')).port; });
  after(() => server.close(500));

  it('answers pipelined requests in order on one connection, skipping a body answered at its head, waiting for a later answer', async () => {
    const r = await raw(port, [post('/a', 'one') + post('/early', 'unread body') + post('/later', 'x') + post('/b', 'two') + 'GET /c HTTP/1.1\r\nHost: t\r\n\r\n'], 200);
    assert.equal(r.closedByServer, false);
    assert.deepEqual(answers(r.text).map((a) => [a.status, a.body]), [[200, 'POST /a one'], [200, 'early'], [200, 'later'], [200, 'POST /b two'], [200, 'GET /c ']]);
    assert.match(r.text, /\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\n/);
  });

  it('reads a request that arrives a byte at a time, and one whose body is split from its head', async () => {
    const req = post('/split', 'é body');
    const bytes = Buffer.from(req);
    const r1 = await raw(port, Array.from(bytes, (b) => Buffer.from([b])), 300, 1);
    assert.deepEqual(answers(r1.text).map((a) => a.body), [Buffer.from('POST /split é body').toString('latin1')]);
    const r2 = await raw(port, [req.slice(0, req.indexOf('é')), req.slice(req.indexOf('é'))], 300, 20);
    assert.equal(answers(r2.text)[0]!.status, 200);
  });

  it('closes after the answer when asked (Connection: close, HTTP/1.0), keeps an HTTP/1.0 keep-alive open', async () => {
    const close = await raw(port, [post('/a', 'x', 'Connection: close\r\n')], 1000);
    assert.ok(close.closedByServer);
    assert.match(close.text, /\r\nConnection: close\r\n/);
    const h10 = await raw(port, ['GET /a HTTP/1.0\r\n\r\n'], 1000);
    assert.ok(h10.closedByServer && /Connection: close/.test(h10.text));
    const ka = await raw(port, ['GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], 200);
    assert.ok(!ka.closedByServer && /\r\nConnection: keep-alive\r\n/.test(ka.text));
    const app = await raw(port, ['GET /close HTTP/1.1\r\n\r\nGET /a HTTP/1.1\r\n\r\n'], 1000);
    assert.ok(app.closedByServer);
    assert.deepEqual(answers(app.text).map((a) => a.body), ['bye']);
  });

  it('sends 100 Continue to a client that expects it, then reads the body', async () => {
    const r = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n'));
      let text = '';
      s.on('close', () => resolve(text));
      s.on('data', (d: Buffer) => { text += d.toString(); if (text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') && !text.includes('200')) s.write('body'); if (text.includes('POST /e body')) { s.destroy(); resolve(text); } });
    });
    assert.deepEqual(answers(r).map((a) => [a.status, a.body]), [[100, ''], [200, 'POST /e body']]);
  });

  it('answers HEAD without a body and with its length', async () => {
    const r = await raw(port, ['HEAD /h HTTP/1.1\r\nHost: t\r\n\r\nGET /h HTTP/1.1\r\nHost: t\r\n\r\n'], 200);
    const [headAnswer, getAnswer] = r.text.split(/(?=HTTP\/1\.1 200 OK\r\n)/);
    assert.match(headAnswer!, /\r\nContent-Length: 8\r\n[\s\S]*\r\n\r\n$/);
    assert.match(getAnswer!, /\r\nContent-Length: 7\r\n[\s\S]*\r\n\r\nGET \/h $/);
  });

  it('refuses at the transport and closes: not HTTP (as soon as the first line is in), a head too large, chunked bodies, a head too slow', async () => {
    app.refusals = [];
    const notHttp = await raw(port, ['HELLO THERE\r\n'], 1000);
    assert.ok(notHttp.closedByServer && notHttp.text.startsWith('HTTP/1.1 400 Bad Request\r\n'));
    const big = await raw(port, [`GET /a HTTP/1.1\r\nX-Pad: ${'p'.repeat(2000)}`], 1000);
    assert.ok(big.closedByServer && big.text.startsWith('HTTP/1.1 431 '));
    const chunked = await raw(port, ['POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'], 1000);
    assert.ok(chunked.closedByServer && chunked.text.startsWith('HTTP/1.1 411 Length Required\r\n'));
    const slow = await raw(port, ['POST /a HTTP/1.1\r\nHost: t\r\n'], 2000);
    assert.ok(slow.closedByServer && slow.text.startsWith('HTTP/1.1 408 ') && slow.ms >= 190 && slow.ms < 1000, `${slow.ms} ms`);
    assert.deepEqual(app.refusals, [400, 431, 411, 408]);
  });

  it('survives a fault in the application: that connection ends, counted as 500, the next is served', async () => {
    app.refusals = [];
    const r = await raw(port, [post('/boom', 'x')], 1000);
    assert.ok(r.closedByServer && r.text === '');
    assert.deepEqual(app.refusals, [500]);
    assert.equal(answers((await raw(port, [post('/a', 'after')], 200)).text)[0]!.body, 'POST /a after');
  });

  it('hands a body still arriving at the deadline to the application, and closes; drops idle connections silently', async () => {
    const late = await raw(port, ['POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc'], 2000);
    assert.ok(late.closedByServer);
    assert.deepEqual(answers(late.text).map((a) => a.body), ['late']);
    assert.ok(late.ms >= 55 && late.ms < 500, `${late.ms} ms`);
    const idle = await raw(port, [post('/a', 'x')], 3000);
    assert.ok(idle.closedByServer && idle.ms >= 290 && idle.ms < 1500, `idle keep-alive closed after ${idle.ms} ms`);
    assert.equal(answers(idle.text).length, 1);
  });

  it('serves Node\'s own http client over keep-alive: 300 requests on one socket', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let sockets = 0;
    agent.on('free', () => {});
    for (let i = 0; i < 300; i++) {
      const text = await new Promise<string>((resolve, reject) => {
        const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: `/n${i}`, agent, headers: { 'Content-Type': 'text/plain' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        });
        req.on('socket', (s) => { if (!(s as unknown as { counted?: boolean }).counted) { (s as unknown as { counted: boolean }).counted = true; sockets++; } });
        req.on('error', reject);
        req.end(`#${i}`);
      });
      assert.equal(text, `POST /n${i} #${i}`);
    }
    agent.destroy();
    assert.equal(sockets, 1);
  });

  it('closes gracefully: idle connections at once, a request in flight answered with Connection: close, no new connection', async () => {
    const other = new Http1Server({ maxHeadBytes: 1024, maxBodyBytes: 4096, headersTimeoutMs: 2000, keepAliveTimeoutMs: 5000, bodyDeadlineMs: 5000 }, new TestApp());
    const p = (await other.listen(0, '127.0.0.1')).port;
    const idle = raw(p, [post('/a', 'x')], 3000);
    const inflight = raw(p, ['GET /later HTTP/1.1\r\n\r\n'], 3000);
    await new Promise((r) => setTimeout(r, 15));
    const t0 = performance.now();
    await other.close(2000);
    assert.ok(performance.now() - t0 < 1000);
    const [i, f] = await Promise.all([idle, inflight]);
    assert.ok(i.closedByServer && i.ms < 1000);
    assert.ok(f.closedByServer && /Connection: close/.test(f.text) && answers(f.text)[0]!.body === 'later');
    await assert.rejects(new Promise((resolve, reject) => { const s = net.connect(p, '127.0.0.1'); s.on('connect', resolve); s.on('error', reject); }));
  });
});
