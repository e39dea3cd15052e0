#!/usr/bin/env bash
# scripts/test.sh [go test args...] — the project's full test command.
#
# Starts a real 6-node Redis Cluster on 127.0.0.1 (scripts/cluster.sh),
# exports CLUSTERLINT_CLUSTER for the tests, runs `go vet ./...` and
# `go test -count=1 -timeout 20m ./... [args]`, then the real-world suite
# (testdata/realworld; without go test arguments, or with
# CLUSTERLINT_REALWORLD=1; CLUSTERLINT_REALWORLD=0 skips it), stops
# the cluster again and exits with the tests' status (non-zero as well when
# go vet failed).
#
# A healthy cluster that is already running in the state dir (started by
# hand with `scripts/cluster.sh start`) is reused and left running.
# Redis is installed with apt-get when missing and running as root.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
cluster=$repo/scripts/cluster.sh

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------
if [[ -x /usr/local/go/bin/go && :$PATH: != *:/usr/local/go/bin:* ]]; then
	PATH=$PATH:/usr/local/go/bin
	export PATH
fi
command -v go >/dev/null 2>&1 ||
	die "go not found in PATH (install Go 1.26, e.g. to /usr/local/go: https://go.dev/dl/)"

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		say "redis-server/redis-cli missing: installing the Debian redis-server package"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		apt-get install -y -q --no-install-recommends redis-server </dev/null
		if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
			die "apt-get installed redis-server but redis-server/redis-cli are still not in PATH"
		fi
	else
		die "redis-server and redis-cli (Redis 7) are required: install them, e.g. 'sudo apt-get install -y redis-server', then run scripts/test.sh again"
	fi
fi

# pre-commit and jq: cmd/clusterlint's pre-commit and GitHub Action tests
# drive the real tools (and fail under CI=true without them).
if ! command -v pre-commit >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		say "pre-commit/jq missing: installing the Debian pre-commit and jq packages"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		apt-get install -y -q --no-install-recommends pre-commit jq </dev/null
	else
		die "pre-commit and jq are required by the tests: install them, e.g. 'sudo apt-get install -y pre-commit jq'"
	fi
fi

# chromium: cmd/clusterlint's test of the keys HTML page runs it headless
# (and fails under CI=true without it). Without recommended packages it is
# 30 Debian 12 packages, 120 MB: about 2 s to download from a near mirror
# and 10 s to unpack here, plus apt-get update and dpkg's triggers (the
# install with recommends, 115 packages, took 82 s).
if ! command -v chromium >/dev/null 2>&1; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		say "chromium missing: installing the Debian chromium package"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		apt-get install -y -q --no-install-recommends chromium </dev/null
	else
		die "chromium is required by the tests: install it, e.g. 'sudo apt-get install -y chromium'"
	fi
fi

# --- cluster ---------------------------------------------------------------
if "$cluster" status >/dev/null 2>&1; then
	say "reusing the Redis Cluster already running in ${CLUSTERLINT_CLUSTER_DIR:-$repo/.cluster} (left running; stop it with scripts/cluster.sh stop)"
else
	trap '"$cluster" stop || true' EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
fi
prev=${CLUSTERLINT_CLUSTER:-}
exports=$("$cluster" start) || die "could not start the Redis Cluster (see above)"
eval "$exports"
if [[ -n $prev && $prev != "$CLUSTERLINT_CLUSTER" ]]; then
	say "note: ignoring CLUSTERLINT_CLUSTER=$prev from the environment"
fi
say "testing against Redis Cluster $CLUSTERLINT_CLUSTER ($(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/redis-server \1/p'), state in $CLUSTERLINT_CLUSTER_DIR)"

# --- go --------------------------------------------------------------------
if [[ -f testdata/src/go.mod ]]; then
	say "go mod download in testdata/src"
	(cd testdata/src && go mod download)
fi

vet=0
say "go vet ./..."
go vet ./... || vet=$?

rc=0
say "go test -count=1 -timeout 20m ./... $*"
CLUSTERLINT_REALWORLD=0 go test -count=1 -timeout 20m ./... "$@" || rc=$?

# The real-world suite (testdata/realworld): clusterlint over public modules
# that use Redis, compared with the findings triaged by hand. It runs as a
# step of its own when test.sh is given no go test arguments or
# CLUSTERLINT_REALWORLD=1 (CLUSTERLINT_REALWORLD=0 skips it), downloading only the
# modules that provide the analysed packages and their imports, and its
# one summary line is printed again at the end.
# Under CI it runs the subset below unless CLUSTERLINT_REALWORLD_ONLY says
# otherwise: the modules with findings, the pinned buggy/fixed pair and the
# release of asynq that held the false alarms fixed so far. The whole suite
# downloads the full module zips of large projects (seaweedfs, dapr with
# the AWS SDK): a cold run did not finish within 15 minutes on the shared
# 2-core machine (see testdata/realworld/README.md).
ci_subset=cschleiden/go-workflows,gofiber/storage,zeromicro/go-zero@v1.10.3,centrifugal/centrifuge@,hibiken/asynq@v0.26.0
if [[ ${CI:-} == true && -z ${CLUSTERLINT_REALWORLD_ONLY:-} ]]; then
	export CLUSTERLINT_REALWORLD_ONLY=$ci_subset
fi
rwline=
realworld=${CLUSTERLINT_REALWORLD:-}
[[ -n $realworld ]] || { (($# == 0)) && realworld=1 || realworld=0; }
if [[ $realworld == 1 ]]; then
	say "real-world suite: go test -run 'TestRealWorld' ./internal/realworld/"
	rw=0
	rwlog=$(mktemp)
	CLUSTERLINT_REALWORLD=1 go test -count=1 -timeout 40m -run 'TestRealWorld' -v ./internal/realworld/ 2>&1 | tee "$rwlog" || rw=$?
	rwline=$(grep -m1 '^realworld: [0-9]' "$rwlog" || true)
	rm -f "$rwlog"
	((rc != 0)) || rc=$rw
fi

if ((rc == 0 && vet != 0)); then
	say "go test passed but go vet failed (exit $vet)"
	rc=1
fi
[[ -z $rwline ]] || say "$rwline"
say "done: go test exit status $rc (cluster $CLUSTERLINT_CLUSTER)"
exit "$rc"
