/**
 * Accounts' profile tags beyond nick, face URL and add verification (the other standard Tag_Profile_IM_* tags and the
 * app's Tag_Profile_Custom_* ones): a JSON object by tag, NULL until one is set. It lives in the account's row, so
 * deleting the account deletes it.
 */
export const migration007 = `
ALTER TABLE accounts ADD COLUMN profile_fields TEXT;
`;
