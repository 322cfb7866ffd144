-- Accounts' profile tags beyond nick, face_url and add_verification (the other standard Tag_Profile_IM_* tags and the
-- app's Tag_Profile_Custom_* ones): a JSON object by tag, NULL until one is set. It lives in the account's row, so
-- deleting the account (or purging the app) deletes it.
ALTER TABLE accounts ADD COLUMN profile_fields LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
