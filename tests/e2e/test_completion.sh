#!/usr/bin/env bash
# The generated bash completion completes platforms, actions (two-word ones too), flags, --no-<flag>,
# enum values and file names, never an env-only (noflag) row; the zsh completion at least parses.  A
# network the generator has never heard of is completed from the tables alone.  Uses the files the build
# generated (docs/agoras.bash, docs/_agoras), or generates them when the docs target was not built.
set -euo pipefail

AGORAS_BIN=${AGORAS_BIN:?AGORAS_BIN must name the agoras binary}
AGORAS_SOURCE_DIR=${AGORAS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
AGORAS_BUILD_DIR=${AGORAS_BUILD_DIR:-}
# shellcheck source=tests/e2e/fake_network.sh
source "$(dirname "$0")/fake_network.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dir=${AGORAS_BUILD_DIR:+$AGORAS_BUILD_DIR/docs}
if [[ -z $dir || ! -s $dir/agoras.bash || ! -s $dir/_agoras ]]; then
	echo "note: no built completion files; generating them with scripts/gen-completion"
	dir=$work
	python3 "$AGORAS_SOURCE_DIR/scripts/gen-completion" "$AGORAS_BIN" "$dir"
fi

failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# complete WORD...: the completions (one per line, sorted) that a clean bash, with only our script
# loaded, offers for the last word of the command line WORD....
complete_words() {
	bash --norc --noprofile -c '
		set -u
		source "$1" || exit 99
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_agoras agoras "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}" | sort
	' complete-test "${script:-$dir/agoras.bash}" "$@"
}

oneline() {
	tr '\n' ' ' <<<"$1"
}

# expect "EXPECTED (space-separated)" WORD...: completions must be exactly these.
expect() {
	local want got
	want=$(tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort)
	shift
	got=$(complete_words "$@" | sed '/^$/d')
	if [[ $got != "$want" ]]; then
		fail "completing '$*': expected [$(oneline "$want")] got [$(oneline "$got")]"
	else
		echo "ok: '$*' -> $(oneline "$got")"
	fi
}

# expect_some "WORDS" WORD...: completions must include these.
expect_some() {
	local w got
	got=$(complete_words "${@:2}")
	for w in $1; do
		grep -qxF -- "$w" <<<"$got" || fail "completing '${*:2}': '$w' missing from [$(oneline "$got")]"
	done
	echo "ok: '${*:2}' includes $1"
}

bash -n "$dir/agoras.bash" || fail "agoras.bash does not parse"
bash --norc --noprofile -c 'source "$1" && complete -p agoras' x "$dir/agoras.bash" >/dev/null ||
	fail "agoras.bash does not register a completion for agoras"

privacy="PUBLIC_TO_EVERYONE MUTUAL_FOLLOW_FRIENDS FOLLOWER_OF_CREATOR SELF_ONLY"
expect "video" agoras tiktok vi
expect "$privacy" agoras tiktok video --privacy ''
expect "SELF_ONLY" agoras tiktok video --privacy SE
expect "$privacy" agoras tiktok post --privacy ''
expect "list show delete unattended-format" agoras utils tokens ''
expect "show" agoras utils tokens sh
expect_some "--no-allow-comments --no-allow-duet --no-allow-stitch --no-wait" agoras tiktok video --no-
expect "--no-allow-comments" agoras tiktok video --no-allow-c
expect "DEBUG INFO WARNING ERROR CRITICAL" agoras -l ''
expect "DEBUG INFO WARNING ERROR CRITICAL" agoras tiktok video --loglevel ''
expect "auto pull file" agoras tiktok video --upload-mode ''
expect "" agoras tiktok video --title ''
expect "" agoras tiktok de

# Every platform and every supported action, straight from the tables.
platforms=$("$AGORAS_BIN" --commands-table | awk -F '\t' '$2 == "-" { print $1 }' | tr '\n' ' ')
expect "$platforms" agoras ''
expect "$platforms" agoras -l DEBUG ''
"$AGORAS_BIN" --commands-table | awk -F '\t' '$2 != "-" && $4 != "unsupported" { print $1 "\t" $2 }' >"$work/actions"
for platform in $platforms; do
	firsts=$(awk -F '\t' -v p="$platform" '$1 == p { split($2, w, " "); print w[1] }' "$work/actions" | sort -u)
	expect "$firsts" agoras "$platform" ''
done

# Every flag of every action (not hidden, not env-only), with --no-<flag> for booleans; values after
# enum flags; files after file flags.
"$AGORAS_BIN" --options-table >"$work/options"
while IFS=$'\t' read -r platform action; do
	# shellcheck disable=SC2086 # two-word actions are two words
	set -- agoras "$platform" $action
	flags=$(awk -F '\t' -v c="$*" '$1 == c && $8 !~ /hidden|noflag/ {
		print "--" $2; if ($3 != "-") print "-" $3; if ($4 == "bool") print "--no-" $2 }' "$work/options")
	expect "$flags -l --loglevel -h --help" "$@" ''
	while IFS=$'\t' read -r long type choices; do
		case $type in
		enum) expect "${choices//,/ }" "$@" "--$long" '' ;;
		esac
	done < <(awk -F '\t' -v c="$*" '$1 == c { print $2 "\t" $4 "\t" $7 }' "$work/options")
done <"$work/actions"

mkdir -p "$work/files/sub"
touch "$work/files/clip.mp4" "$work/files/clap.webm"
expect "$work/files/clap.webm $work/files/clip.mp4" agoras tiktok video --video-file "$work/files/cl"
expect "$work/files/clip.mp4" agoras tiktok video --title x --video-file "$work/files/cli"

# A new network, from the tables alone: its platform, its action, and --text but not the env-only
# EXAMPLE_TOKEN row (no --token flag).
fake=$(fake_network_binary "$AGORAS_BIN" "$work")
mkdir "$work/fake"
python3 "$AGORAS_SOURCE_DIR/scripts/gen-completion" "$fake" "$work/fake"
script=$work/fake/agoras.bash
expect_some "example tiktok utils" agoras ''
expect "post" agoras example ''
expect "--text -l --loglevel -h --help" agoras example post ''
expect "" agoras example post --tok
grep -q -- '--token' "$work/fake/_agoras" && fail "the zsh completion offers the env-only --token"
unset script

# zsh: only if it is installed (it is not a dependency).
if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$dir/_agoras"; then
		echo "ok: zsh -n _agoras"
	else
		fail "_agoras does not parse in zsh"
	fi
	head -n 1 "$dir/_agoras" | grep -qx '#compdef agoras' || fail "_agoras does not start with #compdef agoras"
	zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit && compinit -u -D && autoload -Uz _agoras && whence -w _agoras' \
		x "$dir" >/dev/null || fail "zsh cannot autoload _agoras"
else
	echo "skip: zsh is not installed"
	head -n 1 "$dir/_agoras" | grep -qx '#compdef agoras' || fail "_agoras does not start with #compdef agoras"
fi

if [[ $failures -gt 0 ]]; then
	echo "$failures check(s) failed" >&2
	exit 1
fi
echo "PASS: shell completion"
