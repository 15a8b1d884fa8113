"""What the man page generators share: running the program for its tables, troff escaping and
formatting, the page's date and writing it.  Imported by scripts/gen-man (agoras.1) and
scripts/gen-sandbox-man (agoras-sandbox.1).  Python 3 standard library only.
"""

import datetime
import os
import re
import subprocess
import sys


def die(msg):
    sys.stderr.write("%s: %s\n" % (os.path.basename(sys.argv[0]), msg))
    sys.exit(1)


def run(binary, *args, env=None):
    """The binary's standard output; dies when it cannot run or exits non-zero."""
    try:
        out = subprocess.run([binary] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
                             env=env)
    except OSError as e:
        die("cannot run %s: %s" % (binary, e))
    if out.returncode != 0:
        die("%s %s exited %d: %s" % (binary, " ".join(args), out.returncode,
                                     out.stderr.decode("utf-8", "replace").strip()))
    return out.stdout.decode("utf-8")


def dash(value):
    return "" if value == "-" else value


def esc(text):
    """Escape running text for troff: backslashes, hyphens, double quotes."""
    text = text.replace("\\", "\\e")
    text = text.replace("-", "\\-")
    text = text.replace('"', "\\(dq")
    return text


def line(text):
    """A text line: never let it start with a control character ('.' or ''')."""
    if text[:1] in (".", "'"):
        return "\\&" + text
    return text


def bold(text):
    return "\\fB" + esc(text) + "\\fR"


def ital(text):
    return "\\fI" + esc(text) + "\\fR"


def sentence(text, keep=()):
    """The table's one-line help as a sentence: capitalised, with a full stop.  A first word that is
    an identifier ("publish_id ...") or one of the words in keep (an option's values: "plain ...")
    keeps its case."""
    text = text.strip()
    if text and text[-1] not in ".!?":
        text += "."
    first = re.split(r"[\s,;:()]", text, maxsplit=1)[0].rstrip(".")
    if "_" in first or first in keep:
        return text
    return text[:1].upper() + text[1:]


class Page:
    def __init__(self):
        self.out = []

    def macro(self, name, *args):
        quoted = []
        for a in args:
            quoted.append('"%s"' % a if (" " in a or not a) else a)
        self.out.append("." + name + ("" if not quoted else " " + " ".join(quoted)))

    def text(self, raw):
        """raw is already-escaped troff text; one output line per input line."""
        for piece in raw.split("\n"):
            self.out.append(line(piece))

    def para(self, raw):
        self.macro("PP")
        self.text(raw)

    def tp(self, tag, body):
        self.macro("TP")
        self.text(tag)
        self.text(body)

    def render(self):
        return "\n".join(self.out) + "\n"


def page_date():
    """The page's date: SOURCE_DATE_EPOCH's when set (reproducible builds), else today's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    return when.strftime("%Y-%m-%d")


def write_file(path, text):
    """Replace path atomically, so an interrupted build never leaves half a page."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
