-- Indexes for the web page: `/web tat` voids a chat's unused links; an agency's page lists its reports,
-- newest first.
CREATE INDEX web_links_by_chat ON web_links (platform, chat_id);
CREATE INDEX reports_by_agency ON reports (plan_id, agency, id);
