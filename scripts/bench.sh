#!/usr/bin/env bash
# scripts/bench.sh [-runs N] [-old REV] [-no-vet] [-gcl] [-corpora "asynq cortex"]
#
# How far clusterlint is from the floor of any go/analysis tool: loading
# and type-checking the packages. Downloads real codebases at pinned
# versions through the Go module proxy into a temporary directory, builds
# clusterlint (this checkout; with -old REV also the one at git revision
# REV) and tools/nooplint (an analyzer that walks every call expression and
# reports nothing, in the x/tools driver), warms the build cache, then
# alternates the binaries N times (default 5) on each codebase and prints
# the medians of wall time and peak memory (max RSS, /usr/bin/time) and
# their ratios to the floor. The findings of the new and old binaries are
# compared too.
#
# Also, on asynq: go vet -vettool=clusterlint against go vet -vettool=nooplint
# and plain go vet, cold (an empty build cache of its own) and warm (a rerun
# on unchanged code); -no-vet skips it. With -gcl, the golangci-lint module
# plugin (tools/custom-gcl, minutes to build on a cold cache) against the
# same golangci-lint with only one trivial type-based linter (durationcheck).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=5 old= vet=1 gcl=0 corpora="asynq cortex"
while [[ $# -gt 0 ]]; do
	case $1 in
	-runs) runs=$2; shift 2 ;;
	-old) old=$2; shift 2 ;;
	-no-vet) vet=0; shift ;;
	-gcl) gcl=1; shift ;;
	-corpora) corpora=$2; shift 2 ;;
	*) sed -n '2,19p' "$0" >&2; exit 2 ;;
	esac
done

# The codebases: name, module@version, package patterns.
declare -A module=(
	[asynq]=github.com/hibiken/asynq@v0.26.0
	[cortex]=github.com/cortexproject/cortex@v1.21.1 # about 260k lines under pkg/, go-redis v8
)
declare -A patterns=([asynq]=./... [cortex]=./pkg/...)

say() { printf '==> %s\n' "$*" >&2; }
[[ -x /usr/bin/time ]] || { echo "bench.sh: /usr/bin/time (GNU time) is required" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clusterlint-bench.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
bin=$tmp/bin
mkdir -p "$bin"

say "building clusterlint and nooplint from $repo"
(cd "$repo" && go build -o "$bin/new" ./cmd/clusterlint && go build -o "$bin/noop" ./tools/nooplint)
tools="noop new"
if [[ -n $old ]]; then
	say "building clusterlint at $old"
	mkdir -p "$tmp/old-src"
	git -C "$repo" archive "$old" | tar -x -C "$tmp/old-src"
	(cd "$tmp/old-src" && go build -o "$bin/old" ./cmd/clusterlint)
	tools="noop new old"
fi

for c in $corpora; do
	say "downloading ${module[$c]}"
	dir=$(go mod download -json "${module[$c]}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	[[ -n $dir ]] || { echo "bench.sh: go mod download ${module[$c]} failed" >&2; exit 1; }
	cp -r "$dir" "$tmp/$c"
	chmod -R u+w "$tmp/$c"
	say "warming the build cache for $c (go list -export -deps -test)"
	(cd "$tmp/$c" && go list -e -export -deps -test ${patterns[$c]} >/dev/null)
done

# measure OUT DIR CMD...: runs CMD in DIR, appends "wall maxrss_kib" to OUT;
# the command's output goes to OUT.log.
measure() {
	local out=$1 dir=$2
	shift 2
	(cd "$dir" && /usr/bin/time -f '%e %M' -o "$out.one" "$@" >"$out.log" 2>&1) || true
	tail -n 1 "$out.one" >>"$out"
}

# median FILE COLUMN
median() {
	awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a/b}'; }

results=$tmp/results
mkdir -p "$results"
for c in $corpora; do
	say "$c: $runs alternated runs of: $tools"
	for ((i = 1; i <= runs; i++)); do
		for t in $tools; do
			measure "$results/$c.$t" "$tmp/$c" "$bin/$t" ${patterns[$c]}
		done
	done
done

printf '\n%-8s %-22s %10s %12s %12s %12s\n' codebase binary "wall (s)" "peak (MiB)" "wall/floor" "peak/floor"
for c in $corpora; do
	fw=$(median "$results/$c.noop" 1) fm=$(median "$results/$c.noop" 2)
	for t in $tools; do
		w=$(median "$results/$c.$t" 1) m=$(median "$results/$c.$t" 2)
		name=$t
		case $t in noop) name="nooplint (floor)" ;; new) name="clusterlint" ;; old) name="clusterlint@$old" ;; esac
		printf '%-8s %-22s %10.2f %12.0f %12s %12s\n' "$c" "$name" "$w" "$(awk -v m="$m" 'BEGIN{print m/1024}')" "$(ratio "$w" "$fw")" "$(ratio "$m" "$fm")"
	done
	if [[ -n $old ]]; then
		# Text output is sorted by position; the old binary printed
		# absolute paths, the new one paths relative to the codebase.
		norm() { sed "s#$tmp/$c/##" "$1" | grep -v '^$' | sort; }
		if diff <(norm "$results/$c.new.log") <(norm "$results/$c.old.log") >/dev/null; then
			echo "$c: same findings before and after ($(norm "$results/$c.new.log" | grep -c '\.go:[0-9]*:[0-9]*: [^	]' || true) lines)"
		else
			echo "$c: FINDINGS DIFFER before and after:"
			diff <(norm "$results/$c.new.log") <(norm "$results/$c.old.log") | head -20
		fi
	fi
done

if [[ $vet == 1 && " $corpora " == *" asynq "* ]]; then
	say "asynq: go vet, cold (own empty build cache) and warm"
	vetrows=()
	for t in none noop new; do
		flags=()
		[[ $t != none ]] && flags=(-vettool="$bin/$t")
		cache=$tmp/gocache-$t
		GOCACHE=$cache measure "$results/vet-cold.$t" "$tmp/asynq" go vet "${flags[@]}" ./...
	done
	for ((i = 1; i <= runs; i++)); do
		for t in none noop new; do
			flags=()
			[[ $t != none ]] && flags=(-vettool="$bin/$t")
			GOCACHE=$tmp/gocache-$t measure "$results/vet-warm.$t" "$tmp/asynq" go vet "${flags[@]}" ./...
		done
	done
	printf '\n%-36s %10s %10s %14s %14s\n' "go vet on asynq" "cold (s)" "warm (s)" "cold/go vet" "warm/go vet"
	cn=$(median "$results/vet-cold.none" 1) wn=$(median "$results/vet-warm.none" 1)
	for t in none noop new; do
		cw=$(median "$results/vet-cold.$t" 1) ww=$(median "$results/vet-warm.$t" 1)
		case $t in none) name="go vet" ;; noop) name="go vet -vettool=nooplint" ;; new) name="go vet -vettool=clusterlint" ;; esac
		printf '%-36s %10.2f %10.2f %14s %14s\n' "$name" "$cw" "$ww" "$(ratio "$cw" "$cn")" "$(ratio "$ww" "$wn")"
	done
	cp=$(median "$results/vet-warm.noop" 1) cl=$(median "$results/vet-warm.new" 1)
	echo "warm: clusterlint/nooplint as vettool $(ratio "$cl" "$cp")"
fi

if [[ $gcl == 1 ]]; then
	say "building tools/custom-gcl (golangci-lint with the clusterlint plugin)"
	cp "$repo/tools/custom-gcl/go.mod" "$repo/tools/custom-gcl/go.sum" "$tmp/"
	(cd "$repo/tools/custom-gcl" && go build -mod=mod -modfile="$tmp/go.mod" -o "$bin/gcl" .)
	cat >"$tmp/plugin.yml" <<-'EOF'
		version: "2"
		linters:
		  default: none
		  enable: [clusterlint]
		  settings:
		    custom:
		      clusterlint:
		        type: module
		        description: Redis Cluster bugs
	EOF
	cat >"$tmp/trivial.yml" <<-'EOF'
		version: "2"
		linters:
		  default: none
		  enable: [durationcheck]
	EOF
	printf '\n%-8s %-30s %10s %10s %12s\n' codebase "golangci-lint" "cold (s)" "warm (s)" "peak (MiB)"
	for c in $corpora; do
		for cfg in trivial plugin; do
			cache=$tmp/gcl-cache-$c-$cfg
			GOLANGCI_LINT_CACHE=$cache measure "$results/gcl-cold.$c.$cfg" "$tmp/$c" "$bin/gcl" run --config "$tmp/$cfg.yml" --issues-exit-code=0 ${patterns[$c]}
			for ((i = 1; i <= runs; i++)); do
				GOLANGCI_LINT_CACHE=$cache measure "$results/gcl-warm.$c.$cfg" "$tmp/$c" "$bin/gcl" run --config "$tmp/$cfg.yml" --issues-exit-code=0 ${patterns[$c]}
			done
			printf '%-8s %-30s %10.2f %10.2f %12.0f\n' "$c" "$cfg" "$(median "$results/gcl-cold.$c.$cfg" 1)" "$(median "$results/gcl-warm.$c.$cfg" 1)" \
				"$(awk -v m="$(median "$results/gcl-warm.$c.$cfg" 2)" 'BEGIN{print m/1024}')"
		done
	done
fi
