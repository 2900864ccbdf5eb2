#!/usr/bin/env bash
# A PostgreSQL 15 primary and a streaming replica (hot standby, made by pg_basebackup) on this machine, and the
# production build reading from both: shows that DATABASE_READ_URL sends the heavy reads to the replica, that writes
# and the viewer's own data stay on the primary, and what a reader sees while the replica lags
# (docs/ARCHITECTURE.md "Read replica").
#
#   bash scripts/replica-demo.sh          the whole demo: clusters, build, demo data, app, checks; then stops it all
#   bash scripts/replica-demo.sh start    only the two clusters, left running (prints DATABASE_URL, DATABASE_READ_URL)
#   bash scripts/replica-demo.sh stop     stops the clusters and removes REPLICA_DIR
#
# Settings: REPLICA_DIR (/tmp/replica-test), PRIMARY_PORT (55440), REPLICA_PORT (55441), APP_PORT (4186),
# PG_BIN (/usr/lib/postgresql/15/bin), SKIP_BUILD=1 reuses build/, NODE (node). Runs as root: the clusters run as
# the postgres user (runuser); both log every statement with its application_name, which is how the demo tells
# the app's read pool ("cuocthi-read") from its primary pool ("cuocthi").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIR=${REPLICA_DIR:-/tmp/replica-test}
PRIMARY_PORT=${PRIMARY_PORT:-55440}
REPLICA_PORT=${REPLICA_PORT:-55441}
APP_PORT=${APP_PORT:-4186}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
NODE=${NODE:-node}
DB=cuocthi
PRIMARY_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB"
REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB"
ORIGIN="http://127.0.0.1:$APP_PORT"

as_postgres() { (cd / && runuser -u postgres -- "$@"); }
on_primary() { as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d "${DBNAME:-$DB}" -qAtX -c "$1"; }
on_replica() { as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d "${DBNAME:-$DB}" -qAtX -c "$1"; }

start_clusters() {
	stop_clusters
	mkdir -p "$DIR"
	chown postgres:postgres "$DIR"
	local logging=(-c log_statement=all -c "log_line_prefix=%m [%a] " -c log_min_messages=warning)
	# trust on 127.0.0.1 only: a throwaway pair of clusters
	as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
	as_postgres "$PG_BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w -t 60 -o "-p $PRIMARY_PORT -k $DIR \
		-c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4 -c max_connections=100 \
		${logging[*]@Q}" start >/dev/null
	# the replica: a base backup that streams the WAL written meanwhile, -R writes standby.signal + primary_conninfo
	as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream \
		-c fast --no-sync
	as_postgres "$PG_BIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w -t 60 -o "-p $REPLICA_PORT -k $DIR \
		-c listen_addresses=127.0.0.1 -c hot_standby=on -c hot_standby_feedback=on -c max_connections=100 \
		${logging[*]@Q}" start >/dev/null
	local state
	for _ in $(seq 50); do
		state=$(DBNAME=postgres on_primary "select state from pg_stat_replication limit 1" || true)
		[ "$state" = streaming ] && break
		sleep 0.2
	done
	[ "$state" = streaming ] || { echo "the replica is not streaming" >&2; return 1; }
	echo "primary 127.0.0.1:$PRIMARY_PORT, replica 127.0.0.1:$REPLICA_PORT (in recovery: $(DBNAME=postgres on_replica 'select pg_is_in_recovery()'), $state)"
	DBNAME=postgres on_primary "create database $DB"
	wait_for_replica
	echo "DATABASE_URL=$PRIMARY_URL"
	echo "DATABASE_READ_URL=$REPLICA_URL"
}

stop_clusters() {
	local which
	for which in replica primary; do
		if [ -f "$DIR/$which/postmaster.pid" ]; then
			as_postgres "$PG_BIN/pg_ctl" -D "$DIR/$which" -m fast -w stop >/dev/null || true
		fi
	done
	rm -rf "$DIR"
}

# Until the replica has replayed everything the primary has written so far.
wait_for_replica() {
	local target
	target=$(DBNAME=postgres on_primary "select pg_current_wal_lsn()")
	for _ in $(seq 100); do
		[ "$(DBNAME=postgres on_replica "select pg_last_wal_replay_lsn() >= '$target'::pg_lsn")" = t ] && return
		sleep 0.1
	done
	echo "the replica did not catch up with $target" >&2
	return 1
}

APP_PID=""
stop_all() {
	if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; fi
	stop_clusters
}

log_lines() { # log_lines primary|replica application: statements that application sent so far
	grep -c "\[$2\] LOG:  \(statement\|execute\)" "$DIR/$1.log" || true
}

fetch() { # fetch PATH [curl args]: the body; fails unless 200
	curl -sS -o "$DIR/body.html" -w '%{http_code}' "${@:2}" "$ORIGIN$1" >"$DIR/status"
	[ "$(cat "$DIR/status")" = 200 ] || { echo "GET $1: HTTP $(cat "$DIR/status")" >&2; return 1; }
	cat "$DIR/body.html"
}

expect_in() { # expect_in TEXT what: fails unless the last fetched body contains TEXT
	grep -qF -- "$1" "$DIR/body.html" || { echo "FAILED: $2 (no '$1')" >&2; return 1; }
	echo "ok: $2"
}

demo() {
	trap stop_all EXIT
	start_clusters
	if [ "${SKIP_BUILD:-}" != 1 ]; then
		npm run build --silent >"$DIR/build.log" 2>&1 || { cat "$DIR/build.log" >&2; return 1; }
	fi
	DATABASE_URL=$PRIMARY_URL MIGRATIONS_DIR=drizzle "$NODE" node_modules/tsx/dist/cli.mjs scripts/seed-demo.ts \
		>"$DIR/seed.log" 2>&1 || { cat "$DIR/seed.log" >&2; return 1; }
	echo "demo organization seeded on the primary"
	wait_for_replica

	PORT=$APP_PORT HOST=127.0.0.1 ORIGIN=$ORIGIN DATABASE_URL=$PRIMARY_URL DATABASE_READ_URL=$REPLICA_URL \
		MIGRATIONS_DIR=drizzle "$NODE" build/index.js >"$DIR/app.log" 2>&1 &
	APP_PID=$!
	for _ in $(seq 100); do
		curl -sf -o /dev/null "$ORIGIN/" && break
		sleep 0.2
	done
	echo "app on $ORIGIN ($("$NODE" --version)), pid $APP_PID"

	local round winner code
	round=$(on_primary "select id from rounds where results_state = 'published' order by id limit 1")
	winner=$(on_primary "select u.full_name from round_results r join users u on u.id = r.user_id
		where r.round_id = $round and r.rank = 1 order by u.id limit 1")
	code=$(on_primary "select code from certificates where revoked_at is null order by id limit 1")

	echo "--- an anonymous visitor: public results, a published round, a certificate"
	local p0 r0
	p0=$(log_lines primary cuocthi)
	r0=$(log_lines replica cuocthi-read)
	fetch /results >/dev/null
	fetch "/results/rounds/$round" >/dev/null
	expect_in "$winner" "the published round names its winner ($winner)"
	fetch "/verify/$code" >/dev/null
	expect_in "$(on_primary "select full_name from certificates where code = '$code'")" "certificate $code verifies"
	echo "statements for those 3 pages: replica $(($(log_lines replica cuocthi-read) - r0)), primary $(($(log_lines primary cuocthi) - p0))"

	echo "--- a participant signs in (a write: the primary) and reads the round's leaderboard (the replica)"
	local jar="$DIR/cookies"
	curl -sS -o /dev/null -c "$jar" -H "origin: $ORIGIN" --data-urlencode login=0900000004 \
		--data-urlencode password=Thisinh@2026 "$ORIGIN/login"
	p0=$(log_lines primary cuocthi)
	r0=$(log_lines replica cuocthi-read)
	fetch "/rounds/$round/leaderboard" -b "$jar" >/dev/null
	expect_in "$winner" "the leaderboard lists the winner"
	echo "statements for the leaderboard: replica $(($(log_lines replica cuocthi-read) - r0)), primary $(($(log_lines primary cuocthi) - p0)) (session, visibility, the viewer's own standing)"
	[ "$(log_lines primary cuocthi-read)" = 0 ] && echo "ok: the read pool never connected to the primary"
	echo "replica connections by application: $(on_replica "select string_agg(application_name || '=' || n, ', ')
		from (select application_name, count(*) n from pg_stat_activity where datname = '$DB' group by 1) a")"

	echo "--- replication lag"
	on_primary "create table demo_lag (id int primary key)"
	wait_for_replica
	# one connection to each: commit a row on the primary, then ask the replica until it has it
	PRIMARY_URL=$PRIMARY_URL REPLICA_URL=$REPLICA_URL "$NODE" --input-type=module -e '
		import postgres from "postgres";
		const primary = postgres(process.env.PRIMARY_URL, { max: 1 });
		const replica = postgres(process.env.REPLICA_URL, { max: 1 });
		const lags = [];
		for (let id = 1; id <= 50; id++) {
			await primary`insert into demo_lag values (${id})`;
			const committed = performance.now();
			while ((await replica`select 1 from demo_lag where id = ${id}`).length === 0);
			lags.push(performance.now() - committed);
		}
		lags.sort((a, b) => a - b);
		const f = (x) => x.toFixed(1);
		console.log(`a row committed on the primary is visible on the replica after: median ${f(lags[25])} ms, ` +
			`p90 ${f(lags[45])} ms, max ${f(lags[49])} ms (50 rows; includes one replica round trip)`);
		await Promise.all([primary.end(), replica.end()]);
	'
	echo "pg_stat_replication: $(DBNAME=postgres on_primary "select 'write ' || coalesce(write_lag::text, '0') || ', flush ' ||
		coalesce(flush_lag::text, '0') || ', replay ' || coalesce(replay_lag::text, '0') from pg_stat_replication")"

	echo "--- the replica held back (replay paused): what a reader sees while it lags"
	local renamed="Tên Đã Đổi" new_code=DEMQ000001
	on_replica "select pg_wal_replay_pause()" >/dev/null
	on_primary "update users set full_name = '$renamed' where id = (select user_id from round_results where round_id = $round
		and rank = 1 order by user_id limit 1)"
	on_primary "insert into certificates (code, kind, contest_id, round_id, user_id, full_name, unit_name, contest_title,
		award_text, issuer_name) select '$new_code', 'participation', r.contest_id, r.id, rr.user_id, 'Người Mới Cấp', 'Demo',
		'Demo', 'Đã tham gia', 'Demo' from rounds r join round_results rr on rr.round_id = r.id where r.id = $round
		and not exists (select 1 from certificates c where c.kind = 'participation' and c.round_id = r.id
		and c.user_id = rr.user_id) limit 1"
	fetch "/results/rounds/$round" >/dev/null
	expect_in "$winner" "while lagging, the public round still shows the old name"
	fetch "/verify/$new_code" >/dev/null
	expect_in "Người Mới Cấp" "while lagging, a certificate issued meanwhile verifies (asked again of the primary)"
	on_replica "select pg_wal_replay_resume()" >/dev/null
	wait_for_replica
	fetch "/results/rounds/$round" >/dev/null
	expect_in "$renamed" "once replayed, the public round shows the new name"
	echo "demo passed"
}

case "${1:-demo}" in
start) start_clusters ;;
stop) stop_clusters ;;
demo) demo ;;
*)
	echo "usage: bash scripts/replica-demo.sh [demo|start|stop]" >&2
	exit 2
	;;
esac
