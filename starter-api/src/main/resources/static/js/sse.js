// Server-sent events over fetch(): EventSource cannot send an Authorization header, so the
// stream is read with a ReadableStream reader and parsed here, as the HTML standard's event
// stream format says (fields id, event, data, retry; comment lines; CR, LF or CRLF line ends).
// No DOM: the browser tests import this module in Node too.

/** A parser fed with text chunks; calls onEvent({id, event, data}) for each complete event. */
export function parser(onEvent, onRetry = () => {}) {
  let buffer = '';
  let data = [];
  let event = '';
  let id = null;
  let lastId = null;
  let pendingCr = false;

  function line(text) {
    if (text === '') {
      if (id !== null) lastId = id;
      if (data.length) onEvent({ id: lastId, event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      id = null;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  }

  return function feed(chunk) {
    buffer += chunk;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c === '\n' && pendingCr) {
        pendingCr = false;
        start = i + 1;
        continue;
      }
      pendingCr = false;
      if (c === '\r' || c === '\n') {
        line(buffer.slice(start, i));
        pendingCr = c === '\r';
        start = i + 1;
      }
    }
    buffer = buffer.slice(start);
  };
}

/**
 * Follows an event stream and comes back after a dropped connection with Last-Event-ID, so that
 * no event is lost. headers() is asked at each connection (the token may have changed).
 * onState(state, detail) hears 'open', 'reconnecting' and 'stopped' (for a 401 or 404, or close()).
 * Answers {close(), lastEventId()}.
 */
export function follow(url, { headers = () => ({}), onEvent, onState = () => {}, lastEventId = null, minDelay = 500 }) {
  let last = lastEventId;
  let delay = minDelay;
  let closed = false;
  let controller = null;

  async function connect() {
    controller = new AbortController();
    const h = { Accept: 'text/event-stream', ...headers() };
    if (last !== null) h['Last-Event-ID'] = last;
    const res = await fetch(url, { headers: h, signal: controller.signal, cache: 'no-store' });
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      closed = true;
      onState('stopped', res.status);
      return;
    }
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    onState('open');
    delay = minDelay;
    const feed = parser((e) => {
      if (e.id !== null) last = e.id;
      onEvent(e);
    }, (retry) => { delay = Math.max(minDelay, retry); });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      feed(value);
    }
  }

  (async () => {
    while (!closed) {
      try {
        await connect();
      } catch (e) {
        if (closed) break;
      }
      if (closed) break;
      onState('reconnecting', delay);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  })();

  return {
    close() {
      closed = true;
      controller?.abort();
      onState('stopped');
    },
    lastEventId: () => last,
  };
}
