"""Writes the PDFs the robustness tests read: a scan (an image-only page, no text layer), one
locked with a user password, and a 200-page resume (every page the same role and bullets)."""
from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

scan = FPDF()
scan.add_page()
scan.set_fill_color(120, 120, 120)
for row in range(30):
    scan.rect(20, 20 + row * 8, 170, 4, style="F")
scan.output("scan.pdf")

locked = FPDF()
locked.set_encryption(owner_password="owner", user_password="secret")
locked.add_page()
locked.set_font("Helvetica", size=11)
locked.cell(0, 8, "Prioritized the product backlog for the routing team.")
locked.output("encrypted.pdf")

long = FPDF()
long.set_compression(True)
for page in range(200):
    long.add_page()
    long.set_font("Helvetica", size=11)
    long.multi_cell(0, 7, f"EXPERIENCE\nAnalyst, Page {page + 1} Logistics (2019 - 2020)\n"
                    "- Prioritized the product backlog for the routing team.\n"
                    "- Cut late deliveries 18% by rebuilding the dispatch rules.",
                    new_x="LMARGIN", new_y="NEXT")
long.output("two-hundred-pages.pdf")
