-- AI requests shared between app nodes. Keep in step with the other engine's file of this name.

-- The app node that runs a request (a random id per process, not personal data) and when it
-- last said it still does, in Unix seconds like created_at and finished_at. A request in
-- progress whose heartbeat (or, never started, whose created_at) is older than the bound is
-- marked failed with error 'interrupted' by any node.
ALTER TABLE ai_requests ADD COLUMN node TEXT;
ALTER TABLE ai_requests ADD COLUMN heartbeat_at BIGINT;
-- Someone asked to stop it, on any node; the node running it reads this with its heartbeat.
ALTER TABLE ai_requests ADD COLUMN cancel_requested_at BIGINT;

-- Few requests are in progress at any time: the reaper reads only those.
CREATE INDEX ai_requests_in_progress ON ai_requests(heartbeat_at) WHERE status IN ('queued', 'running');
