"""The attestation as HTML and CSS rendered by WeasyPrint: the same layout (each block placed at
parcours's millimetres, its baseline where parcours puts it), texts, fonts (DejaVu through
@font-face), logo and QR code (an inline SVG, one rectangle per run of dark modules)."""
import html
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

import layout as lay

HERE = Path(__file__).resolve().parent
ASCENT = 0.928  # DejaVu Sans ascender, in em: a block's top is its baseline minus this


class Renderer:
    """The stylesheet and fonts prepared once per process."""

    def __init__(self, layout, values):
        self.layout = layout
        self.values = values
        self.fonts = FontConfiguration()
        fonts = layout["fonts"]
        css = (HERE / "attestation.css").read_text(encoding="utf-8")
        css = css.replace("REGULAR_URL", (lay.CERTIFICATES / fonts["regular"]).as_uri())
        css = css.replace("BOLD_URL", (lay.CERTIFICATES / fonts["bold"]).as_uri())
        self.css = CSS(string=css, font_config=self.fonts)
        self.template = (HERE / "attestation.html").read_text(encoding="utf-8")

    def page(self, values):
        """The attestation's HTML."""
        layout = self.layout
        parts = []
        logo = layout["logo"]
        parts.append(
            f'<img class="logo" src="{(lay.CERTIFICATES / logo["file"]).as_uri()}" alt="" '
            f'style="left:{logo["x_mm"]}mm;top:{logo["y_mm"]}mm;width:{logo["width_mm"]}mm">')
        for rule in layout.get("rule", []):
            parts.append(
                f'<div class="rule" style="left:{rule["x1_mm"]}mm;top:{rule["y1_mm"]}mm;'
                f'width:{rule["x2_mm"] - rule["x1_mm"]}mm;'
                f'border-top:{rule["thickness_pt"]}pt solid {rule["color"]};'
                f'margin-top:-{rule["thickness_pt"] / 2}pt"></div>')
        for block in layout.get("text", []):
            size = block["size_pt"]
            # Lines break at spaces only, as parcours wraps (not after the URL's slashes).
            text = " ".join(f"<span>{html.escape(w)}</span>"
                            for w in lay.fill(block["text"], values).split(" "))
            top = f'calc({block["y_mm"]}mm - {ASCENT * size + (lay.LINE_SPACING - 1) * size / 2:.2f}pt)'
            style = [f"top:{top}", f"font-size:{size}pt", f"color:{block.get('color', '#000000')}"]
            width = block.get("max_width_mm")
            if block.get("align") == "center":
                w = width or 200.0
                style += [f"left:{block['x_mm'] - w / 2}mm", f"width:{w}mm", "text-align:center"]
            else:
                style.append(f"left:{block['x_mm']}mm")
                style.append(f"width:{width}mm" if width else "white-space:nowrap")
            cls = "text bold" if block.get("bold") else "text"
            parts.append(f'<div class="{cls}" style="{";".join(style)}">{text}</div>')
        qr = layout["qr"]
        modules = lay.qr_modules(values["verify_url"])
        n = len(modules)
        rects = "".join(f'<rect x="{c}" y="{r}" width="{w}" height="1"/>'
                        for r, c, w in lay.runs(modules))
        parts.append(
            f'<svg class="qr" viewBox="0 0 {n} {n}" shape-rendering="crispEdges" '
            f'style="left:{qr["x_mm"]}mm;top:{qr["y_mm"]}mm;width:{qr["size_mm"]}mm;'
            f'height:{qr["size_mm"]}mm">{rects}</svg>')
        title = html.escape(lay.fill(layout["document_title"], values))
        return self.template.replace("TITLE", title).replace("BODY", "\n".join(parts))

    def render(self, values=None):
        """One attestation's PDF as bytes (HTML built, laid out and written)."""
        values = values or self.values
        document = HTML(string=self.page(values), base_url=str(lay.CERTIFICATES))
        return document.write_pdf(stylesheets=[self.css], font_config=self.fonts)
