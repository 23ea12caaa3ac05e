"""The attestation drawn with reportlab's canvas: the same layout, texts, fonts (DejaVu, embedded
and subset), logo and QR code (filled squares, one rectangle per run) as parcours."""
import io

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import layout as lay

MM = lay.MM


class Renderer:
    """Fonts registered and the logo read once per process, as parcours loads its layouts once."""

    def __init__(self, layout, values):
        self.layout = layout
        self.values = values
        fonts = layout["fonts"]
        pdfmetrics.registerFont(TTFont("Regular", str(lay.CERTIFICATES / fonts["regular"])))
        pdfmetrics.registerFont(TTFont("Bold", str(lay.CERTIFICATES / fonts["bold"])))
        self.logo = str(lay.CERTIFICATES / layout["logo"]["file"])

    def render(self, values=None):
        """One attestation's PDF as bytes."""
        values = values or self.values
        layout = self.layout
        width, height = layout["width_mm"] * MM, layout["height_mm"] * MM
        out = io.BytesIO()
        c = canvas.Canvas(out, pagesize=(width, height), pageCompression=1)
        c.setTitle(lay.fill(layout["document_title"], values))
        c.setAuthor(values["issuer"])
        c.setCreator("parcours bench (reportlab)")
        logo = layout["logo"]
        side = logo["width_mm"] * MM  # the logo is square (160 × 160)
        c.drawImage(self.logo, logo["x_mm"] * MM, height - logo["y_mm"] * MM - side,
                    width=side, height=side, mask="auto")
        for rule in layout.get("rule", []):
            c.setStrokeColor(HexColor(rule["color"]))
            c.setLineWidth(rule["thickness_pt"])
            c.line(rule["x1_mm"] * MM, height - rule["y1_mm"] * MM,
                   rule["x2_mm"] * MM, height - rule["y2_mm"] * MM)
        for block in layout.get("text", []):
            font = "Bold" if block.get("bold") else "Regular"
            size = block["size_pt"]
            text = lay.fill(block["text"], values)
            limit = block.get("max_width_mm")
            lines = lay.wrap(text, None if limit is None else limit * MM,
                             lambda s: pdfmetrics.stringWidth(s, font, size))
            c.setFont(font, size)
            c.setFillColor(HexColor(block.get("color", "#000000")))
            baseline = height - block["y_mm"] * MM
            for i, line in enumerate(lines):
                y = baseline - i * size * lay.LINE_SPACING
                if block.get("align") == "center":
                    c.drawCentredString(block["x_mm"] * MM, y, line)
                else:
                    c.drawString(block["x_mm"] * MM, y, line)
        qr = layout["qr"]
        modules = lay.qr_modules(values["verify_url"])
        module = qr["size_mm"] / len(modules)
        c.setFillColor(HexColor("#000000"))
        for row, col, run in lay.runs(modules):
            c.rect((qr["x_mm"] + col * module) * MM,
                   height - (qr["y_mm"] + (row + 1) * module) * MM,
                   run * module * MM, module * MM, stroke=0, fill=1)
        c.showPage()
        c.save()
        return out.getvalue()
