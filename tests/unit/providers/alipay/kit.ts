/** What the Alipay adapters' tests share: the app's and Alipay's key pairs, Alipay's signed answers, the app's signature. */
import { createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signRsa2 } from '../../../../functions/providers/alipay/gateway.js';
import type { Call } from '../../support/fakeFetch.js';

export const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The keys as a channel's configuration holds them: the app's private key and Alipay's public key, PEM. */
export const appKeys = {
  privateKey: app.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  alipayPublicKey: alipay.publicKey.export({ type: 'spki', format: 'pem' }) as string,
};

/** A gateway answer as Alipay sends it: the node, then its signature by the Alipay key. */
export function signed(key: string, node: unknown, signer: KeyObject = alipay.privateKey): Response {
  const raw = JSON.stringify(node);
  return new Response(`{"${key}":${raw},"sign":"${signRsa2(raw, signer)}"}`, {
    status: 200,
    headers: { 'content-type': 'application/json;charset=utf-8' },
  });
}

/** Every param of a recorded gateway request: URL query plus form body. */
export function paramsOf(call: Call): Record<string, string> {
  const url = new URL(call.url);
  return { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(String(call.init.body))) };
}

/** Whether the request's sign is the app key's RSA2 signature of its other non-empty params, sorted. */
export function appSignatureValid(params: Record<string, string>): boolean {
  const content = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, params.sign!, 'base64');
}
