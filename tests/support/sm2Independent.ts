/**
 * An independent SM2-SM3 implementation for tests: sm-crypto (its own big-number and curve
 * code, jsbn), which shares nothing with the server's (functions/core/signing/sm2.ts:
 * @noble/curves + OpenSSL's SM3). Agreement of the two, both ways, is evidence that
 * partners' SM2 libraries interoperate. DER signatures, user id 1234567812345678, as API.md says.
 */
import smCrypto from 'sm-crypto';

const { sm2 } = smCrypto;
const USER_ID = '1234567812345678';

export function independentKeyPair(): { privateKey: string; publicKey: string } {
  return sm2.generateKeyPairHex();
}

/** base64 of the DER signature of `message` by the private key. */
export function independentSign(privateKeyHex: string, message: string, userId = USER_ID): string {
  return Buffer.from(sm2.doSignature(message, privateKeyHex, { der: true, hash: true, userId }), 'hex').toString('base64');
}

export function independentVerify(publicKeyHex: string, message: string, signatureBase64: string, userId = USER_ID): boolean {
  return sm2.doVerifySignature(message, Buffer.from(signatureBase64, 'base64').toString('hex'), publicKeyHex, { der: true, hash: true, userId });
}
