"""Build ``src/cdnet/data/state_media/state_media.csv`` from ASD's State Media Matrix.

Run by hand when the source changes (never at run time or test time)::

    .venv/bin/python scripts/make_state_media.py \
        --matrix ../shared/data/asd-state-media-profiles/State_Media_Matrix.csv

Keeps the state-controlled typologies (SC state-controlled, CaPu captured public, CaPr captured
private) and drops independent public or state-funded media (IP, ISF, ISM, ISFM): the BBC is not
state media in the sense of Meta's "state-controlled media" label. One output row per media
company and country; its main assets become ``page_names``, URLs become host names in
``domains`` and the social-link columns become ``platform:handle`` in ``handles``.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "cdnet" / "data" / "state_media" / "state_media.csv"
KEEP = ("SC", "CaPu", "CaPr")
COLUMNS = ["name", "country", "typology", "domains", "page_names", "handles", "source"]
SOURCE = "ASD State Media Profiles (MIT) / State Media Monitor"
LINKS = {
    "Facebook Link": "facebook",
    "Instagram Link": "instagram",
    "Twitter Link": "x",
    "Youtube Link": "youtube",
    "Telegram Link": "telegram",
    "Tiktok Link": "tiktok",
    "VK Link": "vk",
}
# What a handle may look like on each platform; a link that does not fit (``x:sputnik.armenia``,
# a Facebook name with spaces) is a data error in the source and is left out.
VALID = {
    "x": r"[A-Za-z0-9_]{1,15}",
    "telegram": r"[A-Za-z0-9_]{4,32}",
    "instagram": r"[A-Za-z0-9._]{1,30}",
    "tiktok": r"[A-Za-z0-9._]{2,24}",
    "facebook": r"[A-Za-z0-9.\-]{2,80}",
    "youtube": r"@?[A-Za-z0-9_\-.]{2,60}",
    "vk": r"[A-Za-z0-9_.]{2,60}",
}
# Path segments that are not a handle (``youtube.com/channel/ID`` keeps ID).
SKIP_SEGMENTS = {"channel", "c", "user", "pages", "profile.php", "s", "pg", "people", "groups"}

COUNTRIES = dict(
    line.rsplit("=", 1)
    for line in """Afghanistan=AF;Albania=AL;Algeria=DZ;Angola=AO;Argentina=AR;Armenia=AM;
Australia=AU;Austria=AT;Azerbaijan=AZ;Bahrain=BH;Bangladesh=BD;Belarus=BY;Belgium=BE;Benin=BJ;
Bhutan=BT;Bolivia=BO;Bosnia and Herzegovina=BA;Botswana=BW;Brazil=BR;Brunei=BN;Bulgaria=BG;
Burkina Faso=BF;Burundi=BI;Cambodia=KH;Cameroon=CM;Canada=CA;Central African Republic=CF;
Chad=TD;Chile=CL;China=CN;Colombia=CO;Congo=CG;Costa Rica=CR;Croatia=HR;Cuba=CU;Cyprus=CY;
Czechia=CZ;Côte d'Ivoire=CI;DR Congo=CD;Denmark=DK;Djibouti=DJ;Dominican Republic=DO;
Ecuador=EC;Egypt=EG;El Salvador=SV;Eritrea=ER;Estonia=EE;Ethiopia=ET;Europen Union=EU;
Finland=FI;France=FR;Gabon=GA;Georgia=GE;Germany=DE;Ghana=GH;Greece=GR;Guatemala=GT;Haiti=HT;
Honduras=HN;Hong Kong=HK;Hungary=HU;Iceland=IS;India=IN;Indonesia=ID;Iran=IR;Iraq=IQ;
Ireland=IE;Israel=IL;Italy=IT;Jamaica=JM;Japan=JP;Jordan=JO;Kazakhstan=KZ;Kenya=KE;Kuwait=KW;
Laos=LA;Latvia=LV;Lebanon=LB;Lesotho=LS;Liberia=LR;Libya=LY;Liechtenstein=LI;Lithuania=LT;
Macao=MO;Madagascar=MG;Malawi=MW;Malaysia=MY;Malta=MT;Mauritania=MR;Mexico=MX;Moldova=MD;
Mongolia=MN;Montenegro=ME;Morocco=MA;Mozambique=MZ;Myanmar=MM;Namibia=NA;Nepal=NP;
Netherlands=NL;New Zealand=NZ;Nicaragua=NI;Niger=NE;Nigeria=NG;North Korea=KP;
North Macedonia=MK;Norway=NO;Oman=OM;Pakistan=PK;Palestine territories=PS;Panama=PA;
Paraguay=PY;Peru=PE;Philippines=PH;Poland=PL;Portugal=PT;Qatar=QA;Romania=RO;Russia=RU;
Rwanda=RW;Saudi Arabia=SA;Senegal=SN;Serbia=RS;Singapore=SG;Slovakia=SK;Slovenia=SI;
Somalia=SO;South Africa=ZA;South Korea=KR;South Sudan=SS;Spain=ES;Sri Lanka=LK;Sudan=SD;
Sweden=SE;Switzerland=CH;Syria=SY;Taiwan=TW;Tajikistan=TJ;Tanzania=TZ;Thailand=TH;
The Gambia=GM;Togo=TG;Tunisia=TN;Turkey=TR;Turkmenistan=TM;UAE=AE;Uganda=UG;Ukraine=UA;
United Kingdom=GB;United States of America=US;Uruguay=UY;Uzbekistan=UZ;Vatican City=VA;
Venezuela=VE;Vietnam=VN;Yemen=YE;Zambia=ZM;Zimbabwe=ZW""".replace("\n", "").split(";")
)


def host(url: str) -> str:
    """Lower-case host name of a URL as written in the matrix (scheme and ``www.`` dropped)."""
    text = url.strip().strip(",").lower()
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    name = urlsplit(text).hostname or ""
    return name[4:] if name.startswith("www.") else name


def handle(platform: str, url: str) -> str:
    """``platform:handle`` for a social-profile URL, or "" when the URL names no account."""
    text = url.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    parts = [unquote(p) for p in urlsplit(text).path.split("/") if p]
    if platform == "youtube" and len(parts) >= 2 and parts[0] in {"channel", "c", "user"}:
        return f"youtube:{parts[1]}"
    parts = [p for p in parts if p not in SKIP_SEGMENTS]
    if not parts:
        return ""
    name = parts[0].lstrip("@") if platform in {"tiktok", "x", "instagram"} else parts[0]
    if platform == "facebook" and re.search(r"-\d{6,}$", name):
        name = name.rsplit("-", 1)[1]  # pages/Name-12345 -> the page id
    return f"{platform}:{name}" if re.fullmatch(VALID[platform], name) else ""


def _add(seq: list[str], value: str) -> None:
    if value and value not in seq:
        seq.append(value)


def build(matrix: Path) -> list[dict[str, str]]:
    """Group the matrix's state-controlled rows per (country, media company)."""
    groups: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: {"typology": [], "domains": [], "page_names": [], "handles": []}
    )
    with matrix.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            typology = row["Typology"].strip()
            country = COUNTRIES.get(row["Country"].strip(), "")
            company = row["Media company"].strip().rstrip("*").strip()
            if typology not in KEEP or not country or not company:
                continue
            group = groups[(country, company)]
            _add(group["typology"], typology)
            _add(group["page_names"], company)
            _add(group["page_names"], row["Main assets"].strip())
            _add(group["domains"], host(row["URL"]))
            for column, platform in LINKS.items():
                _add(group["handles"], handle(platform, row.get(column) or ""))
    rows = []
    for (country, company), group in sorted(groups.items()):
        rows.append(
            {
                "name": company,
                "country": country,
                "typology": group["typology"][0],
                "domains": "|".join(group["domains"]),
                "page_names": "|".join(n.replace("|", "/") for n in group["page_names"]),
                "handles": "|".join(group["handles"]),
                "source": SOURCE,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matrix", type=Path, required=True, help="State_Media_Matrix.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.matrix)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.out}")  # noqa: T201


if __name__ == "__main__":
    main()
