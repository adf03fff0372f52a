#!/usr/bin/env python3
"""The time-critical first steps of `nydusd singleton` under nydus-snapshotter, done before the JVM starts.

usage: nydusd-prestart.py NYDUSD_ARGS... -- JAVA_COMMAND...

nydus-snapshotter gives a daemon it starts little time: after a crash it asks for INIT for about 6 s, and for a
fail-over or a hot upgrade its supervisor offers the saved state for 10 s, then closes. A JVM under software emulation
or on a loaded node can take longer than that just to reach main. So this launcher, which starts in a fraction of
that, does what must happen at once, as the daemon itself would:
  - notes whether a socket nobody accepts on is left at --apisock (nydusd's sign of a crashed predecessor), then
    binds the API socket (0600, inside a private directory, then renamed into place); the JVM inherits it as its
    standard input (System.inheritedChannel()) and answers what waited in the backlog once it is up;
  - with --supervisor and either --upgrade or a crashed predecessor, receives the saved state and the kernel
    descriptor from the supervisor (SCM_RIGHTS), keeps the descriptor open across exec and leaves the state in a
    private file; the daemon's takeover uses them instead of connecting again.
What it did is passed in SWIFTLET_EARLY_* variables. Anything that fails here is left to the daemon, which then
does it itself and reports errors as usual.
"""
import array
import os
import socket
import sys
import tempfile

FIRST_READ = 32 << 10
MAX_STATE = 16 << 20
MAX_FDS = 4


def option(args, long, short=None):
    for i, a in enumerate(args):
        if (a == long or a == short) and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(long + "="):
            return a[len(long) + 1:]
    return None


def residual(path):
    if not os.path.lexists(path):
        return False
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return False
    except OSError:
        return True
    finally:
        s.close()


def bind(path):
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    if os.path.lexists(path) and not os.path.isdir(path):
        os.unlink(path)
    private = tempfile.mkdtemp(prefix=".apisock-", dir=parent)  # 0700
    temp = os.path.join(private, "s")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.bind(temp)
        os.chmod(temp, 0o600)
        s.listen(512)
        os.rename(temp, path)
    except BaseException:
        s.close()
        raise
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)
        os.rmdir(private)
    return s


def receive(supervisor):
    """The state (all data to EOF) and the descriptors of the supervisor's first message."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    fds = []
    try:
        s.connect(supervisor)
        data = bytearray()
        first = True
        while True:
            msg, ancillary, _, _ = s.recvmsg(FIRST_READ, socket.CMSG_SPACE(MAX_FDS * 4))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    got = array.array("i")
                    got.frombytes(payload[: len(payload) - (len(payload) % 4)])
                    if first:
                        fds.extend(got)
                    else:
                        for fd in got:
                            os.close(fd)
            first = False
            if not msg:
                break
            data += msg
            if len(data) > MAX_STATE:
                raise OSError("state larger than %d bytes" % MAX_STATE)
        if not data:
            raise OSError("the supervisor sent no state")
        return bytes(data), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    finally:
        s.close()


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit(__doc__)
    cut = argv.index("--")
    args, java = argv[:cut], argv[cut + 1:]
    env = dict(os.environ)
    keep = []
    help_or_version = any(a in ("-h", "--help", "-V", "--version") for a in args)
    apisock = option(args, "--apisock", "-A")
    if args[:1] == ["singleton"] and apisock and not help_or_version:
        try:
            crashed = residual(apisock)
            listener = bind(apisock)
            os.dup2(listener.fileno(), 0)
            listener.close()
            env["SWIFTLET_EARLY_APISOCK"] = apisock
            env["SWIFTLET_EARLY_RESIDUAL"] = "1" if crashed else "0"
            supervisor = option(args, "--supervisor")
            if supervisor and ("--upgrade" in args or crashed):
                try:
                    state, fds = receive(supervisor)
                    fd, path = tempfile.mkstemp(prefix=".takeover-", dir=os.path.dirname(os.path.abspath(apisock)))
                    with os.fdopen(fd, "wb") as f:
                        f.write(state)
                    for d in fds:
                        os.set_inheritable(d, True)
                    keep = fds
                    env["SWIFTLET_EARLY_SUPERVISOR"] = supervisor
                    env["SWIFTLET_EARLY_STATE"] = path
                    env["SWIFTLET_EARLY_FDS"] = ",".join(str(d) for d in fds)
                except OSError as e:
                    print("nydusd (swiftlet): the supervisor's state is left to the daemon: %s" % e, file=sys.stderr)
        except OSError as e:
            print("nydusd (swiftlet): the API socket is left to the daemon: %s" % e, file=sys.stderr)
            for k in ("SWIFTLET_EARLY_APISOCK", "SWIFTLET_EARLY_RESIDUAL"):
                env.pop(k, None)
    del keep  # the descriptors stay open (inheritable) across exec
    os.execve(java[0], java, env)


if __name__ == "__main__":
    main()
