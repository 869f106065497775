"""Old Word (.doc) and WPS (.wps) files, converted to .docx through LibreOffice.

Both are OLE compound files. LibreOffice (`soffice`, Debian package
libreoffice-writer-nogui) converts them in a temporary folder of its own, with a
profile of its own (so that conversions never share or lock one), and is stopped
with everything it started past TIMEOUT seconds. The .docx it writes is then read
like an uploaded one, with the same bounds (orglife.materials.importing.wordfile).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from orglife.materials.importing.decoding import UnreadableDocument

TIMEOUT = 60  # seconds; LibreOffice starts in a few, a material converts in under one
PACKAGE = "libreoffice-writer-nogui"
_SAVE_AS = "请在 Word 或 WPS 中另存为 .docx 后再上传，或把文字复制粘贴进来。"
NO_LIBREOFFICE = (
    f"这是旧版 Word（.doc）或 WPS 文件，需要用 LibreOffice 转换，但服务器上没有安装"
    f"（Debian 软件包 {PACKAGE}，请管理员安装）。{_SAVE_AS}"
)
FAILED = f"这个旧版 Word（.doc）或 WPS 文件无法转换，可能已损坏，或不是文字文档。{_SAVE_AS}"
TIMED_OUT = f"转换旧版 Word（.doc）或 WPS 文件超过 {TIMEOUT} 秒，已停止。{_SAVE_AS}"


def soffice() -> str | None:
    """The path of LibreOffice's `soffice`, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str = ".doc", *, timeout: float = TIMEOUT) -> bytes:
    """The .docx LibreOffice makes of a .doc or .wps file; raises UnreadableDocument in Chinese."""
    program = soffice()
    if program is None:
        raise UnreadableDocument(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="orglife-convert-") as folder:
        work = Path(folder)
        source = work / f"material{suffix if suffix in ('.doc', '.wps') else '.doc'}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _run(command, timeout, cwd=work)
        converted = work / "out" / "material.docx"
        if not converted.is_file() or not converted.stat().st_size:
            raise UnreadableDocument(FAILED)
        return converted.read_bytes()


def _run(command: list[str], timeout: float, cwd: Path) -> None:
    """Run `command` in a session of its own; past `timeout`, stop the session's every process."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "HOME": str(cwd)},
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise UnreadableDocument(TIMED_OUT) from exc
