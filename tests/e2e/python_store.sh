# copy_python_store DEST: a private, writable copy of the store Python Agoras wrote
# (tests/data/agoras-store, or $AGORAS_TESTDATA's), as its owner would keep it: nothing writable by
# others and .key 0600 (the readable-key warning has its own test in test_store_trust.sh).
copy_python_store() {
    local src=${AGORAS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/data
    [[ -d ${AGORAS_TESTDATA:-}/agoras-store ]] && src=$AGORAS_TESTDATA
    rm -rf "$1"
    cp -r "$src/agoras-store" "$1"
    chmod -R u+w,go-w "$1"
    chmod 600 "$1/.key"
}
