/** A scripted HttpTransport for tests of the ARM and Graph clients: answers by URL, records the requests. */
import type { HttpRequest, HttpResponse, HttpTransport } from '../../main/net/transport';

export type Answer = HttpResponse | Error | ((request: HttpRequest) => HttpResponse | Error);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function fakeTransport(routes: Record<string, Answer | Answer[]>): HttpTransport & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const queues = new Map(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  return {
    requests,
    async request(request) {
      requests.push(request);
      const key = [...queues.keys()].filter((k) => request.url.startsWith(k)).sort((a, b) => b.length - a.length)[0];
      if (!key) throw new Error(`no scripted answer for ${request.url}`);
      const queue = queues.get(key)!;
      const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
      const value = typeof answer === 'function' ? answer(request) : answer;
      if (value instanceof Error) throw value;
      return value;
    },
    close() {},
  };
}
