"""The e-mail half of the held-out set (see generate.py): ~90 messages, their truth."""

from __future__ import annotations

from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

# Organisation addresses in the forms people write them (org_id, address).
ADDRESSES = [
    ("afp", "factuel@afp.com"),
    ("afp", "desk@factuel.afp.com"),
    ("afp", "factcheck+tips@afp.com"),
    ("afp", "CHECK@AFP.COM"),
    ("reuters", "fact.check@reuters.com"),
    ("reuters", "tips@thomsonreuters.com"),
    ("dpa", "faktencheck@dpa.com"),
    ("dpa", "Redaktion@DPA.de"),
    ("efe-verifica", "verifica@verifica.efe.com"),
    ("efe", "redaccion@efe.com"),
    ("lemonde", "decodeurs@lemonde.fr"),
    ("lemonde", "contact@newsroom.lemonde.fr"),
    ("correctiv", "faktencheck@correctiv.org"),
    ("maldita", "bulos+web@maldita.es"),
    ("full-fact", "team@fullfact.org"),
    ("bbc", "verify@bbc.co.uk"),
    ("bbc", "newsdesk@bbc.com"),
    ("tagesschau", "faktenfinder@ndr.de"),
    ("francetv", "vraioufake@francetvinfo.fr"),
    ("pagella-politica", "redazione@pagellapolitica.it"),
    ("faktisk", "tips@faktisk.no"),
    ("ap", "factcheck@ap.org"),
    ("dw", "factcheck@dw.com"),
    ("newtral", "verificacion@newtral.es"),
    ("polygraph-pt", "geral@poligrafo.sapo.pt"),
    ("bellingcat", "tips@bellingcat.com"),
    ("edmo", "info@edmo.eu"),
    ("eu-disinfolab", "info@disinfo.eu"),
]
DISPLAY = {
    "factuel@afp.com": "AFP Factuel",
    "decodeurs@lemonde.fr": "Les Décodeurs",
    "faktencheck@correctiv.org": "CORRECTIV.Faktencheck",
    "verify@bbc.co.uk": "BBC Verify",
    "geral@poligrafo.sapo.pt": "Polígrafo",
    "faktenfinder@ndr.de": "ARD-faktenfinder",
}
LOOKALIKES = [
    "factuel@afp.com.example",
    "desk@notafp.com",
    "decodeurs@lemonde-fr.example",
    "tips@reuters.com.evil.example",
    "verify@bbc.co.uk.example",
    "team@mail.fullfact.org.example",
]
SENDERS = [
    ("Иван Петров", "ivan.petrov@mail.example"),
    ("Concerned Citizen", "citizen1987@inbox.example"),
    ("Jürgen Müller", "j.mueller@post.example"),
    ("", "verify.now@alerts.example"),
    ("María Gómez", "maria.gomez@correo.example"),
    ("Lucas Martin", "lucas.martin@mail.example"),
    ("Ολυμπία", "olympia@inbox.example"),
    ("News Watch", "watch@newswatch.example"),
    ("", "anna.k@post.example"),
    ("Piotr Nowak", "p.nowak@poczta.example"),
    ("Zoé Lefèvre", "zoe.lefevre@courriel.example"),
    ("", "truth.seeker@alerts.example"),
]
OVERLOAD = [
    "Dear journalists, a video shows officials in Lyon burning postal ballots. Is it real? "
    "Please verify urgently: https://clip-{n}.example/v",
    "Hello, is this video of ballots burnt in Lyon authentic?? Please check it, people are "
    "worried https://clip-{n}.example/v",
    "Urgent request: verify the video of Lyon officials burning ballots https://clip-{n}.example/v",
]


def _address(spec: str) -> Address:
    return Address(display_name=DISPLAY.get(spec, ""), addr_spec=spec)


class Mailer:
    """Builds messages into the world, recording what each truly targets."""

    def __init__(self, world: Any, make_item: Any) -> None:
        self.world, self.make_item = world, make_item

    def send(self, sender: tuple[str, str], to: list[str], body: str, **more: Any) -> EmailMessage:
        world = self.world
        n = len(world.emails) + 1
        message = EmailMessage()
        message["Message-ID"] = f"<h11-e{n:03d}@bench.example>"
        message["From"] = Address(display_name=sender[0], addr_spec=sender[1])
        if to:
            message["To"] = [_address(a) for a in to]
        for header in ("cc", "bcc"):
            if more.get(header):
                message[header.capitalize()] = [_address(a) for a in more[header]]
        message["Subject"] = more.get("subject", "Please verify")
        when = world.when(more.get("day", world.rng.randint(0, 30)))
        message["Date"] = format_datetime(when + timedelta(seconds=n))
        message.set_content(body)
        name = f"e{n:03d}.eml" if n % 8 else f"mbox-{n:03d}"
        world.emails.append((name, message))
        item = self.make_item(f"h11-e{n:03d}@bench.example", sender[1].lower())
        item.targets = set(more.get("targets", ()))
        item.kind = more.get("kind", "email")
        world.items.append(item)
        return message


def emails(world: Any, make_item: Any) -> None:
    rng = world.rng
    mail = Mailer(world, make_item)
    for n in range(40):  # Overload-style: the same plea to a row of newsrooms
        rows = rng.sample(ADDRESSES, rng.randint(3, 10))
        hidden = rows[-2:] if n % 4 == 0 else []
        shown = rows[: len(rows) - len(hidden)]
        sender = SENDERS[n % len(SENDERS)]
        if n % 9 == 4:  # the same person, the address written in capitals
            sender = (sender[0], sender[1].upper())
        mail.send(
            sender,
            [a for _, a in shown[:1]],
            rng.choice(OVERLOAD).format(n=n),
            cc=[a for _, a in shown[1:]],
            bcc=[a for _, a in hidden],
            targets={org for org, _ in rows},
            kind="email-overload",
            day=12 + n % 3,
            subject=rng.choice(["URGENT verify", "Please check this video", "Fake or real?"]),
        )
    for n in range(24):  # ordinary tips, one newsroom each, every form of address
        org, address = ADDRESSES[n % len(ADDRESSES)]
        sender = (f"Reader {n}", f"reader{n % 15}@mail.example")
        mail.send(sender, [address], "Hello, a tip about the local election.", targets={org})
    for n, address in enumerate(LOOKALIKES * 2):  # look-alike domains: nobody targeted
        mail.send(SENDERS[n % 5], [address], "Please verify this picture.", kind="lookalike")
    body = "Should I write to decodeurs@lemonde.fr or factuel@afp.com about this?"
    for n in range(3):  # addresses only in the body
        mail.send(SENDERS[n], [f"friend{n}@mail.example"], body, kind="address-in-body")
    for n in range(3):  # written by a newsroom, to a reader
        reader = (f"Reader {n}", f"reader{n}@mail.example")
        mail.send(
            ("AFP Factuel", "factuel@afp.com"), [reader[1]], "Thanks, we looked.", kind="from-org"
        )
    for n in range(4):  # the same address in To and Cc: one message, not two
        org, address = ADDRESSES[(n * 5) % len(ADDRESSES)]
        mail.send(SENDERS[n + 5], [address], "Verify please", cc=[address], targets={org})
    for n in range(4):  # two addresses of one newsroom: still one message
        mail.send(
            SENDERS[n + 2],
            ["factuel@afp.com", "desk@factuel.afp.com"] if n % 2 else ["verify@bbc.co.uk"],
            "Is it true?",
            cc=[] if n % 2 else ["newsdesk@bbc.com"],
            targets={"afp"} if n % 2 else {"bbc"},
        )
    for n in range(4):  # Bcc only: To is the sender's own address
        org, address = ADDRESSES[(n * 7 + 3) % len(ADDRESSES)]
        sender = SENDERS[n + 8]
        mail.send(sender, [sender[1]], "Forwarding for verification", bcc=[address], targets={org})
