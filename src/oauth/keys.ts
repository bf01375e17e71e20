import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { SecretBox } from '../secrets/index.js';
import type { SealedSecret, Store } from '../store/index.js';

const SETTING = 'oauth_signing_key';
const AAD = 'portico oauth signing key v1';
const ALG = 'ES256';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** The built-in authorization server's ES256 signing key (private JWK sealed in the store's settings). */
export class SigningKeys {
  private constructor(
    readonly kid: string,
    private readonly privateKey: SigningKey,
    readonly publicKey: SigningKey,
    private readonly publicJwk: JWK,
  ) {}

  /**
   * Load the key pair from the store, or generate and store one on first start. The private key is
   * encrypted with the instance's {@link SecretBox}; every replica on the same store signs with it.
   */
  static async load(store: Store, box: SecretBox): Promise<SigningKeys> {
    const existing = await store.getSetting(SETTING);
    if (existing !== undefined) {
      const stored = JSON.parse(existing) as { kid: string; sealed: SealedSecret };
      return SigningKeys.fromPrivateJwk(stored.kid, JSON.parse(box.open(stored.sealed, AAD)) as JWK);
    }
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = randomBytes(8).toString('hex');
    const jwk = await exportJWK(privateKey);
    // Insert only if absent: a concurrent first start of another replica may have won the write.
    const stored = await store.setSettingIfAbsent(
      SETTING,
      JSON.stringify({ kid, sealed: box.seal(JSON.stringify(jwk), AAD) }),
    );
    const winner = JSON.parse(stored) as {
      kid?: string;
      sealed?: SealedSecret;
    };
    if (winner.kid !== undefined && winner.kid !== kid && winner.sealed !== undefined) {
      return SigningKeys.fromPrivateJwk(winner.kid, JSON.parse(box.open(winner.sealed, AAD)) as JWK);
    }
    return SigningKeys.fromPrivateJwk(kid, jwk);
  }

  private static async fromPrivateJwk(kid: string, jwk: JWK): Promise<SigningKeys> {
    const privateKey = (await importJWK({ ...jwk, alg: ALG }, ALG)) as SigningKey;
    const { d: _d, ...pub } = jwk;
    const publicJwk: JWK = { ...pub, kid, alg: ALG, use: 'sig' };
    const publicKey = (await importJWK(publicJwk, ALG)) as SigningKey;
    return new SigningKeys(kid, privateKey, publicKey, publicJwk);
  }

  /** The JWK Set served at `/oauth/jwks` (public key only). */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** Sign an access token (RFC 9068 `at+jwt`). */
  sign(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid: this.kid, typ: 'at+jwt' })
      .sign(this.privateKey);
  }
}
