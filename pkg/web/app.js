// wsdemo serve: one shared document, followed four ways. Plain JavaScript,
// no framework: what the browser runs is this file.
'use strict';
(() => {
  const html = document.documentElement;
  const $ = (id) => document.getElementById(id);
  const docEl = $('doc'), modeEl = $('mode'), intervalEl = $('interval');
  const logEl = $('log'), editsEl = $('edits');
  const MODES = ['refresh', 'poll', 'long-poll', 'websocket'];
  const MAX_LOG = 200, MAX_EDITS = 50;

  // ---- words ---------------------------------------------------------
  const WORDS = {
    en: {
      title: 'One document, two tabs',
      docLabel: 'The shared document: type here, watch the other tab',
      modeLabel: 'This tab follows by',
      modeRefresh: 'refresh (a button)', modePoll: 'polling', modeLongPoll: 'long polling', modeWebSocket: 'WebSocket',
      every: 'every', reload: 'Reload this tab',
      editsTitle: 'Edits', logTitle: "This tab's messages",
      howTitle: 'How the latency is measured',
      how1: 'The server stamps each edit with its own clock as it applies it. Each of its answers also carries the time it left the server. From an answer to a request, this tab learns how far its clock is from the server\'s: the server read its clock somewhere between the request leaving and the answer arriving. A push says less: the server read its clock before the push arrived. The offset lies within all of these ranges from the last minute: the estimate is the middle of what they leave, and its error at most half of that.',
      how2: 'The latency of an edit from another tab is the moment its message arrived here, in the server\'s clock, minus the moment the server applied it. It is off by at most the error shown above (plus the browser\'s timer resolution). It does not include the trip from the other tab to the server: the edit is timed from when the server had it.',
      how3: 'Only what the page\'s script sees is listed here. Pings and pongs, the handshake\'s headers and the close frames are handled by the browser itself: the terminal shows them.',
      secTitle: 'Another site tries to connect',
      sec1: 'This page has a session cookie. The browser sends it with every request to this host, WebSocket handshakes included, whichever page opened them. The link below opens a page of another origin (another port) whose script opens a WebSocket to this document. Watch the terminal: the server\'s Origin check refuses it with 403.',
      secLink: 'Open the foreign site',
      who: '{0} of {1} (your session cookie names you; this page cannot read it)',
      helpRefresh: 'This tab learns of edits only when you reload it: press the button after typing in the other tab.',
      helpPoll: 'This tab asks the server every {0} ms whether the document changed.',
      helpLongPoll: 'This tab keeps one request waiting at the server, which answers when there is an edit.',
      helpWebSocket: 'One WebSocket: the server pushes each edit, and this tab sends its own on the same connection.',
      clockNone: 'Clock: no answer measured yet.',
      clock: 'Server clock − this tab\'s clock: {0} ms, to within ±{1} ms (from {2} answers and pushes).',
      latency: 'latency {0} ms ±{1}',
      mine: 'this tab',
      reloaded: '— this tab was reloaded —',
      wsConnect: 'new WebSocket({0})',
      wsOpen: 'WebSocket open',
      wsClose: 'WebSocket closed: {0} {1}',
      wsCloseSent: 'close({0}, "{1}")',
      failed: 'request failed: {0}',
      whole: 'the whole document',
      insert: 'inserted {0} at {1}',
      remove: 'deleted {0} at {1}',
      replace: 'replaced {0} at {1} with {2}',
      append: 'appended {0}',
      chars: '{0} characters',
    },
    'pt-BR': {
      title: 'Um documento, duas abas',
      docLabel: 'O documento compartilhado: digite aqui e olhe a outra aba',
      modeLabel: 'Esta aba acompanha por',
      modeRefresh: 'recarregar (um botão)', modePoll: 'polling', modeLongPoll: 'long polling', modeWebSocket: 'WebSocket',
      every: 'a cada', reload: 'Recarregar esta aba',
      editsTitle: 'Edições', logTitle: 'Mensagens desta aba',
      howTitle: 'Como a latência é medida',
      how1: 'O servidor carimba cada edição com o próprio relógio quando a aplica. Cada resposta dele também leva a hora em que saiu do servidor. Com a resposta a uma requisição, esta aba descobre a diferença entre o relógio dela e o do servidor: o servidor leu o relógio em algum momento entre a saída da requisição e a chegada da resposta. Um push diz menos: o servidor leu o relógio antes de o push chegar. A diferença está dentro de todos esses intervalos do último minuto: a estimativa é o meio do que sobra deles, e o erro é no máximo a metade disso.',
      how2: 'A latência de uma edição de outra aba é o momento em que a mensagem dela chegou aqui, no relógio do servidor, menos o momento em que o servidor a aplicou. O erro é no máximo o mostrado acima (mais a resolução do relógio do navegador). Ela não inclui o caminho da outra aba até o servidor: a edição é cronometrada a partir do momento em que o servidor a recebeu.',
      how3: 'Aqui aparece só o que o script da página vê. Pings e pongs, os cabeçalhos do handshake e os frames de fechamento são tratados pelo próprio navegador: o terminal mostra tudo isso.',
      secTitle: 'Outro site tenta se conectar',
      sec1: 'Esta página tem um cookie de sessão. O navegador o envia em toda requisição para este host, inclusive nos handshakes WebSocket, seja qual for a página que os abriu. O link abaixo abre uma página de outra origem (outra porta), cujo script abre um WebSocket para este documento. Olhe o terminal: a verificação de Origin do servidor recusa com 403.',
      secLink: 'Abrir o site estrangeiro',
      who: '{0} de {1} (o seu cookie de sessão diz quem você é; esta página não consegue lê-lo)',
      helpRefresh: 'Esta aba só fica sabendo das edições quando você a recarrega: aperte o botão depois de digitar na outra aba.',
      helpPoll: 'Esta aba pergunta ao servidor a cada {0} ms se o documento mudou.',
      helpLongPoll: 'Esta aba deixa uma requisição esperando no servidor, que responde quando há uma edição.',
      helpWebSocket: 'Um WebSocket: o servidor envia cada edição por conta própria, e esta aba envia as suas pela mesma conexão.',
      clockNone: 'Relógio: nenhuma resposta medida ainda.',
      clock: 'Relógio do servidor − relógio desta aba: {0} ms, com erro de até ±{1} ms (de {2} respostas e pushes).',
      latency: 'latência {0} ms ±{1}',
      mine: 'esta aba',
      reloaded: '— esta aba foi recarregada —',
      wsConnect: 'new WebSocket({0})',
      wsOpen: 'WebSocket aberto',
      wsClose: 'WebSocket fechado: {0} {1}',
      wsCloseSent: 'close({0}, "{1}")',
      failed: 'a requisição falhou: {0}',
      whole: 'o documento inteiro',
      insert: 'inseriu {0} na posição {1}',
      remove: 'apagou {0} na posição {1}',
      replace: 'trocou {0} na posição {1} por {2}',
      append: 'acrescentou {0}',
      chars: '{0} caracteres',
    },
  };
  const lang = (() => {
    const forced = html.dataset.lang;
    if (WORDS[forced]) return forced;
    for (const l of navigator.languages || [navigator.language || 'en']) {
      if (/^pt\b/i.test(l)) return 'pt-BR';
      if (/^en\b/i.test(l)) return 'en';
    }
    return 'en';
  })();
  html.lang = lang;
  const t = (key, ...args) => {
    const s = (WORDS[lang] && WORDS[lang][key]) || WORDS.en[key] || key;
    return s.replace(/\{(\d)\}/g, (_, i) => String(args[i]));
  };
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const num = (x, digits = 2) => x.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });

  // ---- what this tab keeps across reloads (sessionStorage is per tab) ----
  const params = new URLSearchParams(location.search);
  const DOC = /^[a-z0-9][a-z0-9-]{0,39}$/.test(params.get('doc') || '') ? params.get('doc') : 'shared';
  const KEY = `wsdemo.${html.dataset.run}.${DOC}.`;
  const store = {
    get(k, d) {
      try { const v = sessionStorage.getItem(KEY + k); return v === null ? d : JSON.parse(v); } catch { return d; }
    },
    set(k, v) { try { sessionStorage.setItem(KEY + k, JSON.stringify(v)); } catch { /* private mode: forget */ } },
  };
  let tab = store.get('tab', 0), user = store.get('user', '');
  let mode = MODES.includes(store.get('mode')) ? store.get('mode') : 'websocket';
  let interval = Math.min(60000, Math.max(100, +store.get('interval', 1000) || 1000));
  // seen is the newest version this tab has had, across reloads; null on a
  // tab's first load, when no edit can have waited for it.
  let seen = store.get('seen', null);
  const me = () => `tab-${tab}`;
  const now = () => performance.timeOrigin + performance.now();

  // ---- the document ------------------------------------------------------
  // doc is the server's text as this tab last had it; sent is the text as
  // this tab last sent it (or took it from the server). Edits count
  // characters as Unicode code points, as the server does.
  const doc = { v: 0, text: '' };
  let sent = '';
  let inflight = false; // an edit sent over HTTP awaits its answer
  let unacked = []; // send times of edits sent over the WebSocket, not back yet
  let mineV = 0; // the version of this tab's last edit the server applied

  const chars = (s) => Array.from(s);
  const splice = (text, e) => {
    const c = chars(text);
    if (e.pos === undefined || e.pos === null) return text + e.text;
    c.splice(e.pos, e.del || 0, ...chars(e.text));
    return c.join('');
  };
  // diff is the one edit that turns a into b: the common start and end kept.
  const diff = (a, b) => {
    const A = chars(a), B = chars(b);
    let p = 0;
    while (p < A.length && p < B.length && A[p] === B[p]) p++;
    let s = 0;
    while (s < A.length - p && s < B.length - p && A[A.length - 1 - s] === B[B.length - 1 - s]) s++;
    return { text: B.slice(p, B.length - s).join(''), pos: p, del: A.length - p - s };
  };
  const quote = (s) => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
  const describe = (e) => {
    if (e.pos === undefined || e.pos === null) return t('append', quote(e.text));
    if (!e.del) return t('insert', quote(e.text), e.pos);
    if (!e.text) return t('remove', e.del, e.pos);
    return t('replace', e.del, e.pos, quote(e.text));
  };

  // ---- the server's clock ----------------------------------------------
  // offset = server clock − this tab's clock. An answer to a request sent
  // at t0 and read at t1 says the server read its clock (S) between the two,
  // so S − t1 ≤ offset ≤ S − t0. A push read at t1 says only that the
  // server read its clock before: offset ≥ S − t1. The offset lies in every
  // such range of the last minute (clocks drift), so in their intersection;
  // the estimate is its middle, off by at most half its width. When the
  // ranges do not meet (a clock was set), only the latest one counts.
  const WINDOW = 60000;
  const ranges = []; // {lo, hi, at}
  let lastTwoSided = null;
  const clock = { offset: null, bound: Infinity, answers: 0 };
  const constrain = (lo, hi, at) => {
    if (!(lo <= hi) || !Number.isFinite(lo)) return;
    if (Number.isFinite(hi)) lastTwoSided = { lo, hi, at };
    if (!lastTwoSided) return; // a push alone bounds one side only
    ranges.push({ lo, hi, at });
    while (ranges.length > 500 || at - ranges[0].at > WINDOW) ranges.shift();
    let L = lastTwoSided.lo, U = lastTwoSided.hi;
    for (const r of ranges) { L = Math.max(L, r.lo); U = Math.min(U, r.hi); }
    if (L > U) { // inconsistent: start again from the latest answer
      ranges.length = 0;
      ranges.push(lastTwoSided);
      L = Math.max(lastTwoSided.lo, lo);
      U = lastTwoSided.hi;
      if (L > U) L = lastTwoSided.lo;
    }
    Object.assign(clock, { offset: (L + U) / 2, bound: (U - L) / 2, answers: ranges.length });
    $('clock').textContent = t('clock', (clock.offset >= 0 ? '+' : '') + num(clock.offset), num(clock.bound), clock.answers);
  };
  const sample = (t0, t1, server) => { if (server > 0 && t1 >= t0) constrain(server - t1, server - t0, t1); };
  const pushed = (t1, server) => { if (server > 0) constrain(server - t1, Infinity, t1); };
  const latency = (ts, arrived) => (clock.offset === null || !(ts > 0) ? null : arrived + clock.offset - ts);

  // ---- the log and the list of edits -------------------------------------
  let entries = store.get('log', []);
  const stamp = (ms) => {
    const d = new Date(ms);
    return d.toLocaleTimeString(lang, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  };
  const show = (list, e, max) => {
    const li = document.createElement('li');
    li.className = e.dir + (e.old ? ' old' : '');
    const time = document.createElement('time');
    time.textContent = stamp(e.at);
    const arrow = document.createElement('span');
    arrow.className = 'dir';
    arrow.textContent = { sent: '→', recv: '←', info: '·' }[e.dir] || '·';
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = e.text;
    li.append(time, arrow, text);
    if (typeof e.latency === 'number') {
      li.dataset.latencyMs = e.latency.toFixed(3);
      li.dataset.errorMs = e.bound.toFixed(3);
      const lat = document.createElement('span');
      lat.className = 'latency';
      lat.textContent = t('latency', num(e.latency), num(e.bound));
      li.append(lat);
    }
    list.prepend(li);
    while (list.children.length > max) list.lastChild.remove();
  };
  const log = (dir, text, lat) => {
    const e = { dir, text, at: Date.now() };
    if (typeof lat === 'number') Object.assign(e, { latency: lat, bound: clock.bound });
    entries.push(e);
    if (entries.length > MAX_LOG) entries = entries.slice(-MAX_LOG);
    store.set('log', entries);
    show(logEl, e, MAX_LOG);
  };
  const edit = (e, lat) => {
    const who = e.by === me() ? t('mine') : e.by || '?';
    const item = { dir: e.by === me() ? 'sent' : 'recv', at: Date.now(), text: `v${e.v} · ${who} · ${e.what || describe(e)}` };
    if (typeof lat === 'number') Object.assign(item, { latency: lat, bound: clock.bound });
    show(editsEl, item, MAX_EDITS);
  };
  const markSeen = () => {
    if (seen === null || doc.v > seen) {
      seen = doc.v;
      store.set('seen', seen);
    }
  };

  // ---- HTTP --------------------------------------------------------------
  const request = async (method, path, { body, headers = {}, signal } = {}) => {
    const url = tab ? `${path}${path.includes('?') ? '&' : '?'}tab=${tab}` : path;
    let line = `${method} ${url}`;
    for (const [k, v] of Object.entries(headers)) line += ` · ${k}: ${v}`;
    if (body) line += ` · ${body}`;
    log('sent', line);
    if (body) headers = { 'Content-Type': 'application/json', ...headers };
    const t0 = now();
    let res;
    try {
      // no-store: every request reaches the server, and a 304 reaches
      // this script instead of being answered from the browser's cache.
      res = await fetch(url, { method, body, headers, signal, cache: 'no-store' });
    } catch (err) {
      if (err.name !== 'AbortError') log('info', t('failed', err.message));
      throw err;
    }
    const text = await res.text();
    const t1 = now();
    sample(t0, t1, parseFloat(res.headers.get('X-Server-Time')));
    return { status: res.status, line: `${res.status} ${res.statusText}`, text, t1 };
  };
  const sleep = (ms, signal) => new Promise((resolve) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(id); resolve(); }, { once: true });
  });

  // A whole document arrived (a load, a poll): only its last edit's author
  // and time come with it, so that is the edit whose latency is measured.
  const gotDoc = (st, r) => {
    let lat = null;
    if (seen !== null && st.v > seen && st.by && st.by !== me()) lat = latency(st.ts, r.t1);
    log('recv', `${r.line} · v${st.v} · ${t('chars', chars(st.text).length)}`, lat);
    if (st.v > doc.v) {
      doc.v = st.v;
      doc.text = st.text;
      if (lat !== null) edit({ v: st.v, by: st.by, what: t('whole') }, lat);
    }
    markSeen();
    settle();
  };
  // Edits arrived one by one (a long poll, a WebSocket message): each has
  // its own time. The log entry carries the latency of the newest edit
  // from another tab.
  const gotEdits = (list, t1, line) => {
    let lat = null;
    for (const e of list) {
      if (e.v <= doc.v) continue; // this tab has it already
      if (e.v !== doc.v + 1) { fetchDoc(); return; } // a gap: take the whole document
      doc.text = splice(doc.text, e);
      doc.v = e.v;
      let l = null;
      if (e.by === me()) mineV = Math.max(mineV, e.v);
      else if ((l = latency(e.ts, t1)) !== null) lat = l;
      edit(e, l);
    }
    log('recv', line, lat);
    markSeen();
    settle();
  };
  const fetchDoc = async (signal) => {
    try {
      const r = await request('GET', `/docs/${DOC}`, { signal });
      if (r.status === 200) gotDoc(JSON.parse(r.text), r);
      else log('recv', r.line);
    } catch { /* logged */ }
  };

  // ---- this tab's own typing ---------------------------------------------
  // No merging of simultaneous edits (Google Docs transforms them; this
  // page does not): the server applies edits in the order they arrive, and
  // once this tab has nothing unsent it takes the server's text.
  const pending = () => docEl.value !== sent || inflight || unacked.length > 0;
  const settle = () => {
    if (pending() || doc.v < mineV || docEl.value === doc.text) return;
    const old = docEl.value, focused = document.activeElement === docEl;
    const [s, e] = [docEl.selectionStart, docEl.selectionEnd];
    docEl.value = doc.text;
    sent = doc.text;
    if (focused) { // keep the caret beside the same text
      let p = 0;
      while (p < old.length && p < doc.text.length && old[p] === doc.text[p]) p++;
      const move = (x) => (x <= p ? x : Math.max(p, x + doc.text.length - old.length));
      docEl.setSelectionRange(move(s), move(e));
    }
  };
  let ws = null; // the open WebSocket, in websocket mode
  const send = () => {
    if (docEl.value === sent) return settle();
    if (mode === 'websocket') {
      if (!ws || ws.readyState !== WebSocket.OPEN) return; // sent when it opens
      const msg = JSON.stringify(diff(sent, docEl.value));
      sent = docEl.value;
      unacked.push(now());
      ws.send(msg);
      log('sent', `WebSocket · ${msg}`);
      return;
    }
    if (inflight) return; // one edit at a time over HTTP; what is typed meanwhile goes next
    const body = JSON.stringify(diff(sent, docEl.value));
    sent = docEl.value;
    inflight = true;
    request('POST', `/docs/${DOC}/edits`, { body }).then((r) => {
      if (r.status !== 201) return log('recv', `${r.line} · ${r.text}`);
      const e = JSON.parse(r.text);
      mineV = Math.max(mineV, e.v);
      log('recv', `${r.line} · v${e.v}`);
      if (e.v === doc.v + 1) {
        doc.text = splice(doc.text, e);
        doc.v = e.v;
        edit(e, null);
        markSeen();
      }
    }).catch(() => {}).finally(() => { inflight = false; send(); });
  };
  docEl.addEventListener('input', send);

  // ---- the four ways of following ----------------------------------------
  const follow = {
    refresh() { /* nothing: the learner reloads */ },
    poll(signal) {
      (async () => {
        while (!signal.aborted) {
          await sleep(interval, signal);
          if (signal.aborted) return;
          try {
            const r = await request('GET', `/docs/${DOC}`, { headers: { 'If-None-Match': `"v${doc.v}"` }, signal });
            if (r.status === 200) gotDoc(JSON.parse(r.text), r);
            else log('recv', r.line);
          } catch { if (!signal.aborted) await sleep(1000, signal); }
        }
      })();
    },
    'long-poll'(signal) {
      (async () => {
        while (!signal.aborted) {
          try {
            const r = await request('GET', `/docs/${DOC}/edits?since=${doc.v}`, { signal });
            if (r.status === 200) gotEdits(JSON.parse(r.text), r.t1, r.line);
            else {
              log('recv', r.line);
              if (r.status !== 204) await sleep(1000, signal);
            }
          } catch { if (!signal.aborted) await sleep(1000, signal); }
        }
      })();
    },
    websocket(signal) {
      let retry = 0, timer = null;
      const open = () => {
        const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/docs/${DOC}/ws?since=${doc.v}&tab=${tab}`;
        log('sent', t('wsConnect', url));
        const sock = new WebSocket(url);
        ws = sock;
        sock.onopen = () => { retry = 0; log('recv', t('wsOpen')); send(); };
        sock.onmessage = (m) => {
          const t1 = now();
          let e;
          try { e = JSON.parse(m.data); } catch { return log('recv', `WebSocket · ${m.data}`); }
          // This tab's own edit, back: a round trip for the clock; any
          // other push bounds it from one side.
          if (e.by === me() && unacked.length) sample(unacked.shift(), t1, e.now);
          else pushed(t1, e.now);
          gotEdits([e], t1, `WebSocket · ${m.data}`);
        };
        sock.onclose = (c) => {
          log('recv', t('wsClose', c.code, c.reason));
          if (ws === sock) ws = null;
          unacked = [];
          if (!signal.aborted) timer = setTimeout(open, Math.min(10000, 1000 * 2 ** retry++));
          settle();
        };
      };
      open();
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        if (ws && ws.readyState <= WebSocket.OPEN) {
          log('sent', t('wsCloseSent', 1000, 'mode changed'));
          ws.close(1000, 'mode changed');
        }
        ws = null;
        unacked = [];
      }, { once: true });
    },
  };
  let stop = new AbortController();
  const start = (m) => {
    stop.abort();
    stop = new AbortController();
    mode = m;
    store.set('mode', m);
    modeEl.value = m;
    $('poll-every').hidden = m !== 'poll';
    $('reload').hidden = m !== 'refresh';
    const help = { refresh: 'helpRefresh', poll: 'helpPoll', 'long-poll': 'helpLongPoll', websocket: 'helpWebSocket' }[m];
    $('mode-help').textContent = t(help, interval);
    follow[m](stop.signal);
  };
  modeEl.addEventListener('change', () => start(modeEl.value));
  intervalEl.value = interval;
  intervalEl.addEventListener('change', () => {
    interval = Math.min(60000, Math.max(100, Math.round(+intervalEl.value || 1000)));
    intervalEl.value = interval;
    store.set('interval', interval);
    if (mode === 'poll') start('poll');
  });
  $('reload').addEventListener('click', () => location.reload());

  // ---- start -----------------------------------------------------------
  const main = async () => {
    if (entries.length) {
      entries = entries.map((e) => ({ ...e, old: true }));
      for (const e of entries) show(logEl, e, MAX_LOG);
      show(logEl, { dir: 'info', text: t('reloaded'), at: Date.now() }, MAX_LOG);
    }
    $('clock').textContent = t('clockNone');
    if (!tab) {
      try {
        const r = await request('POST', '/tabs');
        const j = JSON.parse(r.text);
        tab = j.tab;
        user = j.user;
        store.set('tab', tab);
        store.set('user', user);
        log('recv', `${r.line} · ${me()}`);
      } catch { return; }
    }
    params.set('tab', tab);
    history.replaceState(null, '', `?${params}`);
    $('who').textContent = t('who', me(), user);
    document.title = `${me()} · ${document.title}`;
    const foreign = $('foreign');
    const target = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/docs/${DOC}/ws?since=0`;
    foreign.href = `${location.protocol}//${location.hostname}:${html.dataset.foreignPort}/?target=${encodeURIComponent(target)}&lang=${lang}`;
    await fetchDoc();
    docEl.value = doc.text;
    sent = doc.text;
    docEl.disabled = false;
    start(mode);
    html.dataset.ready = 'true';
  };
  main();
})();
