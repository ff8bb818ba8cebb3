/**
 * TEST TOOLING: the script the stand-in window runs in its page before the page's own scripts (playwright's
 * `addInitScript`), on every load:
 *
 * - the BUILT preload's code, in the main frame only (as with `nodeIntegrationInSubFrames: false`), with a
 *   `require` that knows nothing but `electron`, whose `contextBridge` and `ipcRenderer` go over playwright
 *   bindings to the stand-in's `ipcMain` in Node (bindings.ts);
 * - the permission-asking web APIs (notifications, camera and microphone, geolocation, clipboard reading, MIDI,
 *   `navigator.permissions.query`) routed to the session's permission request and check handlers first, as
 *   Electron routes Chromium's permission requests; a refusal answers as Chromium does when the user says no.
 *
 * Written as plain browser JavaScript in a string: it runs in the page, not in Node.
 */

export const BINDINGS = {
  invoke: '__electronStandInInvoke',
  send: '__electronStandInSend',
  permission: '__electronStandInPermission',
  check: '__electronStandInPermissionCheck',
} as const;

/** The page-side function webContents.send calls: (channel, args) → the preload's ipcRenderer listeners. */
export const DISPATCH = '__electronStandInDispatch';

export function pageBridgeScript(preloadSource: string | null): string {
  const preload = preloadSource
    ? `
  if (window.top === window) {
    const listeners = new Map();
    const eventFor = () => ({ sender: ipcRenderer, senderId: 0, ports: [] });
    const ipcRenderer = {
      invoke(channel, ...args) {
        return window[B.invoke](channel, args).then((answer) => {
          if ('error' in answer) throw new Error(answer.error);
          return answer.value;
        });
      },
      send(channel, ...args) {
        void window[B.send](channel, args);
      },
      on(channel, listener) {
        if (!listeners.has(channel)) listeners.set(channel, []);
        listeners.get(channel).push(listener);
        return ipcRenderer;
      },
      once(channel, listener) {
        const once = (...a) => {
          ipcRenderer.removeListener(channel, once);
          listener(...a);
        };
        return ipcRenderer.on(channel, once);
      },
      removeListener(channel, listener) {
        const list = listeners.get(channel) || [];
        const at = list.indexOf(listener);
        if (at >= 0) list.splice(at, 1);
        return ipcRenderer;
      },
      off(channel, listener) {
        return ipcRenderer.removeListener(channel, listener);
      },
      removeAllListeners(channel) {
        if (channel === undefined) listeners.clear();
        else listeners.delete(channel);
        return ipcRenderer;
      },
    };
    Object.defineProperty(window, ${JSON.stringify(DISPATCH)}, {
      value(channel, args) {
        for (const listener of [...(listeners.get(channel) || [])]) listener(eventFor(), ...args);
        return (listeners.get(channel) || []).length;
      },
    });
    const contextBridge = {
      exposeInMainWorld(key, api) {
        Object.defineProperty(window, key, { value: api, enumerable: true, writable: false, configurable: false });
      },
    };
    const require = (id) => {
      if (id === 'electron') return { contextBridge, ipcRenderer };
      throw new Error('module not found: ' + id + ' (a sandboxed preload may require electron only)');
    };
    const module = { exports: {} };
    (function (require, module, exports) {
${preloadSource}
    })(require, module, module.exports);
  }`
    : '';
  return `(() => {
  const B = ${JSON.stringify(BINDINGS)};
  const ask = (permission, details) => window[B.permission](permission, details || {});
  const denied = (what) => new DOMException(what + ' permission denied', 'NotAllowedError');
  if (window.Notification) {
    const request = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = async (callback) => {
      const answer = (await ask('notifications')) ? await request() : 'denied';
      if (callback) callback(answer);
      return answer;
    };
  }
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const mediaTypes = ['audio', 'video'].filter((k) => constraints && constraints[k]);
      if (!(await ask('media', { mediaTypes }))) throw denied('media');
      return getUserMedia(constraints);
    };
  }
  if (navigator.geolocation) {
    const getCurrentPosition = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
    navigator.geolocation.getCurrentPosition = (success, failure, options) => {
      ask('geolocation').then((ok) => {
        if (ok) getCurrentPosition(success, failure, options);
        else if (failure) failure({ code: 1, message: 'User denied Geolocation', PERMISSION_DENIED: 1 });
      });
    };
  }
  if (navigator.clipboard && navigator.clipboard.readText) {
    const readText = navigator.clipboard.readText.bind(navigator.clipboard);
    navigator.clipboard.readText = async () => {
      if (!(await ask('clipboard-read'))) throw denied('clipboard-read');
      return readText();
    };
  }
  if (navigator.requestMIDIAccess) {
    const requestMIDIAccess = navigator.requestMIDIAccess.bind(navigator);
    navigator.requestMIDIAccess = async (options) => {
      if (!(await ask(options && options.sysex ? 'midiSysex' : 'midi'))) throw denied('midi');
      return requestMIDIAccess(options);
    };
  }
  if (navigator.permissions && navigator.permissions.query) {
    const query = navigator.permissions.query.bind(navigator.permissions);
    navigator.permissions.query = async (descriptor) => {
      const granted = await window[B.check](descriptor && descriptor.name);
      if (!granted) return { name: descriptor && descriptor.name, state: 'denied', onchange: null };
      return query(descriptor);
    };
  }${preload}
})();`;
}
