-- Conversation search (docs/search.md): FTS5 indexes of message text and customer fields, kept
-- current by triggers. sb_search_text / sb_digit_suffixes are registered on every connection
-- (server/db/sqlite-search-functions.ts). A rebuild of "Message" or "Customer" drops these
-- triggers: recreate them and refill the index as below.
CREATE VIRTUAL TABLE "MessageSearch" USING fts5("body", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER "Message_search_insert" AFTER INSERT ON "Message" BEGIN
  INSERT INTO "MessageSearch" (rowid, "body") VALUES (new."id", sb_search_text(new."body"));
END;
CREATE TRIGGER "Message_search_update" AFTER UPDATE OF "body" ON "Message" BEGIN
  DELETE FROM "MessageSearch" WHERE rowid = old."id";
  INSERT INTO "MessageSearch" (rowid, "body") VALUES (new."id", sb_search_text(new."body"));
END;
CREATE TRIGGER "Message_search_delete" AFTER DELETE ON "Message" BEGIN
  DELETE FROM "MessageSearch" WHERE rowid = old."id";
END;

INSERT INTO "MessageSearch" (rowid, "body") SELECT "id", sb_search_text("body") FROM "Message";

-- Customers: keyed by the table's rowid, the id kept beside it (UNINDEXED, stored).
CREATE VIRTUAL TABLE "CustomerSearch" USING fts5("body", "customerId" UNINDEXED, content='', contentless_delete=1, contentless_unindexed=1, tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER "Customer_search_insert" AFTER INSERT ON "Customer" BEGIN
  INSERT INTO "CustomerSearch" (rowid, "body", "customerId")
  VALUES (new.rowid, sb_search_text(new."name") || ' ' || sb_search_text(new."email") || ' ' || sb_search_text(new."company") || ' ' || sb_digit_suffixes(new."phone"), new."id");
END;
CREATE TRIGGER "Customer_search_update" AFTER UPDATE OF "name", "email", "company", "phone" ON "Customer" BEGIN
  DELETE FROM "CustomerSearch" WHERE rowid = old.rowid;
  INSERT INTO "CustomerSearch" (rowid, "body", "customerId")
  VALUES (new.rowid, sb_search_text(new."name") || ' ' || sb_search_text(new."email") || ' ' || sb_search_text(new."company") || ' ' || sb_digit_suffixes(new."phone"), new."id");
END;
CREATE TRIGGER "Customer_search_delete" AFTER DELETE ON "Customer" BEGIN
  DELETE FROM "CustomerSearch" WHERE rowid = old.rowid;
END;

INSERT INTO "CustomerSearch" (rowid, "body", "customerId")
SELECT rowid, sb_search_text("name") || ' ' || sb_search_text("email") || ' ' || sb_search_text("company") || ' ' || sb_digit_suffixes("phone"), "id" FROM "Customer";
