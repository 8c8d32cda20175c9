"""Write cdnet's demo dataset: synthetic posts built around real Doppelganger indicators.

Deterministic (``random.Random(2024)``); reads only ``src/cdnet/data/indicators``. About 1,500
posts in German, French, English and Italian on x, facebook and telegram, 6 May - 2 June 2024:
ordinary people linking real outlets (decoys that must not be flagged) and clusters of
inauthentic accounts pushing links to real spoof domains (directly or through redirect domains)
with near-identical texts seconds apart, plus reshares and mentions.

    .venv/bin/python scripts/make_demo_dataset.py [--out src/cdnet/data/demo/posts.csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "cdnet" / "data"
INDICATORS = DATA / "indicators" / "doppelganger_meta_2023.csv"
START = datetime(2024, 5, 6, tzinfo=UTC)
DAYS = 28
COLUMNS = "post_id account_id created_at text platform account_name url links reshare_of mentions"
COLUMNS += " lang country"
SNOWFLAKE_EPOCH_MS = 1288834974657

# fmt: off
# Real outlets (domain, official handle) per language: ordinary users link to these.
OUTLETS: dict[str, list[tuple[str, str]]] = {
    "de": [("spiegel.de", "derspiegel"), ("zeit.de", "zeitonline"), ("sueddeutsche.de", "SZ"),
           ("faz.net", "FAZ_NET"), ("tagesschau.de", "tagesschau"), ("welt.de", "welt"),
           ("t-online.de", "tonline"), ("bild.de", "BILD")],
    "fr": [("lemonde.fr", "lemondefr"), ("lefigaro.fr", "Le_Figaro"), ("liberation.fr", "libe"),
           ("francetvinfo.fr", "franceinfo"), ("leparisien.fr", "le_Parisien"),
           ("la-croix.com", "LaCroix"), ("lepoint.fr", "LePoint")],
    "en": [("theguardian.com", "guardian"), ("bbc.co.uk", "BBCNews"), ("reuters.com", "Reuters"),
           ("washingtonpost.com", "washingtonpost"), ("apnews.com", "AP")],
    "it": [("repubblica.it", "repubblica"), ("corriere.it", "Corriere"),
           ("lastampa.it", "LaStampa"), ("ansa.it", "Agenzia_Ansa"), ("ilpost.it", "ilpost")],
}
REAL_OUTLET_DOMAINS = sorted(d for outlets in OUTLETS.values() for d, _ in outlets)
COUNTRIES = {"de": ["DE"] * 8 + ["AT"] * 2, "fr": ["FR"] * 9 + ["BE"], "it": ["IT"],
             "en": ["GB"] * 6 + ["US"] * 3 + ["IE"]}

HEADLINES = {
    "de": [("politik", "Europawahl: Was die Parteien beim Klimaschutz versprechen"),
           ("wirtschaft", "Inflation im Mai leicht gesunken"),
           ("reise", "Bahn: Neue Baustellen im Sommer auf wichtigen Strecken"),
           ("wissenschaft", "Hitzesommer: Was Städte gegen überhitzte Innenstädte tun können"),
           ("sport", "Heim-EM: So bereiten sich die Fanzonen vor"),
           ("kultur", "Warum Bibliotheken wieder voller werden"),
           ("panorama", "Hochwasser im Süden: Pegel steigen weiter"),
           ("wirtschaft", "Wärmepumpen: Förderanträge steigen wieder"),
           ("politik", "Bürgergeld-Debatte: Was die Zahlen wirklich zeigen"),
           ("gesundheit", "Pollenflug: Allergiker müssen sich auf lange Saison einstellen"),
           ("wirtschaft", "Mittelstand klagt über Fachkräftemangel"),
           ("politik", "Kommunalwahlen in mehreren Ländern: Die wichtigsten Fragen")],
    "fr": [("politique", "Européennes : ce que proposent les listes sur le climat"),
           ("economie", "L'inflation ralentit encore en mai"),
           ("societe", "Jeux olympiques : comment Paris se prépare à accueillir les visiteurs"),
           ("sport", "Roland-Garros : les Français à suivre cette année"),
           ("societe", "Baccalauréat : les dates à retenir"),
           ("economie", "Le prix des carburants recule légèrement"),
           ("culture", "Le Festival de Cannes s'ouvre sous le soleil"),
           ("planete", "Sécheresse : plusieurs départements déjà en vigilance"),
           ("sante", "Allergies au pollen : la saison s'annonce longue"),
           ("economie", "Immobilier : les taux de crédit baissent enfin")],
    "en": [("politics", "What the European elections mean for the UK"),
           ("business", "Inflation falls again as energy prices ease"),
           ("world", "Floods in southern Germany force evacuations"),
           ("sport", "Champions League final: what to expect at Wembley"),
           ("environment", "Record ocean temperatures worry scientists"),
           ("money", "Mortgage rates: lenders begin to cut"),
           ("education", "How schools are dealing with AI homework tools"),
           ("uk-news", "Rail strikes: the dates you need to know"),
           ("science", "Why this year's pollen season feels so long"),
           ("lifeandstyle", "The rise of community gardens in British cities")],
    "it": [("politica", "Europee, cosa propongono le liste sul clima"),
           ("economia", "Inflazione in calo anche a maggio"),
           ("cronaca", "Maltempo al Nord, allerta in diverse regioni"),
           ("sport", "Giro d'Italia, la tappa di montagna che può decidere tutto"),
           ("economia", "Mutui, i tassi iniziano a scendere"),
           ("cultura", "Musei gratis la domenica: boom di visitatori"),
           ("salute", "Allergie, una stagione dei pollini più lunga del solito"),
           ("scuola", "Maturità, le date da ricordare")],
}
COMMENTS = {
    "de": ["Lesenswert: {t}", "{t} - spannend, danke fürs Teilen.", "Hab ich gerade gelesen. {t}",
           "Hm. {t} Mal sehen, ob das so bleibt.", "Gute Zusammenfassung: {t}", "{t} 👀",
           "Für alle, die es noch nicht gesehen haben: {t}", "Wichtiges Thema. {t}",
           "Endlich mal sachlich erklärt: {t}", "Genau darüber haben wir gestern diskutiert. {t}"],
    "fr": ["À lire : {t}", "{t} Intéressant, merci pour le partage.", "Je viens de lire ça. {t}",
           "{t} On verra bien…", "Bon résumé : {t}", "{t} 👀", "Pour ceux qui l'ont raté : {t}",
           "Sujet important. {t}", "Enfin une explication claire : {t}",
           "On en parlait justement hier soir. {t}"],
    "en": ["Worth a read: {t}", "{t} Interesting, thanks for sharing.", "Just read this. {t}",
           "{t} We'll see how long that lasts.", "Good summary: {t}", "{t} 👀",
           "In case you missed it: {t}", "Important topic. {t}", "Finally a clear explainer: {t}",
           "We were talking about exactly this last night. {t}"],
    "it": ["Da leggere: {t}", "{t} Interessante, grazie per la condivisione.", "Appena letto. {t}",
           "{t} Vedremo…", "Buon riassunto: {t}", "{t} 👀", "Per chi se l'è perso: {t}",
           "Tema importante. {t}", "Finalmente spiegato bene: {t}"],
}
CHATTER = {
    "de": ["Guten Morgen aus Leipzig ☀️ Erst mal Kaffee.", "Wer kennt ein gutes Café in Altona?",
           "Der Zug hat mal wieder 20 Minuten Verspätung. Immerhin scheint die Sonne.",
           "Heute das erste Mal im See geschwommen. Kalt, aber herrlich!",
           "Die Tomaten auf dem Balkon wachsen endlich 🍅",
           "Wochenende! Wer kommt mit zum Flohmarkt?",
           "Unser Verein sucht noch Helfer für das Sommerfest am Samstag.",
           "Regen, Regen, Regen. Mai, was ist los mit dir? 🌧️"],
    "fr": ["Bonjour de Lyon ☀️ Premier café de la journée.", "Encore un RER en retard ce matin…",
           "Quelqu'un connaît une bonne boulangerie vers Bastille ?", "Vivement le week-end.",
           "Premier pique-nique de l'année au bord de la Loire !",
           "Des idées de livres pour l'été ?",
           "Notre association cherche des bénévoles pour la fête du quartier.",
           "Il pleut depuis trois jours. Le mois de mai nous boude 🌧️"],
    "en": ["Morning from Manchester ☀️ Coffee first.", "Train delayed again. At least it's sunny.",
           "Anyone know a good café near Temple Meads?", "First barbecue of the year! 🔥",
           "The tomatoes on the balcony are finally growing 🍅", "Any book tips for the holidays?",
           "Our running club is looking for volunteers for Saturday's 5k.",
           "Rain, rain, rain. May, what happened? 🌧️"],
    "it": ["Buongiorno da Bologna ☀️ Prima il caffè.", "Treno in ritardo anche oggi…",
           "Qualcuno conosce una buona trattoria a Torino?", "Prima gita al mare dell'anno! 🌊",
           "Le fragole del mercato sono finalmente arrivate 🍓", "Finalmente weekend!",
           "La nostra associazione cerca volontari per la festa di quartiere.",
           "Piove da tre giorni. Maggio, che succede? 🌧️"],
}
NAMES = {
    "de": ("Lena Jonas Mia Felix Anna Lukas Sabine Jürgen Katrin Tobias Heike Uwe Julia Max Petra",
           "Schneider Fischer Weber Wagner Becker Hoffmann Schulz Koch Richter Klein Wolf Neumann"),
    "fr": ("Camille Lucas Chloé Hugo Manon Louis Léa Thomas Nathalie Pierre Sophie Julien Inès",
           "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent"),
    "en": ("Olivia James Amelia Jack Isla Harry Emily George Sophie Oliver Chloe Daniel Grace",
           "Smith Jones Taylor Brown Williams Wilson Johnson Davies Evans Walker Wright Hughes"),
    "it": ("Giulia Luca Sofia Marco Chiara Matteo Francesca Andrea Elena Davide Sara Paolo",
           "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo"),
}
CHANNELS = {
    "de": ["Radfahren in Leipzig", "Nachbarschaft Köln-Ehrenfeld", "Gartenfreunde Nord"],
    "fr": ["Vélo à Nantes", "Quartier Croix-Rousse", "Jardins partagés Lille"],
    "en": ["Bristol Cycling Chat", "Leeds Allotment Friends", "Brighton Book Swap"],
    "it": ["Bici a Bologna", "Orti urbani Torino", "Cucina di quartiere Napoli"],
}


@dataclass(frozen=True)
class Campaign:
    """One Doppelganger-style story: a spoof article and the near-identical posts pushing it."""

    lang: str
    domain: str
    section: str
    headline: str
    cores: tuple[str, ...]
    hashtags: tuple[str, ...]
    platform: str


CAMPAIGNS = [
    Campaign("de", "spiegel.ltd", "politik",
             "Sanktionen treffen den Mittelstand: Jeder dritte Betrieb denkt an Abwanderung",
             ("Die Sanktionen schaden nicht Russland, sondern uns. Jeder dritte Betrieb denkt an "
              "Abwanderung. Wann wacht Berlin endlich auf?",
              "Sanktionen gegen Russland? Bezahlen tun wir: Der Mittelstand wandert ab, die "
              "Arbeitsplätze gehen verloren. Wann wacht Berlin endlich auf?"),
             ("#Sanktionen", "#Mittelstand", "#Deindustrialisierung"), "x"),
    Campaign("de", "welt.pm", "wirtschaft",
             "Heizkosten: Familien zahlen doppelt so viel wie vor dem Krieg",
             ("Doppelt so hohe Heizkosten wie vor dem Krieg - und die Regierung erzählt uns, alles "
              "sei unter Kontrolle. Wer zahlt? Wir!",
              "Familien zahlen fürs Heizen doppelt so viel wie vor dem Krieg. Die Regierung redet "
              "das schön. Wer zahlt? Wir!"),
             ("#Energiepreise", "#Heizkosten", "#Ampel"), "x"),
    Campaign("de", "sueddeutsche.ltd", "politik",
             "Milliarden für Kiew, während Schulen in Deutschland verfallen",
             ("Milliarden für Kiew, aber für unsere Schulen ist kein Geld da. Die Prioritäten "
              "dieser Regierung sind klar - und sie liegen nicht bei uns.",
              "Für Kiew gibt es Milliarden, für unsere Schulen nicht einmal neue Fenster. Die "
              "Prioritäten dieser Regierung liegen nicht bei uns."),
             ("#Ukrainehilfe", "#Schulen", "#Steuergeld"), "facebook"),
    Campaign("fr", "leparisien.top", "economie",
             "Les agriculteurs français sacrifiés au profit des importations ukrainiennes",
             ("Nos agriculteurs meurent pendant que les céréales ukrainiennes inondent le marché. "
              "Qui défend encore la France ?",
              "Les céréales ukrainiennes inondent le marché et nos agriculteurs coulent. Qui "
              "défend encore la France ?"),
             ("#agriculteurs", "#Ukraine", "#colère"), "x"),
    Campaign("fr", "lepoint.wf", "politique",
             "Envoyer des soldats en Ukraine : les Français disent non",
             ("Des soldats français en Ukraine ? Les Français n'en veulent pas, mais personne ne "
              "leur demande leur avis.",
              "Envoyer nos soldats en Ukraine ? Personne n'a demandé l'avis des Français, et ils "
              "n'en veulent pas."),
             ("#guerre", "#Ukraine", "#paix"), "facebook"),
    Campaign("it", "repubblica.in", "economia",
             "Sanzioni alla Russia: ogni famiglia italiana paga 1.200 euro in più all'anno",
             ("Le sanzioni contro la Russia costano a ogni famiglia italiana 1.200 euro all'anno. "
              "Chi ci guadagna? Non certo noi.",
              "1.200 euro all'anno in più per ogni famiglia: ecco il prezzo delle sanzioni. Chi ci "
              "guadagna? Non certo noi."),
             ("#sanzioni", "#bollette", "#Italia"), "x"),
    Campaign("it", "lastampa.in", "politica",
             "Armi a Kiev, tagli alla sanità: i conti che il governo non mostra",
             ("Miliardi in armi per Kiev mentre i nostri ospedali chiudono reparti. I conti che "
              "nessuno vi mostra.",
              "I nostri ospedali chiudono reparti, ma per le armi a Kiev i miliardi si trovano "
              "sempre. I conti che nessuno vi mostra."),
             ("#sanità", "#armi", "#Ucraina"), "facebook"),
    Campaign("en", "washingtonpost.pm", "world",
             "Billions in Ukraine aid unaccounted for, auditors warn",
             ("Billions in aid to Ukraine and nobody can say where the money went. Auditors are "
              "worried - and so should you be.",
              "Nobody can say where the billions sent to Ukraine went. Auditors are worried, and "
              "so should you be."),
             ("#UkraineAid", "#Taxpayers"), "x"),
    Campaign("en", "rrn.media", "europe",
             "Europe pays the price for Washington's war",
             ("Europe is deindustrialising while Washington profits from the war. Read what the "
              "mainstream media won't tell you.",
              "While Washington profits from the war, Europe's factories close. Read what the "
              "mainstream media won't tell you."),
             ("#Europe", "#Sanctions"), "telegram"),
]
OPENERS = ["", "", "", "❗ ", "👉 ", "‼️ ", "🔴 "]
CLOSERS = ["", "", "", " 😡", " 🤬", " !!!", " 👇"]
DEFANG_LEAD = {"de": "Quelle:", "fr": "Source :", "it": "Fonte:", "en": "Source:"}
# fmt: on


@dataclass
class Account:
    platform: str
    handle: str
    name: str
    lang: str
    country: str
    number: int
    inauthentic: bool
    posts: int = 0

    @property
    def account_id(self) -> str:
        return f"{ {'x': 'x', 'facebook': 'fb', 'telegram': 'tg'}[self.platform] }:{self.number}"


@dataclass
class Post:
    account: Account
    at: datetime
    text: str
    links: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    reshare_of: Post | None = None
    post_id: str = ""

    @property
    def lang(self) -> str:
        return self.reshare_of.lang if self.reshare_of else self.account.lang


def slugify(text: str) -> str:
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def article_url(rng: random.Random, domain: str, section: str, title: str, day: datetime) -> str:
    slug = slugify(title)
    if domain.startswith("spiegel."):
        return f"https://www.{domain}/{section}/{slug}-a-{rng.getrandbits(128):032x}"
    if domain in ("theguardian.com", "washingtonpost.com", "washingtonpost.pm"):
        return f"https://www.{domain}/{section}/{day:%Y/%m/%d}/{slug}/"
    if domain.endswith(".fr") or domain in ("leparisien.top", "lepoint.wf"):
        number = rng.randrange(10**6, 10**7)
        return f"https://www.{domain}/{section}/article/{day:%Y/%m/%d}/{slug}_{number}.html"
    return f"https://www.{domain}/{section}/{slug}-{rng.randrange(10**5, 10**6)}"


_HANDLES: set[str] = set()


def make_account(rng: random.Random, lang: str, platform: str, inauthentic: bool) -> Account:
    """A new account with a handle no other account has (channels exist once each)."""
    first, last = (rng.choice(names.split()) for names in NAMES[lang])
    name, number, country = (
        f"{first} {last}",
        rng.randrange(10**9, 10**12),
        rng.choice(COUNTRIES[lang]),
    )
    channels = [c for c in CHANNELS[lang] if slugify(c).replace("-", "_") not in _HANDLES]
    if platform == "telegram" and not inauthentic and channels:
        name, country = rng.choice(channels), COUNTRIES[lang][0]
        handle = slugify(name).replace("-", "_")
    elif inauthentic:
        handle = f"{slugify(first)}_{last[0]}{rng.randrange(10**7, 10**8)}"
    else:
        platform = "facebook" if platform == "telegram" else platform
        styles = [f"{first}.{last}", f"{first}_{rng.randrange(70, 100)}", f"{last}{first[:3]}"]
        handle = slugify(rng.choice(styles)).replace("-", "_")
    while handle in _HANDLES:
        handle += str(rng.randrange(10))
    _HANDLES.add(handle)
    return Account(platform, handle, name, lang, country, number, inauthentic)


def random_time(rng: random.Random) -> datetime:
    day = START + timedelta(days=rng.randrange(DAYS))
    return day + timedelta(seconds=rng.randrange(5 * 3600, 22 * 3600))


def ordinary_posts(rng: random.Random) -> list[Post]:
    posts: list[Post] = []
    for lang, count in (("de", 80), ("fr", 65), ("en", 55), ("it", 45)):
        platforms = ["x"] * 10 + ["facebook"] * 7 + ["telegram"] * 2
        accounts = [make_account(rng, lang, rng.choice(platforms), False) for _ in range(count)]
        for account in accounts:
            for _ in range(min(12, 1 + int(rng.paretovariate(1.6) * 2))):
                posts.append(ordinary_post(rng, account, accounts))
    return posts


_ARTICLES: dict[tuple[str, str, int], str] = {}


def outlet_article(rng: random.Random, domain: str, section: str, title: str, at: datetime) -> str:
    """One URL per outlet, headline and week, so that many people share the same article."""
    week = (at - START).days // 7
    if (domain, title, week) not in _ARTICLES:
        day = START + timedelta(days=7 * week)
        _ARTICLES[domain, title, week] = article_url(rng, domain, section, title, day)
    return _ARTICLES[domain, title, week]


def ordinary_post(rng: random.Random, account: Account, peers: list[Account]) -> Post:
    lang, at = account.lang, random_time(rng)
    if rng.random() < 0.1:
        return Post(account, at, rng.choice(CHATTER[lang]))
    domain, outlet_handle = rng.choice(OUTLETS[lang])
    section, title = rng.choice(HEADLINES[lang])
    text = rng.choice(COMMENTS[lang]).format(t=title)
    mentions: list[str] = []
    if account.platform == "x" and rng.random() < 0.2:
        mentions.append(outlet_handle if rng.random() < 0.6 else rng.choice(peers).handle)
        text = f"{text} @{mentions[0]}"
    return Post(account, at, text, [outlet_article(rng, domain, section, title, at)], mentions)


def reshares(rng: random.Random, originals: list[Post], count: int) -> list[Post]:
    out: list[Post] = []
    for original in rng.sample(originals, count):
        same = [p.account for p in originals if p.account.lang == original.account.lang]
        sharer = rng.choice([a for a in same if a.platform == original.account.platform])
        if sharer is not original.account and original.at < START + timedelta(days=DAYS - 1):
            at = original.at + timedelta(seconds=rng.randrange(600, 2 * 86400))
            out.append(Post(sharer, at, "", reshare_of=original))
    return out


def load_indicators(path: Path) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {"spoof": [], "brand": [], "redirect": []}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kinds[row["kind"]].append(row["domain"])
    return kinds


def campaign_posts(rng: random.Random, indicators: dict[str, list[str]]) -> list[Post]:
    known = set(indicators["spoof"]) | set(indicators["brand"])
    amplifiers = [make_account(rng, "en", "x", True) for _ in range(8)]
    posts: list[Post] = []
    for campaign in CAMPAIGNS:
        if campaign.domain not in known:
            raise SystemExit(f"{campaign.domain} is not in {INDICATORS.name}")
        cluster = [
            make_account(rng, campaign.lang, campaign.platform, True)
            for _ in range(rng.randrange(7, 12))
        ]
        for wave in range(rng.randrange(2, 4)):
            redirect = rng.choice(indicators["redirect"]) if wave == 1 else None
            wave_posts = campaign_wave(rng, campaign, cluster, redirect)
            first = wave_posts[0]
            sharers = [a for a in amplifiers if a.platform == campaign.platform] or [
                a for a in cluster if a is not first.account
            ]
            for sharer in rng.sample(sharers, min(3, len(sharers))):
                at = first.at + timedelta(seconds=rng.randrange(20, 120))
                wave_posts.append(Post(sharer, at, "", reshare_of=first))
            posts += wave_posts
    return posts


def campaign_wave(
    rng: random.Random, campaign: Campaign, cluster: list[Account], redirect: str | None
) -> list[Post]:
    start = random_time(rng)
    url = article_url(rng, campaign.domain, campaign.section, campaign.headline, start)
    link = f"https://{redirect}/{rng.getrandbits(32):08x}" if redirect else url
    core = rng.choice(campaign.cores)
    posts, at = [], start
    for account in rng.sample(cluster, len(cluster)):
        at += timedelta(seconds=rng.randrange(1, 15))
        text = rng.choice(OPENERS) + (core if rng.random() < 0.85 else rng.choice(campaign.cores))
        tags = rng.sample(campaign.hashtags, rng.randrange(1, 3))
        text += rng.choice(CLOSERS) + " " + " ".join(tags)
        if rng.random() < 0.3:
            text += f" {DEFANG_LEAD[campaign.lang]} {campaign.domain.replace('.', '[.]')}"
        mentions = []
        if campaign.platform == "x" and rng.random() < 0.25:
            mentions = [rng.choice(OUTLETS[campaign.lang])[1]]
            text = f"@{mentions[0]} {text}"
        posts.append(Post(account, at, text, [link], mentions))
    return posts


def assign_ids(posts: list[Post]) -> None:
    """Ids in time order: X snowflakes, page_post on Facebook, channel/n on Telegram."""
    seq = 0
    for post in posts:
        post.account.posts += 1
        seq += 1
        if post.account.platform == "x":
            ms = int(post.at.timestamp() * 1000) - SNOWFLAKE_EPOCH_MS
            post.post_id = str((ms << 22) + seq)
        elif post.account.platform == "facebook":
            post.post_id = f"{post.account.number}_{10**15 + seq * 7919}"
        else:
            post.post_id = f"{post.account.handle}/{post.account.posts}"


def post_url(post: Post) -> str:
    a = post.account
    if a.platform == "x":
        return f"https://x.com/{a.handle}/status/{post.post_id}"
    if a.platform == "facebook":
        return f"https://www.facebook.com/{a.number}/posts/{post.post_id.split('_')[1]}"
    return f"https://t.me/{post.post_id}"


def row(post: Post) -> list[str]:
    a = post.account
    return [
        post.post_id,
        a.account_id,
        post.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        post.text,
        a.platform,
        a.name,
        post_url(post),
        json.dumps(post.links),
        post.reshare_of.post_id if post.reshare_of else "",
        json.dumps(post.mentions),
        post.lang,
        a.country,
    ]


def build(indicators: dict[str, list[str]]) -> list[Post]:
    _ARTICLES.clear()
    _HANDLES.clear()
    rng = random.Random(2024)  # noqa: S311 - reproducible synthetic data, not security
    ordinary = ordinary_posts(rng)
    originals = [p for p in ordinary if p.links]
    posts = ordinary + reshares(rng, originals, 80) + campaign_posts(rng, indicators)
    posts.sort(key=lambda p: (p.at, p.account.handle, p.text))
    assign_ids(posts)
    return posts


SOURCE_NOTE = """\
# Demo dataset: synthetic posts around real Doppelganger indicators

`posts.csv` is a **synthetic** `posts` table (the canonical columns of FORMATS.md) written by
`scripts/make_demo_dataset.py` with `random.Random(2024)`; rerunning the script reproduces it byte
for byte. The people, accounts, handles, post ids, texts and the article paths on real news sites
are invented: **no real people**.

What is real: the spoof, brand and redirect domains of the Russia-based Doppelganger operation,
taken from `../indicators/doppelganger_meta_2023.csv` (Meta threat research, MIT licence; see its
SOURCE.md), and the domains of the real outlets that ordinary accounts link to.

- {total} posts, {first} to {last}, in German, French, English and Italian, on x, facebook
  and telegram.
- {ordinary} posts by ordinary accounts: links to real outlets, small talk and reshares. These
  are decoys: nothing in them should be flagged.
- {fake} posts by {fake_accounts} inauthentic accounts (handles end in eight digits) in {campaigns}
  campaigns. Each campaign pushes one article on one real spoof or brand domain with
  near-identical texts posted seconds apart; the second wave of a campaign links through a real
  redirect domain; some texts name the spoof domain defanged (`spiegel[.]ltd`); accounts reshare
  the first post of each wave within two minutes.

Real outlets linked by ordinary accounts: {outlets}.

| language | platform | domain | spoofed article |
|---|---|---|---|
{table}

The campaign texts imitate the narratives of the real operation (sanctions hurt Europe, aid to
Ukraine, energy prices) so that the detectors have something realistic to find. They are
disinformation written for a demo and must not be quoted as fact.
"""


def source_note(posts: list[Post]) -> str:
    fake = [p for p in posts if p.account.inauthentic]
    table = [f"| {c.lang} | {c.platform} | {c.domain} | {c.headline} |" for c in CAMPAIGNS]
    return SOURCE_NOTE.format(
        total=len(posts),
        first=f"{posts[0].at:%d %B %Y}",
        last=f"{posts[-1].at:%d %B %Y}",
        ordinary=len(posts) - len(fake),
        outlets=", ".join(REAL_OUTLET_DOMAINS),
        fake=len(fake),
        fake_accounts=len({p.account.account_id for p in fake}),
        campaigns=len(CAMPAIGNS),
        table="\n".join(table),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA / "demo" / "posts.csv")
    parser.add_argument("--indicators", type=Path, default=INDICATORS)
    args = parser.parse_args(argv)
    posts = build(load_indicators(args.indicators))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS.split())
        writer.writerows(row(post) for post in posts)
    (args.out.parent / "SOURCE.md").write_text(source_note(posts), encoding="utf-8")
    sys.stdout.write(f"wrote {len(posts)} posts to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
