export { parseMasterKey } from './master-key.ts';
export { loadOrCreateMasterKeyFile, type MasterKeyFile } from './master-key-file.ts';
export { createSecretBox, type SecretBox } from './secret-box.ts';
