#!/usr/bin/env bash
# The generated man page documents exactly the options `--help` shows, action by action, every
# variable of --options-table and --credentials-table, and renders without troff warnings; a
# network the generator has never heard of appears from the tables alone.  Uses the page the build
# generated (docs/agoras.1), or generates one with scripts/gen-man when the docs target was not built.
set -euo pipefail

AGORAS_BIN=${AGORAS_BIN:?AGORAS_BIN must name the agoras binary}
AGORAS_SOURCE_DIR=${AGORAS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
AGORAS_BUILD_DIR=${AGORAS_BUILD_DIR:-}
# shellcheck source=tests/e2e/man_lib.sh
source "$(dirname "$0")/man_lib.sh"
# shellcheck source=tests/e2e/fake_network.sh
source "$(dirname "$0")/fake_network.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

page=${AGORAS_BUILD_DIR:+$AGORAS_BUILD_DIR/docs/agoras.1}
if [[ -z $page || ! -s $page ]]; then
	echo "note: no built docs/agoras.1; generating one with scripts/gen-man"
	page=$work/agoras.1
	python3 "$AGORAS_SOURCE_DIR/scripts/gen-man" "$AGORAS_BIN" "$page"
fi

failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

man_plain "$page" >"$work/plain"

# man_options PATH [PLAIN]: long option names listed in one action's section of the page (PLAIN,
# default the page under test): the tag line after each .TP.
# --no-X is the negation of a boolean --X and is not a separate option.
man_options() {
	awk -v want=".SS \"$1\"" '
		$0 == want { inside = 1; next }
		inside && /^\.(SS|SH)/ { exit }
		inside && tag { print; tag = 0; next }
		inside && /^\.TP/ { tag = 1 }
	' "${2:-$work/plain}" | grep -o -- '--[a-z0-9][a-z0-9-]*' | sed 's/^--//' | sort -u >"$work/raw" || true
	# shellcheck disable=SC2094 # reads raw twice, writes only stdout
	while read -r name; do
		if [[ $name == no-* ]] && grep -qx -- "${name#no-}" "$work/raw"; then
			continue
		fi
		echo "$name"
	done <"$work/raw"
}

# Long option names in `agoras <platform> <action> --help`, without the two every action shares
# (--loglevel and --help: the page documents them once, under OPTIONS).
help_options() {
	sed -n '/^Options:/,/^$/p' "$work/help" |
		sed -n -E 's/^  (-[A-Za-z], )?--(\[no-\])?([a-z0-9][a-z0-9-]*).*/\3/p' |
		grep -vx -e help -e loglevel | sort -u || true
}

section_exists() {
	grep -qxF ".SS \"$1\"" "$work/plain"
}

"$AGORAS_BIN" --commands-table >"$work/commands"
[[ -s $work/commands ]] || fail "agoras --commands-table printed nothing"
checked=0
while IFS=$'\t' read -r platform action _ state; do
	[[ $action == - ]] && continue
	path="agoras $platform $action"
	if ! section_exists "$path"; then
		fail "the man page has no section for '$path'"
		continue
	fi
	man_options "$path" >"$work/man.set"
	if [[ $state == unsupported ]]; then
		if [[ -s $work/man.set ]]; then
			fail "'$path' is unsupported but the man page lists options for it: $(tr '\n' ' ' <"$work/man.set")"
		fi
		continue
	fi
	# shellcheck disable=SC2086 # two-word actions are two argv words
	if ! "$AGORAS_BIN" "$platform" $action --help >"$work/help" 2>"$work/help.err"; then
		fail "'$path --help' failed: $(cat "$work/help.err")"
		continue
	fi
	help_options >"$work/help.set"
	if ! diff -u --label "$path --help" --label "man page: $path" "$work/help.set" "$work/man.set" >"$work/diff"; then
		fail "options differ between '$path --help' and the man page:"
		cat "$work/diff" >&2
	fi
	checked=$((checked + 1))
done <"$work/commands"
[[ $checked -gt 0 ]] || fail "no action was checked"
echo "compared --help and the man page for $checked actions"

# No section for an action that does not exist.
grep -E '^\.SS "agoras [^ ]+ ' "$work/plain" | sed -E 's/^\.SS "agoras ([^ ]+) (.*)"$/\1\t\2/' |
	while IFS=$'\t' read -r platform action; do
		if ! awk -F '\t' -v p="$platform" -v a="$action" '$1 == p && $2 == a { found = 1 } END { exit !found }' \
			"$work/commands"; then
			echo "FAIL: the man page documents 'agoras $platform $action', which agoras does not have" >&2
			exit 1
		fi
	done || failures=$((failures + 1))

# Global options, every environment variable, the exit codes, files and the sandbox.
for opt in --loglevel --version --help; do
	awk '/^\.SH OPTIONS/ { inside = 1; next } inside && /^\.SH/ { exit } inside' "$work/plain" |
		grep -q -- "$opt" || fail "OPTIONS does not document $opt"
done
# env_section PLAIN: the ENVIRONMENT section's lines.
env_section() {
	awk '/^\.SH ENVIRONMENT/ { inside = 1; next } inside && /^\.SH/ { exit } inside' "$1"
}
env_lines=$(env_section "$work/plain")
envs=$("$AGORAS_BIN" --options-table | awk -F '\t' '$5 != "-" { print $5 }' | sort -u)
# Every network's credentials and API bases (field 4), as the binary lists them.
credential_envs=$("$AGORAS_BIN" --credentials-table | awk -F '\t' '{ print $4 }' | sort -u)
for var in TIKTOK_USERNAME TIKTOK_CLIENT_KEY TIKTOK_CLIENT_SECRET TIKTOK_REFRESH_TOKEN AGORAS_TIKTOK_API_BASE \
	AGORAS_TIKTOK_AUTHORIZE_URL; do
	grep -qx -- "$var" <<<"$credential_envs" || fail "--credentials-table does not list $var"
done
for var in $envs $credential_envs AGORAS_STORAGE_DIR AGORAS_STORAGE_KEY AGORAS_LOCK_TIMEOUT BROWSER NO_COLOR; do
	grep -qx -- "$var" <<<"$env_lines" || fail "ENVIRONMENT does not list $var"
done
exit_section=$(awk '/^\.SH "EXIT STATUS"/ { inside = 1; next } inside && /^\.SH/ { exit } inside' "$work/plain")
for code in 0 1 2 3 4 5 6; do
	grep -qx -- "$code" <<<"$exit_section" || fail "EXIT STATUS does not explain exit code $code"
done
grep -qF 'Run agoras <network> authorize.' <<<"$exit_section" ||
	fail "exit status 3 does not say 'Run agoras <network> authorize.'"

# A network the generator has never heard of: its action, options, credentials and API base appear
# from the tables alone, and its env-only row is listed under ENVIRONMENT, not as an option.
fake=$(fake_network_binary "$AGORAS_BIN" "$work")
python3 "$AGORAS_SOURCE_DIR/scripts/gen-man" "$fake" "$work/fake.1"
man_plain "$work/fake.1" >"$work/fake.plain"
grep -qxF '.SS "agoras example post"' "$work/fake.plain" || fail "a new network's action has no section"
listed=$(man_options "agoras example post" "$work/fake.plain" | tr '\n' ' ')
[[ $listed == "text " ]] || fail "agoras example post should list --text only, lists: $listed"
fake_env=$(env_section "$work/fake.plain")
for var in EXAMPLE_CHAT EXAMPLE_TOKEN EXAMPLE_TEXT AGORAS_EXAMPLE_API_BASE TIKTOK_REFRESH_TOKEN; do
	grep -qx -- "$var" <<<"$fake_env" || fail "a new network's ENVIRONMENT does not list $var"
done
grep -qF 'Read by agoras example post' <<<"$fake_env" || fail "EXAMPLE_TOKEN does not say which action reads it"
grep -qF 'https://api.example.org' <<<"$fake_env" || fail "AGORAS_EXAMPLE_API_BASE does not give its default"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS FILES EXAMPLES '"SEE ALSO"'; do
	grep -qx -- ".SH $section" "$work/plain" || fail "no $section section"
done
grep -q 'tokens/<platform>-<identifier>\.token' "$work/plain" || fail "FILES does not name the token files"
grep -q 'agoras-sandbox(1)' "$work/plain" || fail "SEE ALSO does not name agoras-sandbox(1)"

# troff hygiene, and rendering without warnings.
check_troff "$page" 101

if [[ $failures -gt 0 ]]; then
	echo "$failures check(s) failed" >&2
	exit 1
fi
echo "PASS: the man page matches --help for every action"
