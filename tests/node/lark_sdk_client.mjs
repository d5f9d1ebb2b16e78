// The official Lark Node SDK's client, pointed at an emulator's handshake. Each
// client gets a private token cache: the SDK's default cache is module-wide and
// keyed by appId, so a token from an earlier emulator could otherwise be reused.
import * as lark from '@larksuiteoapi/node-sdk';

function freshCache() {
  const entries = new Map();
  return {
    async get(key) {
      const entry = entries.get(key);
      return entry && entry.expire > Date.now() ? entry.value : undefined;
    },
    async set(key, value, expire) {
      entries.set(key, { value, expire });
      return true;
    },
  };
}

// `handshake`: the emulator's handshake line ({url, app_id, app_secret, …}).
export function larkSdkClient(handshake) {
  return new lark.Client({
    appId: handshake.app_id,
    appSecret: handshake.app_secret,
    domain: handshake.url,
    cache: freshCache(),
    loggerLevel: lark.LoggerLevel.error,
  });
}
