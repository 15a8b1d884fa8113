#!/usr/bin/env bash
# agoras-sandbox(1) (issue 15) and the command line it documents.  The page is generated from
# `agoras-sandbox --options-table` and `--man-sections`: it lists every option, carries the prose
# of --help, renders without warnings, and installs next to agoras.1, whose SEE ALSO names it.
# --help lists every option and the export lines that point agoras at the sandbox (the very lines
# it prints on start); long options are never abbreviated.
source "$(dirname "$0")/lib.sh"
# shellcheck source=tests/e2e/man_lib.sh
source "$(dirname "$0")/man_lib.sh"

page=$AGORAS_BUILD_DIR/docs/agoras-sandbox.1
if [ ! -s "$page" ]; then
    echo "note: no built docs/agoras-sandbox.1; generating one with scripts/gen-sandbox-man"
    page=$T/agoras-sandbox.1
    python3 "$AGORAS_SOURCE_DIR/scripts/gen-sandbox-man" "$SBX_BIN" "$page"
fi
man_plain "$page" >"$T/plain"

# --- the option table: six fields a line; the hidden rows are for the build ---
"$SBX_BIN" --options-table >"$T/table"
bad_rows=$(awk -F '\t' 'NF != 6' "$T/table")
expect "rows of --options-table with other than 6 fields" "$bad_rows" ""
awk -F '\t' '$5 !~ /hidden/ { print $1 }' "$T/table" | sort >"$T/shown"
awk -F '\t' '$5 ~ /hidden/ { print $1 }' "$T/table" | sort >"$T/hidden"
for name in host port port-file auto-approve state fault latency stall-ms retry-after access-ttl refresh-ttl \
    code-ttl upload-ttl complete-after media-dir verified-prefix verified-domain help; do
    grep -qx -- "$name" "$T/shown" && ok || fail "--options-table does not list --$name"
done

# --- the page: every shown option is a tag of OPTIONS, no hidden one appears ---
awk '/^\.SH OPTIONS/ { inside = 1; next } inside && /^\.SH/ { exit } inside && tag { print; tag = 0 }
     inside && /^\.TP/ { tag = 1 }' "$T/plain" | grep -o -- '--[a-z0-9-]*' | sed 's/^--//' | sort -u >"$T/man"
diff -u --label "--options-table" --label "man page OPTIONS" "$T/shown" "$T/man" >"$T/diff" && ok ||
    fail "options differ between --options-table and the man page:"$'\n'"$(cat "$T/diff")"
while read -r name; do
    grep -v '^\.\\"' "$T/plain" | grep -q -- "--$name" && fail "the man page shows the hidden --$name" || ok
done <"$T/hidden"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS '"EXIT STATUS"' EXAMPLES '"SEE ALSO"'; do
    grep -qx -- ".SH $section" "$T/plain" && ok || fail "the man page has no $section section"
done
grep -qx 'agoras(1)' "$T/plain" && ok || fail "SEE ALSO does not name agoras(1)"
check_troff "$page" 100

# --- one source for the prose: every section of --man-sections is in the page and, word for word, in --help ---
"$SBX_BIN" --help >"$T/help"
"$SBX_BIN" --man-sections >"$T/sections"
while read -r title; do
    grep -qE "^\.SH \"?$title\"?$" "$T/plain" && ok || fail "--man-sections' $title is not a section of the page"
done < <(sed -n 's/^# //p' "$T/sections")
missing=$(grep -v '^# ' "$T/sections" | grep -vxF -f "$T/help" || true)
expect "lines of --man-sections that --help does not show" "$missing" ""

# --- --help: every shown option, no hidden one, and the export lines with PORT ---
while read -r name; do
    grep -qE -- "^  (-[a-zA-Z], )?--$name( |$)" "$T/help" && ok || fail "--help does not list --$name"
done <"$T/shown"
while read -r name; do
    grep -q -- "--$name" "$T/help" && fail "--help shows the hidden --$name" || ok
done <"$T/hidden"
grep -qx "  export AGORAS_TIKTOK_API_BASE='http://127.0.0.1:PORT'" "$T/help" && ok ||
    fail "--help does not show the API base with a PORT placeholder"
grep -qx "export AGORAS_TIKTOK_API_BASE='http://127.0.0.1:PORT'" "$T/plain" && ok ||
    fail "the man page does not show the export lines"
sbx_start
for i in $(seq 1 100); do
    grep -q "export AGORAS_STORAGE_DIR=" "$T/sandbox.log" && break
    sleep 0.05
done
grep '^  export ' "$T/sandbox.log" | sed 's/=.*//' >"$T/started.names"
grep '^  export ' "$T/help" | sed 's/=.*//' >"$T/help.names"
[ -s "$T/help.names" ] && diff -u "$T/started.names" "$T/help.names" >"$T/diff" && ok ||
    fail "--help's export lines are not the ones printed on start:"$'\n'"$(cat "$T/diff")"
sbx_stop

# --- long options in full only (getopt_long alone would take a unique prefix) ---
for args in --hel --auto --late=5 "--port-f $T/pf" "--verified-pre http://x/"; do
    # shellcheck disable=SC2086 # the words of one command line
    "$SBX_BIN" $args >"$T/out" 2>"$T/err"
    expect "exit status of agoras-sandbox $args" "$?" 2
    grep -q "cannot be abbreviated" "$T/err" && ok || fail "$args: no clear message: $(cat "$T/err")"
    [ -s "$T/out" ] && fail "$args printed on stdout: $(head -n 2 "$T/out")" || ok
done
"$SBX_BIN" --auto-approve=yes 2>"$T/err"
expect "--auto-approve=yes exits" "$?" 2
grep -q "takes no value" "$T/err" && ok || fail "--auto-approve=yes: $(cat "$T/err")"
"$SBX_BIN" --no-such-option 2>"$T/err"
expect "--no-such-option exits" "$?" 2
"$SBX_BIN" --port=65536 2>"$T/err"
expect "--port=65536 exits" "$?" 2
grep -q "invalid value '65536' for --port" "$T/err" && ok || fail "--port=65536: $(cat "$T/err")"

# --- install: both pages land in share/man/man1, and every SEE ALSO of agoras.1 is there ---
DESTDIR=$T/root cmake --install "$AGORAS_BUILD_DIR" --prefix /usr >"$T/install.log" 2>&1 ||
    fail "cmake --install into a DESTDIR: $(tail -n 5 "$T/install.log")"
man1=$T/root/usr/share/man/man1
[ -s "$man1/agoras-sandbox.1" ] && cmp -s "$man1/agoras-sandbox.1" "$page" && ok ||
    fail "agoras-sandbox.1 is not installed in share/man/man1"
refs=$(man_plain "$man1/agoras.1" | sed -n '/^\.SH "SEE ALSO"/,/^\.SH/p' | grep -oE '[a-z][a-z0-9-]*\([0-9]\)' || true)
[ -n "$refs" ] && ok || fail "agoras.1 (installed) has no SEE ALSO reference"
for ref in $refs; do
    name=${ref%(*} sec=${ref#*(}
    sec=${sec%)}
    [ -s "$T/root/usr/share/man/man$sec/$name.$sec" ] && ok || fail "agoras.1's SEE ALSO $ref is not installed"
done

finish
