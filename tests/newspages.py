"""Small news pages written for the analyst tests (invented text and people), and a folder of them on disk."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NewsPage:
    """What one invented article page says; `html()` renders it as a generic news page (JSON-LD, byline, body)."""

    path: str  # where it is saved or served, e.g. "kabarlembah/warga-kebanjiran.html"
    url: str
    title: str
    published: str
    authors: tuple[str, ...]
    editor: str | None
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]

    def html(self) -> str:
        """The page's markup: JSON-LD NewsArticle, canonical link, keywords, an h1 and the body paragraphs."""
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "datePublished": self.published,
            "author": [{"@type": "Person", "name": a} for a in self.authors],
            "keywords": list(self.tags),
            "mainEntityOfPage": self.url,
        }
        body = "\n".join(f"<p>{p}</p>" for p in self.paragraphs)
        credit = f"<p>Editor: {self.editor}</p>" if self.editor else ""
        return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{self.title} | Kabar Warga</title>
<link rel="canonical" href="{self.url}"><meta property="og:type" content="article">
<meta property="og:title" content="{self.title}"><meta property="og:url" content="{self.url}">
<meta name="keywords" content="{", ".join(self.tags)}">
<meta property="article:published_time" content="{self.published}">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><div class="header"><a href="/">Kabar Warga</a></div>
<article class="post"><h1>{self.title}</h1><div class="byline">Penulis: {", ".join(self.authors)}</div>
<div class="entry-content">
{body}
{credit}
</div></article><div class="footer">&copy; Kabar Warga</div></body></html>
"""


PAGES = (
    NewsPage(
        "kabarlembah/2024/warga-kebanjiran.html",
        "https://kabarlembah.example/2024/03/warga-kebanjiran",
        "Ratusan Rumah Warga Kebanjiran di Tepi Sungai",
        "2024-03-05T09:30:00+07:00",
        ("Ani Lestari",),
        "Budi Santoso",
        ("cuaca", "sungai"),
        (
            "Hujan deras sejak pagi membuat ratusan rumah di tepi sungai kebanjiran hingga setinggi lutut.",
            "Petugas mengevakuasi warga lanjut usia ke balai desa yang tidak dibanjiri air, kata kepala desa.",
            "Warga berharap pemerintah segera memperbaiki tanggul yang jebol sejak tahun lalu.",
        ),
    ),
    NewsPage(
        "kabarlembah/2024/banjir-surut.html",
        "https://kabarlembah.example/2024/03/banjir-surut",
        "Banjir Surut, Warga Mulai Membersihkan Rumah",
        "2024-03-06T20:15:00+07:00",
        ("Dewi Anggraini", "Ani Lestari"),
        "Budi Santoso",
        ("banjir",),
        (
            "Banjir yang merendam kampung di tepi sungai surut pada Rabu sore setelah hujan berhenti.",
            "Warga membersihkan lumpur dari lantai rumah dan menjemur kasur di halaman sampai malam.",
            "Relawan membagikan air bersih dan makanan siap saji kepada keluarga yang rumahnya rusak.",
        ),
    ),
    NewsPage(
        "wartatepian/pasar-malam.html",
        "https://wartatepian.example/ekonomi/pasar-malam-dibuka",
        "Pasar Malam Tepian Danau Kembali Dibuka",
        "2024-03-12T07:00:00+08:00",
        ("Made Wirawan",),
        "Citra Dewi",
        ("ekonomi",),
        (
            "Pasar malam di tepian danau kembali dibuka setelah pembangunan dermaga baru selesai bulan lalu.",
            "Pedagang makanan menyambut pembukaan itu karena pengunjung ramai datang setiap akhir pekan.",
            "Pengelola menambah lampu jalan dan tempat parkir agar pengunjung merasa aman hingga larut malam.",
        ),
    ),
    NewsPage(
        "wartatepian/jabar/tanggul-jebol.html",
        "https://jabar.wartatepian.example/daerah/tanggul-jebol",
        "Tanggul Jebol, Sawah Petani Terendam",
        "2024-04-02T10:00:00+07:00",
        ("Dewi Anggraini",),
        None,
        ("banjir", "pertanian"),
        (
            "Air sungai membanjiri puluhan hektare sawah setelah tanggul di hulu jebol pada Selasa dini hari.",
            "Petani khawatir padi yang siap panen bulan depan membusuk bila air tidak segera surut.",
            "Dinas pertanian mendata kerugian dan menjanjikan bantuan benih untuk musim tanam berikutnya.",
        ),
    ),
)


def write_pages(folder: Path) -> list[Path]:
    """Save every page under folder (in sub-folders, as a browser or wget would) and return their paths."""
    paths = []
    for page in PAGES:
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.html(), encoding="utf-8")
        paths.append(path)
    return paths
