/** Group messages' `@` mentions (a JSON array of user IDs), absent on one-to-one messages. */
export const migration004 = `
ALTER TABLE messages ADD COLUMN mentions TEXT;
`;
