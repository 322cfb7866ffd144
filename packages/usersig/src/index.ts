export { genUserSig, type GenUserSigInput } from './gen-user-sig.ts';
export { verifyUserSig, type VerifyUserSigInput, type VerifiedUserSig } from './verify-user-sig.ts';
export { decodeUserSig, type DecodedUserSig } from './decode-user-sig.ts';
export { USERSIG_MAX_LENGTH, USERSIG_MAX_DOCUMENT_BYTES } from './parse-user-sig.ts';
