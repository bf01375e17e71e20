export { decodeKey, type LoadSecretKeyOptions, loadSecretKey, SECRET_KEY_FILE } from './key.js';
export { keyCheckValue, verifySecretKey } from './key-check.js';
export { SecretBox } from './secret-box.js';
export { secretAad, TenantSecrets } from './tenant-secrets.js';
