/**
 * The demo (`npm run demo`) has no system browser, mail app or clipboard behind the app's services: what the
 * app would have handed them comes to the window as a `demo-handoff` event, and this says what would have
 * happened, so that "Open security info", "Open in mail app" and "Leave organisation" do not silently do nothing.
 */

export interface HandoffText {
  title: string;
  message: string;
}

/** The toast for a page or message the app would have opened. */
export function demoHandoffText(handler: 'browser' | 'mail', url: string): HandoffText {
  if (handler === 'browser') {
    return {
      title: 'In the app, this opens your browser',
      message: `This is the demo, so nothing opens. The app would open ${url} (with the demo's made-up organisations that page would find nothing).`,
    };
  }
  const { to, subject, bodyIncluded } = readMailto(url);
  return {
    title: 'In the app, this opens your mail app',
    message:
      `This is the demo, so nothing opens. The app would start a new message to ${to || 'nobody yet'}` +
      (subject ? `, subject “${subject}”` : '') +
      (bodyIncluded ? ', with the text filled in.' : ', and put the text on your clipboard to paste.'),
  };
}

function readMailto(url: string): { to: string; subject: string; bodyIncluded: boolean } {
  if (!url.toLowerCase().startsWith('mailto:')) return { to: '', subject: '', bodyIncluded: false };
  const rest = url.slice('mailto:'.length);
  const question = rest.indexOf('?');
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const to = decode(question === -1 ? rest : rest.slice(0, question))
    .split(',')
    .filter(Boolean)
    .join(', ');
  const params = new URLSearchParams(question === -1 ? '' : rest.slice(question + 1));
  return { to, subject: params.get('subject') ?? '', bodyIncluded: params.has('body') };
}
