#!/usr/bin/env python3
"""Independent Fernet implementation for test_store: Python's `cryptography` package, used the way
Python Agoras's token storage uses it (Fernet(key).encrypt(json.dumps(record).encode())).

  fernet_check.py decrypt KEYFILE TOKENFILE   print the decrypted plaintext to stdout
  fernet_check.py encrypt KEYFILE TOKENFILE   encrypt stdin (raw bytes) into TOKENFILE, no newline
"""
import sys

from cryptography.fernet import Fernet


def main(argv):
    if len(argv) != 4 or argv[1] not in ("decrypt", "encrypt"):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[2], "rb") as f:
        fernet = Fernet(f.read().strip())
    if argv[1] == "decrypt":
        with open(argv[3], "rb") as f:
            sys.stdout.buffer.write(fernet.decrypt(f.read()))
    else:
        with open(argv[3], "wb") as f:
            f.write(fernet.encrypt(sys.stdin.buffer.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
