#!/usr/bin/env bash
# testdata/realworld/sync.sh [-f] — generate mods/ from modules.txt.
#
# Each line MODULE@VERSION [PATTERN...] of modules.txt gets a tiny module of
# its own, mods/<module path with / as _>@<version>/, whose go.mod requires
# that module at that version (two versions of one module cannot share a
# go.mod). `go get PATTERN@VERSION` fills its go.mod and go.sum with what the
# analysed packages import, downloading through the configured module proxy.
# Existing folders are kept (-f regenerates them all); folders whose line was
# removed are deleted. The real-world test (internal/realworld) then runs
# clusterlint inside each folder, with -mod=readonly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [[ -x /usr/local/go/bin/go && :$PATH: != *:/usr/local/go/bin:* ]]; then
	PATH=$PATH:/usr/local/go/bin
fi
force=false
[[ ${1:-} == -f ]] && force=true
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod

declare -A keep=()
while read -r mv rest; do
	[[ -z $mv || $mv == \#* ]] && continue
	mod=${mv%@*} ver=${mv#*@}
	if [[ $mod == "$mv" || -z $ver ]]; then
		echo "sync.sh: modules.txt: $mv: want MODULE@VERSION" >&2
		exit 1
	fi
	dir=mods/${mod//\//_}@$ver
	keep[$dir]=1
	if [[ -f $dir/go.mod ]] && ! $force; then
		continue
	fi
	rest=${rest%%#*}
	read -r -a pats <<<"$rest"
	((${#pats[@]})) || pats=(...)
	args=()
	for p in "${pats[@]}"; do
		case $p in
		.) args+=("$mod@$ver") ;;
		*) args+=("$mod/$p@$ver") ;;
		esac
	done
	echo "==> $dir: go get ${args[*]}" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	printf 'module realworld.invalid/mod\n\ngo 1.26\n' >"$dir/go.mod"
	if ! (cd "$dir" && go get "${args[@]}"); then
		rm -rf "$dir"
		echo "sync.sh: go get failed for $mv" >&2
		exit 1
	fi
done <modules.txt

shopt -s nullglob
for dir in mods/*; do
	if [[ -z ${keep[$dir]:-} ]]; then
		echo "==> removing $dir (not in modules.txt)" >&2
		rm -rf "$dir"
	fi
done
