-- Conversation search (docs/search.md): GIN expression indexes over the same normalised text as
-- SQLite's FTS5 tables (server/search/text.ts), so every writer, raw SQL included, keeps them current.
CREATE FUNCTION sb_search_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT regexp_replace(
    regexp_replace(lower(left(coalesce(t, ''), 100000)), '[^[:alnum:]\u0300-\u036f]+', ' ', 'g'),
    '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])', ' \1 ', 'g')
$$;

CREATE FUNCTION sb_digit_suffixes(phone text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT coalesce(string_agg(substr(d, i), ' ' ORDER BY i), '')
  FROM (SELECT regexp_replace(coalesce(phone, ''), '\D', '', 'g') AS d) digits, generate_series(1, length(d) - 2) AS i
$$;

CREATE FUNCTION sb_customer_search(name text, email text, company text, phone text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT to_tsvector('simple'::regconfig, sb_search_text(name) || ' ' || sb_search_text(email) || ' ' || sb_search_text(company) || ' ' || sb_digit_suffixes(phone))
$$;

CREATE FUNCTION sb_message_search(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT to_tsvector('simple'::regconfig, sb_search_text(body))
$$;

CREATE INDEX "Message_search_idx" ON "Message" USING GIN (sb_message_search("body"));
CREATE INDEX "Customer_search_idx" ON "Customer" USING GIN (sb_customer_search("name", "email", "company", "phone"));
