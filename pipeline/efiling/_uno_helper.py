"""Helper process of :mod:`pipeline.efiling.warm`, run by a Python that has LibreOffice's ``uno``
module (Debian: ``python3-uno`` for /usr/bin/python3). It must not import ``pipeline``.

Usage: ``python3 _uno_helper.py SOFFICE PROFILE_URI PIPE_NAME``. It starts one headless soffice
(in its own process group, which the parent made a new session), connects to it over a named
pipe and then speaks a line protocol on stdin/stdout, one JSON object a line:

- on start: ``{"ready": true, "pids": [...]}`` or ``{"ready": false, "error": "..."}``;
- request ``{"id": N, "jobs": [[src_docx, dst_pdf], ...]}`` (all documents of a case, one round
  trip; a job may carry a third element, PDF export options as ``{name: bool}``, passed to the
  export filter as its FilterData) → one line per document ``{"id": N, "i": k, "ok": true}`` / ``{"id": N, "i": k, "ok": false,
  "error": "...", "fatal": bool}`` as each finishes (the parent times each document), then
  ``{"id": N, "end": true}``. ``fatal`` means the office is gone: the parent restarts the helper;
- request ``{"quit": true}``: LibreOffice is asked to terminate, the helper answers ``{"quit": ok}``
  (ok: it shut down cleanly), then kills its group and exits; end of stdin: the group is killed at once.

Standard input is read by a thread: when the parent dies (even by SIGKILL) its end of the pipe
closes and the helper kills its whole process group at once, so no soffice outlives a worker.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time


def _kill_group_and_exit(code=0):
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)  # soffice, oosplash, soffice.bin and this process
    finally:
        os._exit(code)


def _say(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _reader(q):
    for line in sys.stdin:
        line = line.strip()
        if line:
            q.put(line)
    _kill_group_and_exit(0)  # parent gone or closed the pipe


def _props(**kw):
    import uno  # noqa: F401
    from com.sun.star.beans import PropertyValue

    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def _connect(soffice_proc, pipe, deadline):
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    while True:
        try:
            ctx = resolver.resolve(url)
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if soffice_proc.poll() is not None:
                raise RuntimeError(f"soffice exited with code {soffice_proc.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("soffice did not accept a connection in time")
            time.sleep(0.1)


def _group_pids():
    me, group = os.getpid(), os.getpgrp()
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                pids.append(int(name))
        except (OSError, IndexError, ValueError):
            continue
    return sorted(pids)


def main():
    soffice, profile_uri, pipe = sys.argv[1:4]
    start_timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 60.0
    signal.signal(signal.SIGTERM, lambda *_: _kill_group_and_exit(143))
    q = queue.Queue()
    threading.Thread(target=_reader, args=(q,), daemon=True).start()
    cmd = [soffice, "--headless", "--invisible", "--nologo", "--nodefault", "--nofirststartwizard", "--norestore",
           f"-env:UserInstallation={profile_uri}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        desktop = _connect(proc, pipe, time.monotonic() + start_timeout)
    except Exception as exc:  # noqa: BLE001 — reported to the parent, which falls back
        _say({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        _kill_group_and_exit(1)
    import uno

    _say({"ready": True, "pids": _group_pids()})
    while True:
        req = json.loads(q.get())
        if req.get("quit"):
            try:
                done = bool(desktop.terminate())
            except Exception:  # noqa: BLE001
                done = False
            _say({"quit": done})  # true: LibreOffice shut down cleanly (its profile is complete)
            _kill_group_and_exit(0)
        rid = req["id"]
        for i, job in enumerate(req["jobs"]):
            src, dst = job[0], job[1]
            doc = None
            try:
                export = {"FilterName": "writer_pdf_Export", "Overwrite": True}
                if len(job) > 2 and job[2]:
                    export["FilterData"] = uno.Any("[]com.sun.star.beans.PropertyValue", _props(**job[2]))
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, _props(Hidden=True, ReadOnly=True))
                if doc is None:
                    raise RuntimeError("document could not be loaded")
                uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), _props(**export)))
                _say({"id": rid, "i": i, "ok": True})
            except Exception as exc:  # noqa: BLE001
                name = type(exc).__name__
                fatal = name in ("DisposedException", "RuntimeException") or proc.poll() is not None
                _say({"id": rid, "i": i, "ok": False, "error": f"{name}: {exc}", "fatal": fatal})
                if fatal:
                    _kill_group_and_exit(1)
            finally:
                if doc is not None:
                    try:
                        doc.close(True)
                    except Exception:  # noqa: BLE001
                        pass
        _say({"id": rid, "end": True})


if __name__ == "__main__":
    main()
