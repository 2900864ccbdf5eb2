-- Every app process keeps validated sessions of answer saves for a few seconds (auth/session-cache.ts). A session that
-- ends while it could still be valid, and a user disabled or made to change the password, is announced on the live
-- channel at commit, whoever ended it (sign-out, password change, disable, SQL by hand): each process forgets it then.
-- Expired sessions (the hourly sweep) are not announced: a cached entry checks the expiry itself.
CREATE FUNCTION notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('contest_activity', 'session:' || OLD.id);
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER sessions_ended_notify AFTER DELETE ON sessions
	FOR EACH ROW WHEN (OLD.expires_at > now()) EXECUTE FUNCTION notify_session_ended();--> statement-breakpoint
CREATE FUNCTION notify_user_session_rules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('contest_activity', 'user:' || NEW.id);
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER users_session_rules_notify AFTER UPDATE OF disabled_at, must_change_password ON users
	FOR EACH ROW WHEN (OLD.disabled_at IS DISTINCT FROM NEW.disabled_at
		OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password)
	EXECUTE FUNCTION notify_user_session_rules();
