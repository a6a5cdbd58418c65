-- A coordinator chat may be one plan's: it then gets that plan's digest only (NULL: every plan its
-- agency coordinates). The code that binds it says so.
ALTER TABLE chat_bindings ADD COLUMN plan TEXT;
ALTER TABLE invite_codes ADD COLUMN plan TEXT;
