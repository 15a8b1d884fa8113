# What the man page tests share (test_manpage.sh for agoras.1, test_sandbox_manpage.sh for
# agoras-sandbox.1): reading a page's source and checking that troff takes it without complaint.
# Source it; the sourcing script defines fail MESSAGE.

# man_plain PAGE: the page's source with troff escapes undone, enough to read option names:
# \- -> -, fonts dropped.
man_plain() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(dq/"/g' -e 's/\\&//g' "$1"
}

# check_troff PAGE MIN_LINES: every control line is a macro the generators use, no text line starts
# with a control character, every hyphen is \-, and groff and man (when installed) render the page
# without warnings into at least MIN_LINES lines.
check_troff() {
	local page=$1 min_lines=$2 bad unescaped warnings lines
	bad=$(grep -nE "^[.']" "$page" | grep -vE '^[0-9]+:\.(TH|SH|SS|PP|TP|RS|RE|nf|fi|nh|ad|br|B|I)( |$)|^[0-9]+:\.\\"' || true)
	[[ -z $bad ]] || fail "lines that troff would take as unknown requests:"$'\n'"$bad"
	unescaped=$(sed 's/\\-//g' "$page" | grep -n -e '-' | grep -v -e '^[0-9]*:\.\\"' -e '^[0-9]*:\.TH ' || true)
	[[ -z $unescaped ]] || fail "hyphens not written as \\-:"$'\n'"$unescaped"
	if command -v groff >/dev/null 2>&1; then
		warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1 || echo "groff exited $?")
		[[ -z $warnings ]] || fail "groff warnings:"$'\n'"$warnings"
		lines=$(LC_ALL=C.UTF-8 groff -man -Tutf8 "$page" 2>/dev/null | wc -l)
		[[ $lines -ge $min_lines ]] || fail "the rendered page has only $lines lines"
		echo "groff renders $(basename "$page") without warnings ($lines lines)"
	else
		echo "groff not installed: checked troff syntax only"
	fi
	if command -v man >/dev/null 2>&1; then
		warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null || echo "man exited $?")
		[[ -z $warnings ]] || fail "man -l warnings:"$'\n'"$warnings"
	fi
}
