/** Seqs below a conversation entry's last_seq not recorded in it yet (a JSON array), so each seq counts once. */
export const migration005 = `
ALTER TABLE conversations ADD COLUMN missing_seqs TEXT NOT NULL DEFAULT '[]';
`;
