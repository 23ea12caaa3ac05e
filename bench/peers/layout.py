"""The attestation's layout (certificates/ccp.toml, the file parcours draws from) and its filled
texts, shared by the WeasyPrint and reportlab versions so that both say what parcours says."""
import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CERTIFICATES = ROOT / "certificates"
LINE_SPACING = 1.3  # src/certificates/render.rs
MM = 72.0 / 25.4


def load(data_path):
    """The layout (dict) and the values of one attestation (dict), as parcours fills them."""
    layout = tomllib.loads((CERTIFICATES / "ccp.toml").read_text(encoding="utf-8"))
    values = json.loads(Path(data_path).read_text(encoding="utf-8"))
    return layout, values


def fill(text, values):
    """`{name}` placeholders replaced, as parcours does (unknown names left as they are)."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def wrap(text, max_width, width_of):
    """Greedy word wrap in points, like src/certificates/layout.rs: one line when no limit."""
    if max_width is None:
        return [text]
    lines, line = [], ""
    for word in text.split(" "):
        candidate = word if not line else line + " " + word
        if line and width_of(candidate) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def qr_modules(url):
    """The QR code of `url` (error correction M, as parcours) as a list of rows of booleans,
    with reportlab's encoder (the same library for both peers)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    n = code.getModuleCount()
    return [[bool(code.isDark(r, c)) for c in range(n)] for r in range(n)]


def runs(modules):
    """(row, first column, length) of each run of dark modules: parcours's rectangles."""
    out = []
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            out.append((r, start, c - start))
    return out
