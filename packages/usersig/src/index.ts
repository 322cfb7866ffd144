export { type DecodedUserSig, decodeUserSig } from './decode-user-sig.ts';
export { type GenUserSigInput, genUserSig } from './gen-user-sig.ts';
export { USERSIG_MAX_DOCUMENT_BYTES, USERSIG_MAX_LENGTH } from './parse-user-sig.ts';
export { type VerifiedUserSig, type VerifyUserSigInput, verifyUserSig } from './verify-user-sig.ts';
