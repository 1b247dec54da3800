#!/usr/bin/env python3
"""Writes tern(1) to stdout from tern's own help text: `tern --experimental-dump-help`
(swift-argument-parser's description of every command, option and argument),
plus the environment variables and files that the help mentions in prose.

    python3 scripts/make-manpage.py .build/release/tern > build/man/tern.1
"""
import json
import subprocess
import sys

ENVIRONMENT = [
    ("TERN_SYSROOT", "The guest's root file system when --sysroot (-L) is not given, and for programs that "
                     "binfmt_misc starts through tern."),
    ("TERN_GDB", "A TCP port (or Unix socket path): tern run waits there for gdb, as with -g."),
    ("TERN_GDB_TRACE", "1: the gdb stub prints every packet it receives and sends to stderr."),
    ("TMPDIR", "Where --jitdump writes jit-PID.dump (default /tmp)."),
]
FILES = [
    ("/etc/tern/sysroot", "The sysroot of programs started through binfmt_misc when TERN_SYSROOT is unset: a "
                          "directory (or a link to one), or a file whose first line names one."),
    ("/proc/sys/fs/binfmt_misc/tern-riscv64", "Tern's binfmt_misc entry (tern binfmt)."),
    ("/etc/binfmt.d/tern-riscv64.conf", "The entry again at boot (tern binfmt install --persist)."),
    ("/tmp/perf-PID.map", "Written by --perfmap: each native block and the guest code it runs, for perf."),
]


def roff(text):
    """Plain text as roff: backslashes, hyphens and line-leading dots escaped."""
    out = []
    for line in (text or "").split("\n"):
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def name_text(n):
    prefix = {"long": "--", "short": "-", "longWithSingleDash": "-"}[n["kind"]]
    return prefix + n["name"]


def argument_entry(a):
    if a["kind"] == "positional":
        head = "\\fI%s\\fR" % roff(a.get("valueName") or "ARG")
    else:
        names = sorted(a.get("names", []), key=lambda n: {"short": 0, "longWithSingleDash": 1, "long": 2}[n["kind"]])
        head = ", ".join("\\fB%s\\fR" % roff(name_text(n)) for n in names)
        if a["kind"] == "option":
            head += " \\fI%s\\fR" % roff(a.get("valueName") or "VALUE")
    if a.get("isRepeating"):
        head += " ..."
    body = a.get("abstract") or ""
    if a.get("discussion"):
        body += "\n" + a["discussion"]
    if a.get("defaultValue") not in (None, "", "false"):
        body += " (default: %s)" % a["defaultValue"]
    return ".TP\n%s\n%s\n" % (head, roff(body.strip()))


def usage(cmd, path):
    parts = ["\\fB%s\\fR" % roff(" ".join(path))]
    if any(a["kind"] != "positional" and a.get("shouldDisplay", True) for a in cmd.get("arguments", [])):
        parts.append("[\\fIOPTIONS\\fR]")
    for a in cmd.get("arguments", []):
        if a["kind"] == "positional" and a.get("shouldDisplay", True):
            v = "\\fI%s\\fR" % roff(a.get("valueName") or "ARG")
            if a.get("isRepeating"):
                v += " ..."
            parts.append("[%s]" % v if a.get("isOptional") else v)
    if cmd.get("subcommands"):
        parts.append("\\fISUBCOMMAND\\fR")
    return " ".join(parts)


def command_section(cmd, path, out):
    out.append('.SS "%s"\n' % " ".join(path))
    out.append(".PP\n%s\n" % usage(cmd, path))
    text = (cmd.get("abstract") or "") + ("\n\n" + cmd["discussion"] if cmd.get("discussion") else "")
    if text:
        out.append(".PP\n%s\n" % roff(text).replace("\n\n", "\n.PP\n"))
    for a in cmd.get("arguments", []):
        if a.get("shouldDisplay", True) and not (a["kind"] == "flag" and any(n["name"] == "help" for n in a.get("names", []))):
            out.append(argument_entry(a))
    for sub in cmd.get("subcommands", []) or []:
        if sub["commandName"] != "help" and sub.get("shouldDisplay", True):
            command_section(sub, path + [sub["commandName"]], out)


def main():
    tern = sys.argv[1]
    info = json.loads(subprocess.run([tern, "--experimental-dump-help"], check=True, capture_output=True).stdout)
    version = subprocess.run([tern, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    root = info["command"]
    out = ['.TH TERN 1 "" "%s" "User Commands"\n' % roff(version),
           ".SH NAME\ntern \\- %s\n" % roff(root.get("abstract", "")),
           ".SH SYNOPSIS\n.B tern\n\\fISUBCOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n",
           ".SH DESCRIPTION\n%s\n" % roff(root.get("discussion") or root.get("abstract", "")),
           ".PP\nSubcommands (each described below):\n"]
    for sub in root.get("subcommands", []):
        if sub["commandName"] != "help":
            out.append(".TP\n\\fB%s\\fR\n%s\n" % (roff(sub["commandName"]), roff(sub.get("abstract", ""))))
    out.append(".SH COMMANDS\n")
    for sub in root.get("subcommands", []):
        if sub["commandName"] != "help" and sub.get("shouldDisplay", True):
            command_section(sub, ["tern", sub["commandName"]], out)
    out.append(".SH OPTIONS\n.TP\n\\fB\\-\\-version\\fR\nPrint the version.\n.TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n"
               "Print the help of tern or of a subcommand.\n.TP\n\\fB\\-\\-generate\\-completion\\-script\\fR \\fIshell\\fR\n"
               "Print a completion script for bash, zsh or fish.\n")
    out.append(".SH ENVIRONMENT\n")
    for name, text in ENVIRONMENT:
        out.append(".TP\n\\fB%s\\fR\n%s\n" % (name, roff(text)))
    out.append(".SH FILES\n")
    for name, text in FILES:
        out.append(".TP\n\\fI%s\\fR\n%s\n" % (roff(name), roff(text)))
    out.append(".SH SEE ALSO\n\\fBqemu\\-riscv64\\fR(1), \\fBgdb\\fR(1), \\fBperf\\fR(1), \\fBbinfmt.d\\fR(5)\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
