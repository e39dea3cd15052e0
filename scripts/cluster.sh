#!/usr/bin/env bash
# scripts/cluster.sh — a throw-away 6-node Redis Cluster (3 masters, 3
# replicas) on 127.0.0.1 for clusterlint's real-cluster tests.
#
#   scripts/cluster.sh start    start (or reuse a healthy) cluster, print its env
#   scripts/cluster.sh stop     shut every node down and remove the state dir
#   scripts/cluster.sh status   print node roles and cluster_state (exit 1 if unhealthy)
#   scripts/cluster.sh env      print `export ...` lines: eval "$(scripts/cluster.sh env)"
#
# Environment:
#   CLUSTERLINT_CLUSTER_DIR    state directory (default: <repo>/.cluster)
#   CLUSTERLINT_PORT_BASE      first port to try (default 17000); the script picks
#                              6 consecutive free ports whose bus ports (+10000)
#                              are free too
#   CLUSTERLINT_NODE_TIMEOUT   cluster-node-timeout in ms (default 5000)
#
# State directory layout: node-<port>/ (one per node: nodes.conf, redis.log,
# redis.pid), nodes.tsv (port, pid, role), env (CLUSTERLINT_CLUSTER=...,
# CLUSTERLINT_CLUSTER_DIR=...), create.log, and a marker file that makes
# `stop` willing to delete the directory.
set -euo pipefail

script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
repo=$(cd "$(dirname "$script")/.." && pwd)

dir=${CLUSTERLINT_CLUSTER_DIR:-$repo/.cluster}
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
dir=${dir%/}
port_base=${CLUSTERLINT_PORT_BASE:-17000}
node_timeout=${CLUSTERLINT_NODE_TIMEOUT:-5000}

readonly NODES=6 HOST=127.0.0.1 MARKER=.clusterlint-cluster
readonly START_TIMEOUT_S=60 # bound on waiting for the cluster to become healthy
readonly NODE_UP_TIMEOUT_S=10 # bound on waiting for one node to answer
readonly STOP_TIMEOUT_S=5   # SHUTDOWN grace before kill -9

log() { printf 'cluster.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	sed -n '2,9s/^# \{0,1\}//p' "$script" >&2
	exit 2
}

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

need_tools() {
	local t missing=()
	for t in redis-server redis-cli; do
		command -v "$t" >/dev/null 2>&1 || missing+=("$t")
	done
	if ((${#missing[@]})); then
		die "not found in PATH: ${missing[*]}. Install Redis 7 (Debian/Ubuntu: sudo apt-get install -y redis-server; scripts/test.sh does this itself when run as root)."
	fi
	local v
	v=$(redis-server --version 2>/dev/null | sed -n 's/.* v=\([0-9][0-9.]*\).*/\1/p')
	if [[ -n $v && ${v%%.*} -lt 7 ]]; then
		log "warning: redis-server $v found; the test cluster expects Redis 7"
	fi
}

# rcli PORT ARGS... — redis-cli on one of our nodes, bounded in time, CRs stripped.
rcli() {
	local port=$1 out
	shift
	out=$(timeout 3 redis-cli -h "$HOST" -p "$port" "$@" </dev/null 2>/dev/null) || return 1
	printf '%s\n' "${out//$'\r'/}"
}

# field NAME TEXT — value of "NAME:value" line in INFO-style TEXT.
field() {
	local line
	while IFS= read -r line; do
		if [[ $line == "$1:"* ]]; then
			printf '%s\n' "${line#*:}"
			return 0
		fi
	done <<<"$2"
	return 1
}

# ---------------------------------------------------------------- processes

# owned_pids — "pid port" for every redis-server process whose working
# directory is a node dir of $dir (redis-server chdirs into --dir). This finds
# our servers even when pidfiles are missing or the state dir was deleted.
owned_pids() {
	local p comm cwd
	if [[ -d /proc/self ]]; then
		for p in /proc/[0-9]*; do
			{ read -r comm <"$p/comm"; } 2>/dev/null || continue
			[[ $comm == redis-server ]] || continue
			cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
			cwd=${cwd% (deleted)}
			[[ $cwd == "$dir/node-"* ]] || continue
			printf '%s %s\n' "${p#/proc/}" "${cwd##*/node-}"
		done
	else # no /proc: trust the pidfiles
		local f pid
		for f in "$dir"/node-*/redis.pid; do
			[[ -f $f ]] || continue
			read -r pid <"$f" || continue
			kill -0 "$pid" 2>/dev/null || continue
			p=${f%/redis.pid}
			printf '%s %s\n' "$pid" "${p##*/node-}"
		done
	fi
}

alive() { kill -0 "$1" 2>/dev/null; }

# stop_nodes — SHUTDOWN NOSAVE every node we own (in parallel), kill -9 what
# is still alive after STOP_TIMEOUT_S. SHUTDOWN is only sent when the server
# answering on the port is really ours (same process_id).
stop_nodes() {
	local pid port pids=() i info
	while read -r pid port; do
		pids+=("$pid")
		info=$(rcli "$port" info server) || info=
		if [[ $(field process_id "$info" || true) == "$pid" ]]; then
			(rcli "$port" shutdown nosave now >/dev/null 2>&1 || true) &
		else
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done < <(owned_pids)
	wait
	((${#pids[@]})) || return 0
	for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
		local left=()
		for pid in "${pids[@]}"; do alive "$pid" && left+=("$pid"); done
		((${#left[@]})) || return 0
		sleep 0.1
	done
	for pid in "${pids[@]}"; do
		if alive "$pid"; then
			log "node pid $pid ignored SHUTDOWN for ${STOP_TIMEOUT_S}s: kill -9"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	for ((i = 0; i < 50; i++)); do
		local still=0
		for pid in "${pids[@]}"; do alive "$pid" && still=1; done
		((still)) || return 0
		sleep 0.1
	done
	die "could not kill redis-server pids: ${pids[*]}"
}

# remove_dir — delete the state dir, but only if we made it.
remove_dir() {
	[[ -e $dir ]] || return 0
	if [[ -f $dir/$MARKER ]]; then
		rm -rf -- "$dir"
	else
		die "$dir exists but was not created by cluster.sh (no $MARKER): not removing it"
	fi
}

# ------------------------------------------------------------------- ports

declare -A listening=()
scan_listening() {
	listening=()
	command -v ss >/dev/null 2>&1 || return 0
	local local_addr
	while read -r local_addr; do
		listening[${local_addr##*:}]=1
	done < <(ss -Htln 2>/dev/null | awk '{print $4}')
}

port_free() {
	local p=$1
	[[ -z ${listening[$p]:-} ]] || return 1
	# Something accepting connections on 127.0.0.1:p (also catches 0.0.0.0/::).
	if timeout 1 bash -c ": <>/dev/tcp/$HOST/$p" 2>/dev/null; then
		return 1
	fi
	return 0
}

# pick_ports — first run of NODES consecutive ports >= port_base where both
# the port and its cluster bus port (+10000) are free.
pick_ports() {
	local start=$1 p ok k
	scan_listening
	p=$start
	while ((p + NODES - 1 + 10000 <= 65535)); do
		ok=1
		for ((k = p; k < p + NODES; k++)); do
			if ! port_free "$k" || ! port_free $((k + 10000)); then
				ok=0
				p=$((k + 1))
				break
			fi
		done
		if ((ok)); then
			seq "$p" $((p + NODES - 1))
			return 0
		fi
	done
	die "no $NODES consecutive free ports (with free bus ports +10000) from $start up"
}

# ------------------------------------------------------------------- nodes

start_node() {
	local port=$1 nd=$dir/node-$1
	mkdir -p "$nd"
	if ! redis-server \
		--cluster-enabled yes \
		--cluster-config-file nodes.conf \
		--cluster-node-timeout "$node_timeout" \
		--bind "$HOST" \
		--protected-mode no \
		--port "$port" \
		--save '' \
		--appendonly no \
		--repl-diskless-sync-delay 0 \
		--shutdown-timeout 0 \
		--daemonize yes \
		--pidfile "$nd/redis.pid" \
		--logfile "$nd/redis.log" \
		--dir "$nd" \
		</dev/null >"$nd/start.out" 2>&1 9<&-; then
		log "redis-server on port $port did not start:"
		sed 's/^/    /' "$nd/start.out" >&2
		return 1
	fi
}

log_tail() {
	local port=$1 f=$dir/node-$1/redis.log
	if [[ -s $f ]]; then
		log "last lines of $f:"
		tail -n 15 "$f" | sed 's/^/    /' >&2
	elif [[ -s $dir/node-$1/start.out ]]; then
		sed 's/^/    /' "$dir/node-$1/start.out" >&2
	fi
}

# wait_node PORT — until the server on PORT is up and is the one we started
# (its process_id matches our pidfile). Returns 2 on "address in use".
wait_node() {
	local port=$1 nd=$dir/node-$1 i pid info
	for ((i = 0; i < NODE_UP_TIMEOUT_S * 20; i++)); do
		if [[ -s $nd/redis.pid ]]; then
			read -r pid <"$nd/redis.pid" || pid=
			if [[ -n $pid ]] && info=$(rcli "$port" info server) &&
				[[ $(field process_id "$info" || true) == "$pid" ]]; then
				return 0
			fi
		fi
		if grep -q 'Address already in use' "$nd/redis.log" 2>/dev/null; then
			return 2
		fi
		if ((i >= 10)) && ! grep -q " $port\$" <<<"$(owned_pids)"; then
			log "redis-server on port $port exited during startup"
			log_tail "$port"
			return 1
		fi
		sleep 0.05
	done
	log "redis-server on port $port did not answer within ${NODE_UP_TIMEOUT_S}s"
	log_tail "$port"
	return 1
}

node_ports() {
	local d
	for d in "$dir"/node-*/; do
		[[ -d $d ]] || continue
		d=${d%/}
		printf '%s\n' "${d##*/node-}"
	done | sort -n
}

# node_state PORT — one-shot health check of a node. Prints "role pid" when
# healthy; otherwise prints the reason and fails.
node_state() {
	local port=$1 ci info role pid want
	ci=$(rcli "$port" cluster info) || { echo "port $port: no answer"; return 1; }
	info=$(rcli "$port" info server replication) || { echo "port $port: no answer"; return 1; }
	pid=$(field process_id "$info" || true)
	want=
	[[ -s $dir/node-$port/redis.pid ]] && read -r want <"$dir/node-$port/redis.pid"
	if [[ -z $want || $pid != "$want" ]]; then
		echo "port $port: answered by pid $pid, not our node (pidfile: ${want:-none})"
		return 1
	fi
	local k v
	for k in cluster_state:ok cluster_slots_assigned:16384 cluster_known_nodes:$NODES; do
		v=$(field "${k%%:*}" "$ci" || true)
		if [[ $v != "${k#*:}" ]]; then
			echo "port $port: ${k%%:*}=$v (want ${k#*:})"
			return 1
		fi
	done
	role=$(field role "$info" || true)
	case $role in
	master) ;;
	slave)
		role=replica
		v=$(field master_link_status "$info" || true)
		if [[ $v != up ]]; then
			echo "port $port: replica master_link_status=$v"
			return 1
		fi
		;;
	*)
		echo "port $port: role=$role"
		return 1
		;;
	esac
	echo "$role $pid"
}

# cluster_health — one pass over all nodes; on success writes the
# "port pid role" table to stdout (masters first), else the first problem.
cluster_health() {
	local ports port st masters=() replicas=()
	mapfile -t ports < <(node_ports)
	if ((${#ports[@]} != NODES)); then
		echo "$dir has ${#ports[@]} node dirs, want $NODES"
		return 1
	fi
	for port in "${ports[@]}"; do
		st=$(node_state "$port") || { echo "$st"; return 1; }
		if [[ $st == master* ]]; then
			masters+=("$port ${st#* } master")
		else
			replicas+=("$port ${st#* } replica")
		fi
	done
	if ((${#masters[@]} != NODES / 2)); then
		echo "${#masters[@]} masters, want $((NODES / 2))"
		return 1
	fi
	printf '%s\n' "${masters[@]}" "${replicas[@]}"
}

write_state() {
	local table=$1 port pid role addrs=()
	{
		printf 'port\tpid\trole\n'
		while read -r port pid role; do
			printf '%s\t%s\t%s\n' "$port" "$pid" "$role"
			addrs+=("$HOST:$port")
		done <<<"$table"
	} >"$dir/nodes.tsv"
	local IFS=,
	{
		printf 'CLUSTERLINT_CLUSTER=%s\n' "${addrs[*]}"
		printf 'CLUSTERLINT_CLUSTER_DIR=%q\n' "$dir"
	} >"$dir/env"
}

print_exports() {
	[[ -f $dir/env ]] || die "no cluster in $dir (run: scripts/cluster.sh start)"
	local line
	while IFS= read -r line; do
		[[ -n $line ]] && printf 'export %s\n' "$line"
	done <"$dir/env"
}

lock() {
	# Serialize start/stop (port choice included) between concurrent runs.
	# fd 9 must never leak into the daemonized redis-servers (see start_node),
	# or they would hold the lock for their whole life.
	if command -v flock >/dev/null 2>&1; then
		exec 9<"$script"
		flock -w 180 9 || die "timed out waiting for another cluster.sh start/stop"
	fi
}

# ---------------------------------------------------------------- commands

try_start() { # returns 2 (and moves port_base) when a port was grabbed under our feet
	local ports port rc=0 picked
	picked=$(pick_ports "$port_base") || return 1
	mapfile -t ports <<<"$picked"
	log "starting $NODES nodes on $HOST:${ports[0]}-${ports[-1]} (bus ports $((ports[0] + 10000))-$((ports[-1] + 10000))) in $dir"
	for port in "${ports[@]}"; do
		start_node "$port" || return 1
	done
	for port in "${ports[@]}"; do
		wait_node "$port" || { rc=$?; break; }
	done
	if ((rc == 2)); then
		log "port $port (or its bus port $((port + 10000))) was taken while starting; choosing ports again"
		port_base=$((port + 1))
		return 2
	fi
	((rc == 0)) || return 1

	local addrs=()
	for port in "${ports[@]}"; do addrs+=("$HOST:$port"); done
	if ! timeout 60 redis-cli --cluster create "${addrs[@]}" \
		--cluster-replicas 1 --cluster-yes </dev/null >"$dir/create.log" 2>&1 9<&-; then
		log "redis-cli --cluster create failed:"
		tail -n 30 "$dir/create.log" | sed 's/^/    /' >&2
		return 1
	fi

	local i why table
	for ((i = 0; i < START_TIMEOUT_S * 5; i++)); do
		if table=$(cluster_health); then
			write_state "$table"
			return 0
		fi
		why=$table
		sleep 0.2
	done
	log "cluster not healthy after ${START_TIMEOUT_S}s: $why"
	for port in "${ports[@]}"; do log_tail "$port"; done
	return 1
}

cmd_start() {
	need_tools
	if ! is_uint "$port_base" || ((10#$port_base < 1024 || 10#$port_base + NODES - 1 + 10000 > 65535)); then
		die "CLUSTERLINT_PORT_BASE=$port_base: want an integer in 1024..$((65535 - 10000 - NODES + 1))"
	fi
	port_base=$((10#$port_base))
	if ! is_uint "$node_timeout" || ((10#$node_timeout == 0)); then
		die "CLUSTERLINT_NODE_TIMEOUT=$node_timeout: want a positive integer (ms)"
	fi
	node_timeout=$((10#$node_timeout))
	lock

	if [[ -e $dir ]]; then
		if [[ ! -f $dir/$MARKER ]] && [[ -n $(ls -A "$dir") ]]; then
			die "$dir exists, is not empty and was not created by cluster.sh; set CLUSTERLINT_CLUSTER_DIR elsewhere"
		fi
		local why
		if [[ -f $dir/env ]] && why=$(cluster_health); then
			write_state "$why"
			log "reusing healthy cluster in $dir"
			print_exports
			return 0
		fi
		if [[ -n $(owned_pids) || -f $dir/env ]]; then
			log "stale cluster in $dir (${why:-incomplete}): stopping it and starting fresh"
		fi
		stop_nodes
		rm -rf -- "$dir"
	fi

	local t0=$SECONDS attempt rc
	for attempt in 1 2 3; do
		mkdir -p "$dir"
		: >"$dir/$MARKER"
		rc=0
		try_start || rc=$?
		if ((rc == 0)); then
			log "cluster ready in $((SECONDS - t0))s: $(sed -n 's/^CLUSTERLINT_CLUSTER=//p' "$dir/env")"
			print_exports
			return 0
		fi
		stop_nodes
		rm -rf -- "$dir"
		((rc == 2 && attempt < 3)) || break
	done
	die "could not start the Redis Cluster (see messages above)"
}

cmd_stop() {
	lock
	if [[ ! -e $dir ]] && [[ -z $(owned_pids) ]]; then
		log "no cluster in $dir"
		return 0
	fi
	if [[ -e $dir && ! -f $dir/$MARKER ]]; then
		die "$dir was not created by cluster.sh (no $MARKER): refusing to touch it"
	fi
	stop_nodes
	remove_dir
	log "stopped; removed $dir"
}

cmd_status() {
	if [[ ! -d $dir ]]; then
		echo "no cluster in $dir"
		return 1
	fi
	local port pid role info ci state link ok=0
	printf '%-6s %-8s %-8s %-14s %s\n' PORT PID ROLE CLUSTER_STATE MASTER_LINK
	while read -r port; do
		pid=- role=down state=- link=-
		[[ -s $dir/node-$port/redis.pid ]] && read -r pid <"$dir/node-$port/redis.pid"
		if info=$(rcli "$port" info replication) && ci=$(rcli "$port" cluster info); then
			role=$(field role "$info" || echo '?')
			[[ $role == slave ]] && role=replica
			state=$(field cluster_state "$ci" || echo '?')
			[[ $role == replica ]] && link=$(field master_link_status "$info" || echo '?')
		fi
		printf '%-6s %-8s %-8s %-14s %s\n' "$port" "$pid" "$role" "$state" "$link"
	done < <(node_ports)
	local why
	if [[ ! -f $dir/env ]]; then
		echo "cluster: NOT healthy: $dir/env missing (start was interrupted?)"
		ok=1
	elif why=$(cluster_health); then
		echo "cluster: healthy ($(sed -n 's/^CLUSTERLINT_CLUSTER=//p' "$dir/env"))"
	else
		echo "cluster: NOT healthy: $why"
		ok=1
	fi
	return "$ok"
}

cmd_env() {
	local why
	[[ -f $dir/env ]] || die "no cluster in $dir (run: scripts/cluster.sh start)"
	why=$(cluster_health) || die "cluster in $dir is not healthy: $why (run: scripts/cluster.sh start)"
	print_exports
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) cmd_env ;;
*) usage ;;
esac
